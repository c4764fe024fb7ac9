/**
 * A GroupStore (kernel/conversation-run.ts) on a temporary file: each orphan group handed over
 * is written as one JSON text and read back, by its place in the file, when the report is made.
 * Memory holds only the places.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GroupStore } from '../kernel/conversation-run.js';
import type { OrphanGroup } from '../kernel/conversation-types.js';

interface Place {
  position: number;
  length: number;
}

/** Written in pieces of about this many bytes. */
const WRITE_SIZE = 1 << 20;

export class TempGroupStore implements GroupStore {
  private file: { dir: string; fd: number } | null = null;
  private written = 0;
  private pending: Buffer[] = [];
  private pendingSize = 0;

  put(group: OrphanGroup): Place {
    const bytes = Buffer.from(JSON.stringify(group), 'utf8');
    const place = { position: this.written + this.pendingSize, length: bytes.length };
    this.pending.push(bytes);
    this.pendingSize += bytes.length;
    if (this.pendingSize >= WRITE_SIZE) this.flush();
    return place;
  }

  take(handle: unknown): OrphanGroup {
    const { position, length } = handle as Place;
    this.flush();
    const bytes = Buffer.allocUnsafe(length);
    for (let read = 0; read < length; ) {
      const n = readSync(this.file!.fd, bytes, read, length - read, position + read);
      if (n === 0) throw new Error(`orphan group store: ${length - read} bytes missing at ${position + read}`);
      read += n;
    }
    return JSON.parse(bytes.toString('utf8')) as OrphanGroup;
  }

  /** Removes the file (also after an early stop). */
  dispose(): void {
    const file = this.file;
    this.file = null;
    this.pending = [];
    this.pendingSize = 0;
    if (file === null) return;
    closeSync(file.fd);
    rmSync(file.dir, { recursive: true, force: true });
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    if (this.file === null) {
      const dir = mkdtempSync(join(tmpdir(), 'harknife-groups-'));
      this.file = { dir, fd: openSync(join(dir, 'groups.json'), 'w+') };
    }
    const bytes = Buffer.concat(this.pending);
    for (let done = 0; done < bytes.length; ) done += writeSync(this.file.fd, bytes, done, bytes.length - done, this.written + done);
    this.written += bytes.length;
    this.pending = [];
    this.pendingSize = 0;
  }
}
