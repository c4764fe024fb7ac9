/**
 * The `_webSocketMessages` items of one entry that came before its `request` or `response`
 * (producers that write the frames first): they cannot become frame records until the entry's
 * URL and 101 headers are read, so they wait here. The first few wait in memory; past that they
 * go, as JSON lines, to a temporary file that is read back in batches and removed, so one long
 * connection never has to fit in memory.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TooLarge } from '../read/har.js';
import { readLineBatches } from '../read/lines.js';

export interface WaitingItem {
  position: number;
  value: unknown;
}

/** Items kept in memory before the rest go to the file. */
const IN_MEMORY = 256;
/** Spilled lines are written in pieces of about this many characters. */
const WRITE_SIZE = 1 << 20;

export class FrameSpill {
  private memory: WaitingItem[] = [];
  private file: { dir: string; path: string; fd: number } | null = null;
  private buffered: string[] = [];
  private bufferedSize = 0;
  private count = 0;

  constructor(private readonly inMemory = IN_MEMORY) {}

  get size(): number {
    return this.count;
  }

  /** Whether items went to the temporary file (for tests). */
  get spilled(): boolean {
    return this.file !== null;
  }

  push(position: number, value: unknown): void {
    this.count++;
    if (this.file === null && this.memory.length < this.inMemory) {
      this.memory.push({ position, value });
      return;
    }
    if (this.file === null) {
      const dir = mkdtempSync(join(tmpdir(), 'harknife-frames-'));
      const path = join(dir, 'frames.ndjson');
      this.file = { dir, path, fd: openSync(path, 'w') };
      for (const item of this.memory) this.write(item.position, item.value);
      this.memory = [];
    }
    this.write(position, value);
  }

  /** Every item, in the order pushed, in batches; the spill is empty (and its file gone) after. */
  async *drain(): AsyncGenerator<WaitingItem[]> {
    const file = this.file;
    if (file === null) {
      const items = this.memory;
      this.reset();
      if (items.length > 0) yield items;
      return;
    }
    try {
      this.flush();
      closeSync(file.fd);
      file.fd = -1;
      for await (const lines of readLineBatches({ name: file.path, path: file.path })) {
        const items: WaitingItem[] = [];
        for (const { line } of lines) if (line !== null && line !== '') items.push(parseLine(line));
        if (items.length > 0) yield items;
      }
    } finally {
      this.dispose();
    }
  }

  /** Removes the temporary file, if any (also when a reader stops early). */
  dispose(): void {
    const file = this.file;
    this.reset();
    if (file === null) return;
    if (file.fd !== -1) closeSync(file.fd);
    rmSync(file.dir, { recursive: true, force: true });
  }

  private reset(): void {
    this.memory = [];
    this.file = null;
    this.buffered = [];
    this.bufferedSize = 0;
    this.count = 0;
  }

  private write(position: number, value: unknown): void {
    // A value too large to read is only its size: [position, null, size].
    const line = value instanceof TooLarge ? JSON.stringify([position, null, value.size]) : JSON.stringify([position, value]);
    this.buffered.push(line, '\n');
    this.bufferedSize += line.length + 1;
    if (this.bufferedSize >= WRITE_SIZE) this.flush();
  }

  private flush(): void {
    if (this.file === null || this.buffered.length === 0) return;
    writeSync(this.file.fd, this.buffered.join(''));
    this.buffered = [];
    this.bufferedSize = 0;
  }
}

function parseLine(line: string): WaitingItem {
  const parsed = JSON.parse(line) as [number, unknown, number?];
  const [position, value, tooLarge] = parsed;
  return { position, value: tooLarge === undefined ? value : new TooLarge(tooLarge) };
}
