/**
 * A scratch file for data spilled out of memory: opened for reading and writing, then unlinked
 * at once where the system allows (POSIX), so nothing is left behind however the process ends
 * (EPIPE's quiet exit, a signal, running out of memory); elsewhere it is removed by `close`.
 * Appends are gathered into writes of about a MiB; a read writes what is gathered first.
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

export class TempFile {
  readonly fd: number;
  /** The folder still to remove at `close`, where it could not be unlinked while open. */
  private dir: string | null;
  private written = 0;
  private pending: Buffer[] = [];
  private pendingSize = 0;

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
    this.pending.push(bytes);
    this.pendingSize += bytes.length;
    if (this.pendingSize >= WRITE_SIZE) this.flush();
  }

  /** Appends `value` as JSON text; `readJson` of the place gives it back. */
  appendJson(value: unknown): JsonPlace {
    const text = JSON.stringify(value);
    const bytes = Buffer.from(text, 'utf8');
    const position = this.size;
    this.append(bytes);
    return { position, length: bytes.length, chars: text.length };
  }

  readJson(place: Place): unknown {
    return JSON.parse(this.read(place.position, place.length).toString('utf8'));
  }

  /** `length` bytes from `position` (fewer only at the end of the file). */
  read(position: number, length: number): Buffer {
    this.flush();
    const bytes = Buffer.allocUnsafe(length);
    let read = 0;
    while (read < length) {
      const n = readSync(this.fd, bytes, read, length - read, position + read);
      if (n === 0) break;
      read += n;
    }
    return read === length ? bytes : bytes.subarray(0, read);
  }

  close(): void {
    this.pending = [];
    this.pendingSize = 0;
    closeSync(this.fd);
    if (this.dir !== null) rmSync(this.dir, { recursive: true, force: true });
  }

  private flush(): void {
    if (this.pendingSize === 0) return;
    const bytes = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done, this.written + done);
    this.written += bytes.length;
    this.pending = [];
    this.pendingSize = 0;
  }
}
