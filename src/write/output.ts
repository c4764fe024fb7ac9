/**
 * What Output needs of where its bytes go: a Node Writable, or the process's standard output
 * written on its descriptor (src/cli/stdout.ts).
 */
export interface OutputStream {
  /** False: wait for 'drain' before writing more. */
  write(chunk: string | Uint8Array): boolean;
  on(event: 'drain' | 'error' | 'close', listener: (error?: NodeJS.ErrnoException) => void): unknown;
  off(event: 'drain' | 'error' | 'close', listener: (error?: NodeJS.ErrnoException) => void): unknown;
  readonly writableLength: number;
}

const FLUSH_AT = 1 << 16;
/** Room for FLUSH_AT bytes plus one more write of up to FLUSH_AT UTF-16 units (3 bytes each). */
const BUFFER_SIZE = 4 * FLUSH_AT;

/**
 * Buffer's own UTF-8 encoder, which `write(text, offset)` calls after checking its arguments and
 * looking the encoding up: a writer of a few thousand records runs in V8's interpreter, where
 * those steps cost about what encoding a line does.
 */
type Utf8Writable = Buffer & { utf8Write(text: string, offset: number, length: number): number };

/**
 * Buffered text output that honours backpressure: text is encoded straight into a Buffer and
 * written in ~64 KiB pieces (no joined string, no second copy), and `write` waits for 'drain'
 * when the stream is full, so a slow reader (or `| head`) never makes us hold the whole output in
 * memory.
 */
export class Output {
  private buffer = Buffer.allocUnsafe(BUFFER_SIZE);
  private used = 0;
  private closed = false;
  private followInput = false;
  private flushScheduled = false;
  /** Set while the stream is full: every write waits for it, however the bytes were sent. */
  private draining: Promise<void> | null = null;

  constructor(
    readonly stream: OutputStream,
    /** Terminal facts decide default formats and colour. */
    readonly isTTY: boolean = false,
    readonly columns: number = 80,
    /** Called once, before the first byte goes out (the CLI clears its progress line). */
    private beforeFirstWrite: (() => void) | null = null,
    /**
     * The stream holds a chunk only while it is queued (the process's standard output): when
     * nothing is queued after a write, the buffer is gathered into again. A
     * fresh buffer per write cost a page fault per 4 KiB written (~800 of kernel-decode's
     * 12,000 on a 4 MB capture, a few µs each on this VM). A stream that keeps the chunks it is
     * given (a test's collector) must leave this false.
     */
    private readonly reuseBuffer: boolean = false,
  ) {
    stream.on('error', (error) => {
      if (error?.code === 'EPIPE') this.closed = true;
    });
  }

  /** True once the reader went away (EPIPE): producers should stop. */
  get isClosed(): boolean {
    return this.closed;
  }

  async write(text: string): Promise<void> {
    // A flush scheduled by flushWhenIdle sends without a writer awaiting it: the next write waits.
    if (this.draining !== null) await this.draining;
    if (text.length > FLUSH_AT) {
      // Too big to gather: what is pending first, then the text as it is.
      await this.flush();
      await this.send(text);
      return;
    }
    this.used += (this.buffer as Utf8Writable).utf8Write(text, this.used, BUFFER_SIZE - this.used);
    if (this.used >= FLUSH_AT) await this.flush();
    else if (this.followInput) this.scheduleFlush();
  }

  /**
   * `text` and a line end gathered now, when they fit without a flush (true); false when they do
   * not, and the caller awaits `write` instead. For writers of many small records: no promise and
   * no joined string per record.
   */
  writeLineNow(text: string): boolean {
    if (this.closed || this.draining !== null || this.used >= FLUSH_AT || text.length > FLUSH_AT) return false;
    this.used += (this.buffer as Utf8Writable).utf8Write(text, this.used, BUFFER_SIZE - this.used);
    this.buffer[this.used++] = 0x0a;
    if (this.followInput) this.scheduleFlush();
    return true;
  }

  /**
   * For a producer fed by a live pipe (`har record --live | kernel-decode`): whatever is gathered
   * goes out as soon as the producer waits for more input, instead of when 64 KiB are gathered.
   */
  flushWhenIdle(): void {
    this.followInput = true;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // setImmediate runs once pending I/O callbacks have run: when the producer is waiting.
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    const bytes = this.buffer.subarray(0, this.used);
    this.used = 0;
    const sent = this.send(bytes);
    // `send` wrote before its first await. The stream may keep `bytes` queued: then the next
    // ones are gathered elsewhere.
    if (!this.reuseBuffer || this.stream.writableLength !== 0) this.buffer = Buffer.allocUnsafe(BUFFER_SIZE);
    await sent;
  }

  private async send(data: string | Buffer): Promise<void> {
    if (this.closed) return;
    if (this.beforeFirstWrite !== null) {
      this.beforeFirstWrite();
      this.beforeFirstWrite = null;
    }
    if (!this.stream.write(data)) await this.drained();
  }

  /** Resolves at the stream's next 'drain' (or its end); one wait, however many writers share it. */
  private drained(): Promise<void> {
    this.draining ??= new Promise<void>((resolve) => {
      const done = () => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        this.stream.off('close', done);
        this.draining = null;
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('error', done);
      this.stream.on('close', done);
    });
    return this.draining;
  }
}
