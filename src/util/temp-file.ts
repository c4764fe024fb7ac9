/**
 * A scratch file for data spilled out of memory: opened for reading and writing, then unlinked
 * at once where the system allows (POSIX), so nothing is left behind however the process ends
 * (EPIPE's quiet exit, a signal, running out of memory); elsewhere it is removed by `close`.
 * Appends are gathered into writes of about a MiB; a read writes what is gathered first.
 * Gathering copies into one buffer kept for the file's life, and JSON text is encoded straight
 * into it: a buffer per append, held until the write, is memory outside V8's heap that only a
 * full collection gives back (tens of MB of it while `har report` spills every cell).
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where an appended value stands in the file. */
export interface Place {
  position: number;
  length: number;
}

/** The place of an appended JSON text, and the text's length in characters. */
export interface JsonPlace extends Place {
  chars: number;
}

const WRITE_SIZE = 1 << 20;
/** Texts read back up to this size are decoded from a buffer kept for it (a cell, a piece of a list). */
const SCRATCH_SIZE = 1 << 16;

export class TempFile {
  readonly fd: number;
  /** The folder still to remove at `close`, where it could not be unlinked while open. */
  private dir: string | null;
  private written = 0;
  /** What is gathered and not yet written: the first `pendingSize` bytes. */
  private pending: Buffer | null = null;
  private pendingSize = 0;
  /** Where `readJson` reads a short text (reused: the text is decoded from it at once). */
  private scratch: Buffer | null = null;

  constructor(prefix: string) {
    const dir = mkdtempSync(join(tmpdir(), `harknife-${prefix}-`));
    this.fd = openSync(join(dir, 'spill'), 'w+');
    try {
      rmSync(dir, { recursive: true, force: true });
      this.dir = null;
    } catch {
      this.dir = dir;
    }
  }

  /** Bytes appended so far: the place the next append goes. */
  get size(): number {
    return this.written + this.pendingSize;
  }

  append(bytes: Buffer): void {
    if (this.pendingSize + bytes.length > WRITE_SIZE) this.flush();
    if (bytes.length >= WRITE_SIZE) {
      this.writeAt(bytes);
      return;
    }
    this.pendingSize += bytes.copy((this.pending ??= Buffer.allocUnsafe(WRITE_SIZE)), this.pendingSize);
  }

  /** Appends `value` as JSON text; `readJson` of the place gives it back. */
  appendJson(value: unknown): JsonPlace {
    const text = JSON.stringify(value);
    const position = this.size;
    // A UTF-8 byte per UTF-16 unit at least, three at most.
    if (this.pendingSize + text.length * 3 > WRITE_SIZE) this.flush();
    if (text.length * 3 <= WRITE_SIZE) {
      const length = (this.pending ??= Buffer.allocUnsafe(WRITE_SIZE)).write(text, this.pendingSize, 'utf8');
      this.pendingSize += length;
      return { position, length, chars: text.length };
    }
    const bytes = Buffer.from(text, 'utf8');
    this.append(bytes);
    return { position, length: bytes.length, chars: text.length };
  }

  readJson(place: Place): unknown {
    if (place.length > SCRATCH_SIZE) return JSON.parse(this.read(place.position, place.length).toString('utf8'));
    this.flush();
    const scratch = (this.scratch ??= Buffer.allocUnsafe(SCRATCH_SIZE));
    const read = this.readInto(scratch, place.position, place.length);
    return JSON.parse(scratch.toString('utf8', 0, read));
  }

  /** `length` bytes from `position` (fewer only at the end of the file). */
  read(position: number, length: number): Buffer {
    this.flush();
    const bytes = Buffer.allocUnsafe(length);
    const read = this.readInto(bytes, position, length);
    return read === length ? bytes : bytes.subarray(0, read);
  }

  close(): void {
    this.pending = null;
    this.scratch = null;
    this.pendingSize = 0;
    closeSync(this.fd);
    if (this.dir !== null) rmSync(this.dir, { recursive: true, force: true });
  }

  /** Bytes read into the start of `bytes` (fewer than `length` only at the end of the file). */
  private readInto(bytes: Buffer, position: number, length: number): number {
    let read = 0;
    while (read < length) {
      const n = readSync(this.fd, bytes, read, length - read, position + read);
      if (n === 0) break;
      read += n;
    }
    return read;
  }

  private flush(): void {
    if (this.pendingSize === 0 || this.pending === null) return;
    this.writeAt(this.pending.subarray(0, this.pendingSize));
    this.pendingSize = 0;
  }

  /** Writes `bytes` at the end of what is written (what is gathered goes first: `flush`). */
  private writeAt(bytes: Buffer): void {
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done, this.written + done);
    this.written += bytes.length;
  }
}
