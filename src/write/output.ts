import type { Writable } from 'node:stream';

const FLUSH_AT = 1 << 16;

/**
 * Buffered text output that honours backpressure: text is gathered into ~64 KiB writes, and
 * `write` waits for 'drain' when the stream is full, so a slow reader (or `| head`) never makes
 * us hold the whole output in memory.
 */
export class Output {
  private pending: string[] = [];
  private pendingLength = 0;
  private closed = false;

  constructor(
    readonly stream: Writable,
    /** Terminal facts decide default formats and colour. */
    readonly isTTY: boolean = false,
    readonly columns: number = 80,
  ) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') this.closed = true;
    });
  }

  /** True once the reader went away (EPIPE): producers should stop. */
  get isClosed(): boolean {
    return this.closed;
  }

  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pendingLength === 0 && this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    if (this.closed) return;
    if (!this.stream.write(text)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.stream.off('drain', done);
          this.stream.off('error', done);
          this.stream.off('close', done);
          resolve();
        };
        this.stream.on('drain', done);
        this.stream.on('error', done);
        this.stream.on('close', done);
      });
    }
  }
}
