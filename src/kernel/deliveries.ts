/**
 * One entry per distinct message, whatever the number of deliveries. The same iopub message
 * reaches every connection of a kernel, a reconnect replays buffered messages, and a frontend
 * resends queued requests: those copies are folded into the first one's arrival list.
 */
import type { Arrival } from './conversation-types.js';
import type { DecodedRecord, MessageRecord } from './decode-record.js';
import { harTimeToEpochMs } from '../ws/har-time.js';

export interface Distinct {
  /** Order of first arrival in the input. */
  seq: number;
  record: MessageRecord;
  arrivals: Arrival[];
  /** Epoch ms of the earliest arrival (a record without a time takes the one before it). */
  sortTime: number;
  /** Another message with a different payload had the same msg_id. */
  conflicting: boolean;
}

export class Deliveries {
  private readonly distinct: Distinct[] = [];
  private readonly byKey = new Map<string, Distinct[]>();
  /** Copies dropped, per kernel id ('' for none). */
  readonly duplicates = new Map<string, number>();
  private lastTime = 0;

  /** Non-message records are ignored, so a whole `kernel-decode` stream can be fed in. */
  add(record: DecodedRecord): void {
    if (record.kind !== 'message') return;
    const arrival: Arrival = { entry: record.frame.entry, index: record.frame.index, time: record.time, iso: record.iso };
    const ms = record.time === null ? null : harTimeToEpochMs(record.time);
    const sortTime = ms ?? this.lastTime;
    this.lastTime = sortTime;
    const key = record.msg_id === '' ? null : [record.kernel_id, record.direction, record.session, record.msg_id].join('\u0000');
    const same = key === null ? [] : (this.byKey.get(key) ?? []);
    const copyOf = same.find((d) => samePayload(d.record, record));
    if (copyOf !== undefined) {
      copyOf.arrivals.push(arrival);
      copyOf.sortTime = Math.min(copyOf.sortTime, sortTime);
      const kernel = record.kernel_id ?? '';
      this.duplicates.set(kernel, (this.duplicates.get(kernel) ?? 0) + 1);
      return;
    }
    // Buffers are not needed for conversations; dropping them keeps memory to the JSON parts.
    const entry: Distinct = { seq: this.distinct.length, record: { ...record, buffers: [] }, arrivals: [arrival], sortTime, conflicting: same.length > 0 };
    for (const other of same) other.conflicting = true;
    this.distinct.push(entry);
    if (key !== null) this.byKey.set(key, [...same, entry]);
  }

  /**
   * In time order, ties in input order. In a HAR the frames of one connection come before those
   * of the next, so an iopub copy on an early connection can precede, in file order, the
   * request another connection sent.
   */
  inTimeOrder(): Distinct[] {
    return [...this.distinct].sort((a, b) => a.sortTime - b.sortTime || a.seq - b.seq);
  }
}

function samePayload(a: MessageRecord, b: MessageRecord): boolean {
  return a.msg_type === b.msg_type && a.channel === b.channel && JSON.stringify(a.content) === JSON.stringify(b.content);
}
