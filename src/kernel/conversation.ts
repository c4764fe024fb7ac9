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
import { ConversationRun } from './conversation-run.js';
import { Deliveries } from './deliveries.js';

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
 * Conversations as they settle. A message is taken once one `windowMs` later has been read; a
 * conversation is given once it is done and nothing has come for it for two windows (outputs
 * a request prints later than that are counted in `late` and go to an orphan group). Given in
 * the order the requests were sent, as ConversationBuilder gives them: the same records
 * whenever no message comes more than `windowMs` after a later one and no output comes that late.
 */
export class ConversationStream {
  private readonly deliveries: Deliveries;
  private readonly run: ConversationRun;

  constructor(
    private readonly windowMs = DEFAULT_REORDER_WINDOW_MS,
    options: ConversationOptions = {},
  ) {
    this.deliveries = new Deliveries(windowMs);
    this.run = new ConversationRun(this.deliveries.duplicates, { ...DEFAULT_CONVERSATION_OPTIONS, ...options });
  }

  /** The conversations settled by `record` (usually none). */
  add(record: DecodedRecord): Conversation[] {
    if (record.kind !== 'message') return [];
    this.deliveries.add(record);
    for (const item of this.deliveries.released()) this.run.take(item);
    return this.run.settled(this.deliveries.newestTime, 2 * this.windowMs);
  }

  /** At the end of the input: the conversations left, then orphans, unparented and kernels. */
  finish(): ConversationRecord[] {
    for (const item of this.deliveries.drain()) this.run.take(item);
    return conversationRecords(this.run.report());
  }

  /** Messages that came for a request already given (or resent it), beyond the window. */
  get late(): number {
    return this.run.late;
  }

  /** Distinct messages held in the window or remembered for their copies, and conversations not yet given. */
  get held(): { messages: number; conversations: number } {
    return { messages: this.deliveries.held, conversations: this.run.open };
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
