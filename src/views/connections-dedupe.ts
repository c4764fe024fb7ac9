/**
 * A kernel's IOPub messages reach every open connection, and a reconnect can replay them: the
 * per-kernel views count each message once. Remembering every id would grow with the capture,
 * so only the most recent ones are kept — copies arrive while connections overlap, close together.
 */
import type { MessageRecord } from '../kernel/index.js';

const DEFAULT_LIMIT = 100_000;

export class FirstDelivery {
  /**
   * The ids remembered, per kernel, direction and kernel session. The message's own msg_id
   * string is kept, not a key joining the four: a joined key is a concatenated string (a
   * wrapper and its flattened text), about three times the memory per message.
   */
  private readonly streams = new Map<string, Set<string>>();
  /** The remembered ids in the order they came, a ring of `limit`: the oldest is forgotten first. */
  private readonly ids: string[] = [];
  private readonly sets: Set<string>[] = [];
  private next = 0;

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  /** True the first time a message is seen (messages without an id always count). */
  isFirst(record: MessageRecord): boolean {
    if (record.msg_id === '') return true;
    const stream = `${record.kernel_id ?? ''}\u0000${record.direction ?? ''}\u0000${record.session ?? ''}`;
    let seen = this.streams.get(stream);
    if (seen === undefined) this.streams.set(stream, (seen = new Set()));
    if (seen.has(record.msg_id)) return false;
    if (this.limit === 0) return true;
    if (this.ids.length === this.limit) this.sets[this.next]!.delete(this.ids[this.next]!);
    seen.add(record.msg_id);
    this.ids[this.next] = record.msg_id;
    this.sets[this.next] = seen;
    this.next = (this.next + 1) % this.limit;
    return true;
  }
}
