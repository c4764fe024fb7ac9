/**
 * `kernel-decode` as a library call: the decoded records of one input, with what was left out
 * counted so the caller can say so.
 */
import { ConversationStream } from '../kernel/conversation.js';
import { TempGroupStore } from './group-spill.js';
import type { ConversationRecord, ConversationReport } from '../kernel/conversation-types.js';
import type { DecodedRecord } from '../kernel/decode-record.js';
import type { InputSource } from '../read/input.js';
import { kernelRecordBatches } from './kernel-records.js';

export interface DecodeCounts {
  /** Frames that could not be decoded (still emitted, as {"kind":"malformed"}). */
  malformed: number;
  /** Frames that are not Jupyter kernel messages ({"kind":"other"}). */
  others: number;
}

export interface DecodeOptions {
  /** Keep {"kind":"other"} records (kernel-decode --all, and conversation building). */
  keepOthers: boolean;
  onWarning?: (message: string) => void;
}

/**
 * The records of `source`, one at a time (`records`) or in batches, one per chunk read
 * (`batches`, for a caller that takes every record); a caller takes one of the two. `counts` is
 * complete once the records are exhausted.
 */
export function decodeKernelInput(
  source: InputSource,
  options: DecodeOptions,
): { records: AsyncGenerator<DecodedRecord>; batches: AsyncGenerator<DecodedRecord[]>; counts: DecodeCounts } {
  const counts: DecodeCounts = { malformed: 0, others: 0 };
  const read = () => kernelRecordBatches(source, options.onWarning ? { onWarning: options.onWarning } : {});
  /** Counts the record; whether it is shown. */
  const tally = (record: DecodedRecord): boolean => {
    if (record.kind === 'malformed') counts.malformed++;
    if (record.kind !== 'other') return true;
    counts.others++;
    return options.keepOthers;
  };
  const records = (async function* () {
    // Counted as they are taken: a caller that stops early (--limit) reports what it saw.
    for await (const batch of read()) for (const record of batch) if (tally(record)) yield record;
  })();
  const batches = (async function* () {
    for await (const batch of read()) {
      const kept = batch.filter(tally);
      if (kept.length > 0) yield kept;
    }
  })();
  return { records, batches, counts };
}

/** The stderr notes that go with a decode: what was hidden, and what was malformed. */
export function decodeNotes(counts: DecodeCounts, othersShown: boolean): string[] {
  const notes: string[] = [];
  if (counts.others > 0 && !othersShown) notes.push(`${counts.others} frame${counts.others === 1 ? ' was' : 's were'} not Jupyter kernel messages (shown with --all)`);
  if (counts.malformed > 0) notes.push(`${counts.malformed} malformed frame${counts.malformed === 1 ? '' : 's'} (emitted as {"kind":"malformed"} records)`);
  return notes;
}

export interface MessageFilter {
  /** Only these msg_types (execute_request, stream, error …). */
  msgTypes?: readonly string[];
  /** Only these channels (shell, iopub, stdin, control). */
  channels?: readonly string[];
}

/** Whether a record passes `--msg-type` / `--channel`: records that are not messages never do when either is given. */
export function messageFilter(filter: MessageFilter): ((record: DecodedRecord) => boolean) | null {
  const types = filter.msgTypes ?? [];
  const channels = filter.channels ?? [];
  if (types.length === 0 && channels.length === 0) return null;
  return (record) =>
    record.kind === 'message' && (types.length === 0 || types.includes(record.msg_type)) && (channels.length === 0 || channels.includes(record.channel));
}

/**
 * The records of the cells numbered `cells` (In [n]): each execute request whose reply or
 * execute_input carries that execution count, and every message answering it.
 */
export function recordsOfCells(records: readonly DecodedRecord[], report: ConversationReport, cells: readonly number[]): DecodedRecord[] {
  const requests = new Set(report.conversations.filter((c) => c.execution_count !== null && cells.includes(c.execution_count)).map((c) => c.msg_id));
  return records.filter((record) => record.kind === 'message' && (requests.has(record.msg_id) || (record.parent_msg_id !== null && requests.has(record.parent_msg_id))));
}

/** The report narrowed to the conversations of cells `cells` (for the transcript and --conversations). */
export function reportOfCells(report: ConversationReport, cells: readonly number[]): ConversationReport {
  return { ...report, conversations: report.conversations.filter((c) => c.execution_count !== null && cells.includes(c.execution_count)), orphans: [], unparented: [] };
}

export interface ConversationStreamOptions {
  /** The reorder window, ms (kernel/conversation.ts). */
  windowMs: number;
  /** Only the conversations of these cells (In [n]), and no orphans or unparented groups. */
  cells: readonly number[];
}

/** What a conversation stream gave, complete once its records are exhausted. */
export interface ConversationCounts {
  conversations: number;
  /** Messages that came for a conversation already given (kernel/conversation.ts). */
  late: number;
}

/**
 * `kernel-decode --conversations` as a stream: each conversation once it is settled, then what
 * is left, the orphans, unparented groups and kernel summaries (as `conversationRecords`).
 */
export function streamConversations(
  records: AsyncIterable<DecodedRecord>,
  options: ConversationStreamOptions,
): { records: AsyncGenerator<ConversationRecord>; counts: ConversationCounts } {
  const counts: ConversationCounts = { conversations: 0, late: 0 };
  const store = new TempGroupStore();
  const stream = new ConversationStream(options.windowMs, {}, store);
  const chosen = (record: ConversationRecord): boolean => {
    if (options.cells.length === 0) return true;
    if (record.kind === 'conversation') return record.execution_count !== null && options.cells.includes(record.execution_count);
    return record.kind === 'kernel';
  };
  const out = (async function* () {
    try {
      yield* given();
    } finally {
      store.dispose();
    }
  })();
  async function* given(): AsyncGenerator<ConversationRecord> {
    for await (const record of records) {
      for (const conversation of stream.add(record)) {
        if (!chosen(conversation)) continue;
        counts.conversations++;
        yield conversation;
      }
    }
    for (const record of stream.finish()) {
      if (!chosen(record)) continue;
      if (record.kind === 'conversation') counts.conversations++;
      yield record;
    }
    counts.late = stream.late;
  }
  return { records: out, counts };
}
