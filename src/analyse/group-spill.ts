/**
 * A GroupStore (kernel/conversation-run.ts) on a temporary file: each orphan group handed over
 * is written as one JSON text and read back, by its place in the file, when the report is made.
 * Memory holds only the places.
 */
import { TempFile, type Place } from '../util/temp-file.js';
import type { GroupStore } from '../kernel/conversation-run.js';
import type { OrphanGroup } from '../kernel/conversation-types.js';

export class TempGroupStore implements GroupStore {
  private file: TempFile | null = null;

  put(group: OrphanGroup): Place {
    return (this.file ??= new TempFile('groups')).appendJson(group);
  }

  take(handle: unknown): OrphanGroup {
    return this.file!.readJson(handle as Place) as OrphanGroup;
  }

  /** Removes the file (also after an early stop). */
  dispose(): void {
    this.file?.close();
    this.file = null;
  }
}
