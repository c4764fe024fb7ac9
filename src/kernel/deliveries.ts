/**
 * One entry per distinct message, whatever the number of deliveries. The same iopub message
 * reaches every connection of a kernel, a reconnect replays buffered messages, and a frontend
 * resends queued requests: those copies are folded into the first one's arrival list.
 *
 * Messages come out in time order (ties in input order) through a reorder window: a message is
 * released once a message `windowMs` later has been read. In a HAR the frames of one connection
 * come before those of the next, so an iopub copy on an early connection can precede, in file
 * order, the request another connection sent; the window is how far back in time a later
 * connection may reach. Copies are recognised while their first delivery is at most two windows
 * older than the newest message read; only then is it forgotten.
 */
import type { Arrival, MessageRef } from './conversation-types.js';
import type { DecodedRecord, MessageRecord } from './decode-record.js';
import { harTimeToEpochMs } from '../ws/har-time.js';
import { MinHeap } from '../util/min-heap.js';

export interface Distinct {
  /** Order of first arrival in the input. */
  seq: number;
  record: MessageRecord;
  arrivals: Arrival[];
  /** Epoch ms of the earliest arrival (a record without a time takes the one before it). */
  sortTime: number;
  /** Another message with a different payload had the same msg_id. */
  conflicting: boolean;
  /** Its reference in a conversation once taken: a later copy adds its arrival there. */
  ref?: MessageRef;
}

/** A message's place in time order: its time, then its order of first arrival. */
export type Place = Pick<Distinct, 'sortTime' | 'seq'>;

export function compareDistinct(a: Place, b: Place): number {
  return a.sortTime - b.sortTime || a.seq - b.seq;
}

/** What the Deliveries of one input share when there is one per kernel: copies counted, arrival order. */
export interface DeliveryCounters {
  /** Copies dropped, per kernel id ('' for none). */
  duplicates: Map<string, number>;
  seq: number;
}

export class Deliveries {
  private readonly pending = new MinHeap<Distinct>(compareDistinct);
  private readonly byKey = new Map<string, Distinct[]>();
  /** Released messages still recognised as the first of their copies, in release order. */
  private readonly remembered: { key: string; item: Distinct }[] = [];
  private rememberedHead = 0;
  private lastTime = 0;
  /** The newest time read: what the window is measured back from. */
  private newest = -Infinity;

  /** `windowMs`: Infinity holds everything until `drain()` (one final sort). */
  constructor(
    private readonly windowMs = Infinity,
    readonly counters: DeliveryCounters = { duplicates: new Map(), seq: 0 },
  ) {}

  /** Copies dropped, per kernel id ('' for none). */
  get duplicates(): Map<string, number> {
    return this.counters.duplicates;
  }

  /** Non-message records are ignored, so a whole `kernel-decode` stream can be fed in. */
  add(record: DecodedRecord): void {
    if (record.kind !== 'message') return;
    const arrival: Arrival = { entry: record.frame.entry, index: record.frame.index, time: record.time, iso: record.iso };
    const ms = record.time === null ? null : harTimeToEpochMs(record.time);
    const sortTime = ms ?? this.lastTime;
    this.lastTime = sortTime;
    this.newest = Math.max(this.newest, sortTime);
    const key = record.msg_id === '' ? null : [record.kernel_id, record.direction, record.session, record.msg_id].join('\u0000');
    const same = key === null ? [] : (this.byKey.get(key) ?? []);
    const copyOf = same.find((d) => samePayload(d.record, record));
    if (copyOf !== undefined) {
      copyOf.arrivals.push(arrival);
      if (copyOf.ref !== undefined) copyOf.ref.arrivals = copyOf.arrivals;
      if (sortTime < copyOf.sortTime) {
        copyOf.sortTime = sortTime;
        this.pending.decreased(copyOf);
      }
      const kernel = record.kernel_id ?? '';
      this.duplicates.set(kernel, (this.duplicates.get(kernel) ?? 0) + 1);
      return;
    }
    // Buffers are not needed for conversations; dropping them keeps memory to the JSON parts.
    const entry: Distinct = { seq: this.counters.seq++, record: { ...record, buffers: [] }, arrivals: [arrival], sortTime, conflicting: same.length > 0 };
    for (const other of same) other.conflicting = true;
    this.pending.push(entry);
    if (key !== null) this.byKey.set(key, [...same, entry]);
  }

  /** The newest time read so far (epoch ms), -Infinity before any message. */
  get newestTime(): number {
    return this.newest;
  }

  /** How many distinct messages are held, waiting in the window or remembered for their copies. */
  get held(): number {
    return this.pending.size + this.remembered.length - this.rememberedHead;
  }

  /** The messages the window has passed, in time order. */
  *released(): Generator<Distinct> {
    yield* this.releaseUpTo(this.newest - this.windowMs);
    this.forget(this.newest - 2 * this.windowMs);
  }

  /** Every message still held, in time order (the end of the input). */
  *drain(): Generator<Distinct> {
    yield* this.releaseUpTo(Infinity);
  }

  private *releaseUpTo(limit: number): Generator<Distinct> {
    for (let top = this.pending.peek(); top !== undefined && top.sortTime <= limit; top = this.pending.peek()) {
      this.pending.pop();
      const r = top.record;
      if (Number.isFinite(this.windowMs) && r.msg_id !== '') this.remembered.push({ key: [r.kernel_id, r.direction, r.session, r.msg_id].join('\u0000'), item: top });
      yield top;
    }
  }

  /** Forgets released messages older than `limit`: a copy of one of them is no longer recognised. */
  private forget(limit: number): void {
    while (this.rememberedHead < this.remembered.length) {
      const { key, item } = this.remembered[this.rememberedHead]!;
      if (item.sortTime >= limit) break;
      this.rememberedHead++;
      const left = (this.byKey.get(key) ?? []).filter((d) => d !== item);
      if (left.length === 0) this.byKey.delete(key);
      else this.byKey.set(key, left);
    }
    if (this.rememberedHead > 1024 && this.rememberedHead * 2 > this.remembered.length) {
      this.remembered.splice(0, this.rememberedHead);
      this.rememberedHead = 0;
    }
  }
}

function samePayload(a: MessageRecord, b: MessageRecord): boolean {
  return a.msg_type === b.msg_type && a.channel === b.channel && JSON.stringify(a.content) === JSON.stringify(b.content);
}
