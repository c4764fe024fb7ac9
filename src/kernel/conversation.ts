/**
 * Decoded messages → one record per request, with its reply, status, outputs and stdin
 * (JupyterLab's `KernelFutureHandler` for the done rule, its OutputAreaModel for outputs).
 *
 * `add()` keeps one entry per distinct message (deliveries.ts); the conversation work happens
 * over the messages in time order (conversation-run.ts), because one connection's copy of a
 * message can come before, in file order, the request another sent. ConversationBuilder sorts
 * every message at `finish()`; ConversationStream orders them through a reorder window and
 * gives each conversation as soon as it is settled, so memory follows the window and the
 * requests open, not the capture.
 */
import type { DecodedRecord } from './decode-record.js';
import { DEFAULT_CONVERSATION_OPTIONS, type Conversation, type ConversationOptions, type ConversationRecord, type ConversationReport } from './conversation-types.js';
import { ConversationRun, type GroupStore } from './conversation-run.js';
import { compareDistinct, Deliveries, type DeliveryCounters } from './deliveries.js';

export class ConversationBuilder {
  private readonly deliveries = new Deliveries();
  private readonly options: Required<ConversationOptions>;

  constructor(options: ConversationOptions = {}) {
    this.options = { ...DEFAULT_CONVERSATION_OPTIONS, ...options };
  }

  /** Non-message records are ignored, so a whole `kernel-decode` stream can be fed in. */
  add(record: DecodedRecord): void {
    this.deliveries.add(record);
  }

  finish(): ConversationReport {
    const run = new ConversationRun(this.deliveries.duplicates, this.options);
    for (const item of this.deliveries.drain()) run.take(item);
    return run.report();
  }
}

/** How far back in time (ms) a message may come after a later one and still be put in order. */
export const DEFAULT_REORDER_WINDOW_MS = 300_000;

/**
 * Conversations as they settle. Each kernel's messages are put in time order through a reorder
 * window: a message is taken once one `windowMs` later has been read for that kernel. A
 * conversation is given once it is done and nothing has come for it for two windows (outputs a
 * request prints later than that are counted in `late` and go to an orphan group); orphan
 * groups that quiet go to the `store` until the end. One kernel's
 * conversations come in the order its requests were sent; those of different kernels as they
 * settle. The records are those of ConversationBuilder whenever no message comes more than
 * `windowMs` after a later one of its kernel and no output comes that late.
 */
export class ConversationStream {
  private readonly counters: DeliveryCounters = { duplicates: new Map(), seq: 0 };
  private readonly deliveries = new Map<string, Deliveries>();
  private readonly run: ConversationRun;

  /** `store`: where orphan groups quiet for two windows wait for the end (none: in memory). */
  constructor(
    private readonly windowMs = DEFAULT_REORDER_WINDOW_MS,
    options: ConversationOptions = {},
    store: GroupStore | null = null,
  ) {
    this.run = new ConversationRun(this.counters.duplicates, { ...DEFAULT_CONVERSATION_OPTIONS, ...options }, store);
  }

  /** The conversations settled by `record` (usually none). */
  add(record: DecodedRecord): Conversation[] {
    if (record.kind !== 'message') return [];
    const kernel = record.kernel_id ?? '';
    let deliveries = this.deliveries.get(kernel);
    if (deliveries === undefined) {
      deliveries = new Deliveries(this.windowMs, this.counters);
      this.deliveries.set(kernel, deliveries);
    }
    deliveries.add(record);
    for (const item of deliveries.released()) this.run.take(item);
    this.run.storeQuietOrphans(record.kernel_id, deliveries.newestTime, 2 * this.windowMs);
    return this.run.settled(record.kernel_id, deliveries.newestTime, 2 * this.windowMs);
  }

  /** At the end of the input: the conversations left, then orphans, unparented and kernels. */
  finish(): Generator<ConversationRecord> {
    const left = [...this.deliveries.values()].flatMap((deliveries) => [...deliveries.drain()]);
    for (const item of left.sort(compareDistinct)) this.run.take(item);
    return this.run.reportRecords();
  }

  /** Messages that came for a request already given (or resent it), beyond the window. */
  get late(): number {
    return this.run.late;
  }

  /** Distinct messages held in the window or remembered for their copies, and conversations not yet given. */
  get held(): { messages: number; conversations: number } {
    let messages = 0;
    for (const deliveries of this.deliveries.values()) messages += deliveries.held;
    return { messages, conversations: this.run.open };
  }
}

export function buildConversations(records: Iterable<DecodedRecord>, options: ConversationOptions = {}): ConversationReport {
  const builder = new ConversationBuilder(options);
  for (const record of records) builder.add(record);
  return builder.finish();
}

/** The report as NDJSON records: conversations, then orphans, unparented and kernel summaries. */
export function conversationRecords(report: ConversationReport): ConversationRecord[] {
  return [...report.conversations, ...report.orphans, ...report.unparented, ...report.kernels];
}
