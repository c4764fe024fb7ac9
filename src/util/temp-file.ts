/**
 * A scratch file for data spilled out of memory: opened for reading and writing, then unlinked
 * at once where the system allows (POSIX), so nothing is left behind however the process ends
 * (EPIPE's quiet exit, a signal, running out of memory); elsewhere it is removed by `close`.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class TempFile {
  readonly fd: number;
  /** The folder still to remove at `close`, where it could not be unlinked while open. */
  private dir: string | null;
  /** Bytes written so far: the place the next write goes. */
  size = 0;

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

  append(bytes: Buffer): void {
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done, this.size + done);
    this.size += bytes.length;
  }

  /** `length` bytes from `position` (fewer only at the end of the file). */
  read(position: number, length: number): Buffer {
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
    closeSync(this.fd);
    if (this.dir !== null) rmSync(this.dir, { recursive: true, force: true });
  }
}
