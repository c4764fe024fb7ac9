/**
 * A kernel's IOPub messages reach every open connection, and a reconnect can replay them: the
 * per-kernel views count each message once. Remembering every id would grow with the capture,
 * so only the most recent ones are kept — copies arrive while connections overlap, close together.
 */
import type { MessageRecord } from '../kernel/index.js';

const DEFAULT_LIMIT = 100_000;

export class FirstDelivery {
  private readonly seen = new Set<string>();

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  /** True the first time a message is seen (messages without an id always count). */
  isFirst(record: MessageRecord): boolean {
    if (record.msg_id === '') return true;
    const key = `${record.kernel_id ?? ''}\u0000${record.direction ?? ''}\u0000${record.session ?? ''}\u0000${record.msg_id}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    if (this.seen.size > this.limit) {
      const oldest = this.seen.values().next();
      if (oldest.done !== true) this.seen.delete(oldest.value);
    }
    return true;
  }
}
