/**
 * The `_webSocketMessages` items of one entry that came before its `request` or `response`
 * (producers that write the frames first): they cannot become frame records until the entry's
 * URL and 101 headers are read, so they wait here. The first few wait in memory; past that they
 * go, as JSON lines, to a temporary file (util/temp-file.ts) that is read back in batches, so
 * one long connection never has to fit in memory.
 */
import { TooLarge } from '../read/har.js';
import { TempFile } from '../util/temp-file.js';

export interface WaitingItem {
  position: number;
  value: unknown;
}

/** Items kept in memory before the rest go to the file. */
const IN_MEMORY = 256;
/** Spilled lines are read back in pieces of about this many bytes. */
const PIECE_SIZE = 1 << 20;

export class FrameSpill {
  private memory: WaitingItem[] = [];
  private file: TempFile | null = null;
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
      this.file = new TempFile('frames');
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
      // Lines never hold a raw line end (JSON text), so a piece is cut after its last one.
      let rest = Buffer.alloc(0);
      for (let position = 0; position < file.size; ) {
        const piece = file.read(position, Math.min(PIECE_SIZE, file.size - position));
        position += piece.length;
        const bytes = rest.length === 0 ? piece : Buffer.concat([rest, piece]);
        const end = bytes.lastIndexOf(0x0a) + 1;
        rest = Buffer.from(bytes.subarray(end));
        const items = bytes.toString('utf8', 0, end).split('\n').filter((line) => line !== '').map(parseLine);
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
    file?.close();
  }

  private reset(): void {
    this.memory = [];
    this.file = null;
    this.count = 0;
  }

  private write(position: number, value: unknown): void {
    // A value too large to read is only its size: [position, null, size].
    const line = value instanceof TooLarge ? JSON.stringify([position, null, value.size]) : JSON.stringify([position, value]);
    this.file!.append(Buffer.from(`${line}\n`, 'utf8'));
  }
}

function parseLine(line: string): WaitingItem {
  const parsed = JSON.parse(line) as [number, unknown, number?];
  const [position, value, tooLarge] = parsed;
  return { position, value: tooLarge === undefined ? value : new TooLarge(tooLarge) };
}
