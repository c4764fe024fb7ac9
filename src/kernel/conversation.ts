/**
 * Decoded messages → one record per request, with its reply, status, outputs and stdin
 * (JupyterLab's `KernelFutureHandler` for the done rule, its OutputAreaModel for outputs).
 *
 * `add()` keeps one entry per distinct message (deliveries.ts); the conversation work happens
 * in `finish()`, over all messages in time order (conversation-run.ts), because one
 * connection's copy of a message can come before, in file order, the request another sent.
 */
import type { DecodedRecord } from './decode-record.js';
import { DEFAULT_CONVERSATION_OPTIONS, type ConversationOptions, type ConversationRecord, type ConversationReport } from './conversation-types.js';
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
    for (const item of this.deliveries.inTimeOrder()) run.take(item);
    return run.report();
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
