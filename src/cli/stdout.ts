import { EventEmitter } from 'node:events';
import { writeSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { OutputStream } from '../write/output.js';

/**
 * The process's standard output, written with write(2) on its descriptor when that is a file, a
 * pipe, a socket or the null device: the call returns once the bytes are taken, and waits while
 * a pipe is full, which is the backpressure a reader asks for. Node's own stream for a pipe loads
 * node:net and sends every chunk through libuv's queue: ~4 ms of every start into a pipe, and
 * `har ws-messages | kernel-decode` is two such starts (bench/notes.md, "Seventh pass").
 *
 * A terminal keeps Node's stream (it knows the window's width and its own blocking rules). So
 * does a descriptor that turns out non-blocking (EAGAIN: a parent shares the pipe with its
 * non-blocking end, or something in this process already made process.stdout): what is not yet
 * written, and everything after it, goes through process.stdout, whose events are passed on.
 * Errors (EPIPE when the reader went away) are emitted as 'error', as a stream emits them.
 */
export class StdoutSink extends EventEmitter implements OutputStream {
  private stream: Writable | null = null;
  private failed = false;

  constructor(
    private readonly fd: number,
    /** Node's stream for this descriptor, built on first use (process.stdout). */
    private readonly nodeStream: () => Writable,
    useNodeStream: boolean,
  ) {
    super();
    if (useNodeStream) this.switchToStream();
  }

  /** Bytes queued and not yet written: always 0 until Node's stream took over. */
  get writableLength(): number {
    return this.stream?.writableLength ?? 0;
  }

  write(chunk: string | Uint8Array): boolean {
    if (this.stream !== null) return this.stream.write(chunk);
    if (this.failed) return true;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let offset = 0;
    try {
      while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
        this.switchToStream();
        return this.stream!.write(bytes.subarray(offset));
      }
      // Later writes are dropped: the error is said once, as a stream says it once.
      this.failed = true;
      this.emit('error', error);
    }
    return true;
  }

  private switchToStream(): void {
    const stream = this.nodeStream();
    for (const event of ['drain', 'error', 'close']) stream.on(event, (...args: unknown[]) => this.emit(event, ...args));
    this.stream = stream;
  }
}
