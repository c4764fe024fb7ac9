/**
 * A GroupStore (kernel/conversation-run.ts) on a temporary file: each orphan group handed over
 * is written as one JSON text and read back, by its place in the file, when the report is made.
 * Memory holds only the places.
 */
import { TempFile } from '../util/temp-file.js';
import type { GroupStore } from '../kernel/conversation-run.js';
import type { OrphanGroup } from '../kernel/conversation-types.js';

interface Place {
  position: number;
  length: number;
}

/** Written in pieces of about this many bytes. */
const WRITE_SIZE = 1 << 20;

export class TempGroupStore implements GroupStore {
  private file: TempFile | null = null;
  private pending: Buffer[] = [];
  private pendingSize = 0;

  put(group: OrphanGroup): Place {
    const bytes = Buffer.from(JSON.stringify(group), 'utf8');
    const place = { position: (this.file?.size ?? 0) + this.pendingSize, length: bytes.length };
    this.pending.push(bytes);
    this.pendingSize += bytes.length;
    if (this.pendingSize >= WRITE_SIZE) this.flush();
    return place;
  }

  take(handle: unknown): OrphanGroup {
    const { position, length } = handle as Place;
    this.flush();
    return JSON.parse(this.file!.read(position, length).toString('utf8')) as OrphanGroup;
  }

  /** Removes the file (also after an early stop). */
  dispose(): void {
    const file = this.file;
    this.file = null;
    this.pending = [];
    this.pendingSize = 0;
    file?.close();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.file ??= new TempFile('groups');
    this.file.append(Buffer.concat(this.pending));
    this.pending = [];
    this.pendingSize = 0;
  }
}
