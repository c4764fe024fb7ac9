/**
 * A notice the real server sent ("IOPub message rate exceeded" / "IOPub data rate exceeded"):
 * the cell it cut, and what the capture can still say about what was dropped.
 *
 * The dropped messages are not in the capture, but the kernel numbers its messages: jupyter_client
 * (7+) makes msg_ids `<session>_<pid>_<n>` with one counter for every message of the kernel. The
 * messages created between the last one delivered before the notice and the first one after it,
 * less those the capture holds, are the ones the server dropped — exact, unless the kernel also
 * answered another client meanwhile. The kernel's header dates show how fast it produced.
 */
import { parseHeaderDate, type MessageRecord } from '../kernel/index.js';
import { DEFAULT_RATE_LIMITS } from './rate-limit-window.js';
import type { RateLimitNotice, ServerApp } from './rate-limit-types.js';
import { round } from './timeline-state.js';

const NOTICE_TEXT = /^IOPub (message|data) rate exceeded\.[\s\S]*?(ServerApp|NotebookApp)\.iopub_(?:msg|data)_rate_limit=([0-9.e+]+)[\s\S]*?rate_limit_window=([0-9.e+]+)/;
const NOTICE_HEAD = 1000;
const SEQUENCED_ID = /^(.+)_(\d+)_(\d+)$/;

export interface MessageSequence {
  prefix: string;
  n: number;
}

/** The kernel session's message counter in a jupyter_client msg_id, or null. */
export function messageSequence(msgId: string): MessageSequence | null {
  // Real ids are under 100 characters; a longer one is not a jupyter_client id.
  if (msgId.length > 200) return null;
  const match = SEQUENCED_ID.exec(msgId);
  return match === null ? null : { prefix: `${match[1]}_${match[2]}`, n: Number(match[3]) };
}

/** What the cell had sent through before the notice. */
export interface CellSoFar {
  msg_id: string | null;
  execution_count: number | null;
  code: string | null;
  messages: number;
  stream_bytes: number;
  firstDate: number | null;
  lastDate: number | null;
  lastSequence: MessageSequence | null;
}

export interface NoticeContext {
  kernel_id: string | null;
  file: string;
  entry: number | null;
  /** Browser seconds of the notice. */
  now: number;
  iso: string | null;
  text: string;
  parent: string | null;
  cell: CellSoFar | null;
  /** Counted messages (or bytes) in the replayed window, and when the oldest of them came (browser seconds). */
  windowCount: number;
  windowBytes: number;
  oldestCounted: number | null;
  /** The limits of the replay, to say when the server had others. */
  replayLimit: number;
}

export class PendingNotice {
  readonly which: 'message' | 'data';
  readonly server: ServerApp | null;
  private readonly record: RateLimitNotice;
  /** Kernel messages the capture holds between the last one before the notice and the end. */
  private seenBetween = 0;

  constructor(private readonly context: NoticeContext) {
    // The real notice is a few hundred characters; a longer text is not scanned past its head.
    const parsed = NOTICE_TEXT.exec(context.text.slice(0, NOTICE_HEAD));
    this.which = context.text.startsWith('IOPub data') ? 'data' : 'message';
    this.server = parsed === null ? null : (parsed[2] as ServerApp);
    const cell = context.cell;
    const spanMs = context.oldestCounted === null ? null : round((context.now - context.oldestCounted) * 1000);
    this.record = {
      kind: 'notice',
      kernel_id: context.kernel_id,
      file: context.file,
      entry: context.entry,
      time: context.iso,
      which: this.which,
      server: this.server,
      limit: parsed === null ? null : Number(parsed[3]),
      window: parsed === null ? null : Number(parsed[4]),
      msg_id: context.parent,
      execution_count: cell?.execution_count ?? null,
      code: cell?.code ?? null,
      window_count: this.which === 'message' ? context.windowCount : context.windowBytes,
      window_span_ms: spanMs,
      clock: 'browser',
      rate_before: null,
      suppressed_ms: null,
      resumed: null,
      dropped_messages: null,
      dropped_estimate: null,
      peak: null,
      over_by: null,
      option: null,
      note: null,
    };
  }

  /** A kernel message delivered while output was suppressed (replies, statuses, other cells). */
  seen(r: MessageRecord): void {
    const from = this.context.cell?.lastSequence;
    const sequence = messageSequence(r.msg_id);
    if (from != null && sequence !== null && sequence.prefix === from.prefix && sequence.n > from.n) this.seenBetween++;
  }

  /** The suppression ends with a counted message delivered again, an idle (the limiter resets), or the capture. */
  finish(now: number, end: MessageRecord | null, how: 'resumed' | 'idle' | 'end'): RateLimitNotice {
    const record = this.record;
    const cell = this.context.cell;
    const endDate = end === null ? null : parseHeaderDate(end.header.date);
    const kernelSpan = cell !== null && cell.firstDate !== null && cell.lastDate !== null && cell.lastDate > cell.firstDate ? (cell.lastDate - cell.firstDate) / 1000 : null;
    const suppressed = cell?.lastDate != null && endDate !== null ? Math.max(0, (endDate - cell.lastDate) / 1000) : null;
    const produced = cell === null ? 0 : this.which === 'message' ? cell.messages : cell.stream_bytes;
    // The kernel's clock shows how fast it produced; the browser's only how fast the server forwarded.
    const browserSpan = record.window_span_ms === null || record.window_span_ms <= 0 ? null : record.window_span_ms / 1000;
    record.clock = kernelSpan !== null ? 'kernel' : 'browser';
    record.rate_before = kernelSpan !== null ? round(produced / kernelSpan) : browserSpan !== null ? round(record.window_count / browserSpan) : null;
    // Cut off by the end of the capture, the suppression has no known length.
    const seconds = how === 'end' ? null : kernelSpan !== null && suppressed !== null ? suppressed : Math.max(0, now - this.context.now);
    record.suppressed_ms = seconds === null ? null : round(seconds * 1000);
    record.resumed = how === 'resumed' ? (end?.iso ?? null) : null;
    const from = cell?.lastSequence;
    const to = end === null ? null : messageSequence(end.msg_id);
    if (from != null && to !== null && to.prefix === from.prefix && to.n > from.n) {
      // The end message itself is in the capture and is not part of the gap.
      record.dropped_messages = Math.max(0, to.n - from.n - 1 - this.seenBetween);
    }
    const perMessage = cell !== null && cell.messages > 0 ? produced / cell.messages : 0;
    if (record.dropped_messages !== null) record.dropped_estimate = Math.round(record.dropped_messages * (this.which === 'message' ? 1 : perMessage));
    else if (record.rate_before !== null && seconds !== null) record.dropped_estimate = Math.round(record.rate_before * seconds);
    this.estimatePeak(kernelSpan);
    const notes = [
      record.dropped_messages !== null
        ? 'dropped_messages counted from the kernel msg_id sequence; rate, peak and bytes are estimates'
        : 'the dropped messages are not in the capture: rate, peak and drops are estimates from the traffic before the notice',
    ];
    if (how === 'end') notes.push('the capture ends while output is suppressed: how long, and how much was dropped, is not known');
    if (record.limit !== null && record.limit !== this.context.replayLimit) {
      notes.push(`this server's limit was ${record.limit}, the replay's ${this.context.replayLimit}: replay with the server's (--${this.which === 'message' ? 'msg' : 'data'}-rate ${record.limit})`);
    }
    record.note = notes.join('; ');
    return record;
  }

  /**
   * The window rate had nothing been dropped: what came before the notice and the dropped
   * messages, produced at the pace before the notice, spread over at least one window.
   */
  private estimatePeak(kernelSpan: number | null): void {
    const record = this.record;
    if (record.dropped_estimate === null || record.rate_before === null || record.rate_before <= 0) return;
    const window = record.window ?? DEFAULT_RATE_LIMITS.window;
    const cell = this.context.cell;
    const produced = cell === null ? record.window_count : this.which === 'message' ? cell.messages : cell.stream_bytes;
    const total = produced + record.dropped_estimate;
    const duration = (kernelSpan ?? (record.window_span_ms ?? 0) / 1000) + record.dropped_estimate / record.rate_before;
    const peak = total / Math.max(window, duration);
    record.peak = round(peak);
    if (record.limit !== null && record.limit > 0) record.over_by = round(peak / record.limit);
    const name = this.which === 'message' ? 'iopub_msg_rate_limit' : 'iopub_data_rate_limit';
    // The server did trip: whatever the estimate, the limit it had was not enough.
    record.option = optionText(this.server, name, Math.max(peak, (record.limit ?? 0) + 1));
  }
}

export function optionText(server: ServerApp | null, name: string, peak: number): string {
  const value = Math.ceil(peak);
  if (server !== null) return `--${server}.${name}=${value}`;
  return `--ServerApp.${name}=${value} (Notebook 6: --NotebookApp.${name}=${value})`;
}
