import type { EntryProjection } from './har.js';

/**
 * A projection that keeps every member of an entry whole except `except` (skipped unread, or
 * streamed when it is the reader's `streamElementsOf` key). The reader asks a projection for
 * each member's node with `get`; this one answers "the whole value" for all the others.
 */
export class EveryMemberExcept extends Map<string, EntryProjection | true> {
  constructor(private readonly except: string) {
    super();
  }

  override get(key: string): true | undefined {
    return key === this.except ? undefined : true;
  }
}
