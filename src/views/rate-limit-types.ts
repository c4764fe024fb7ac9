/**
 * Records of `har rate-limits`: per cell and connection, what the server's IOPub limiter makes
 * of the captured traffic; per notice the real server sent, the cell it cut; per input, how
 * close the byte counts are. Rates are per second over the limiter's window.
 */
import type { RowSpec } from '../write/records.js';
import { cut, firstLine } from './connections-rows.js';

/** Which server's option names apply: known from a notice's text or the v1 protocol (jupyter_server only). */
export type ServerApp = 'ServerApp' | 'NotebookApp';

export interface LimitReport {
  limit: number;
  /** The highest window rate of the captured traffic (all counted messages, none dropped). */
  peak: number;
  /** peak / limit when over the limit, else null. */
  over_by: number | null;
  /** Replay: when the limiter would trip, and for how long it would stay tripped (until resume or idle). */
  exceeded_at: string | null;
  exceeded_ms: number | null;
  /** A server option that lets the captured traffic through (any value ≥ the peak). */
  option: string | null;
}

/** The notices of one limit for one cell, together: the latest estimates, the drops summed. */
export interface CutSummary {
  which: 'message' | 'data';
  notices: number;
  /** Sum of the notices' dropped_messages; null when any could not be counted. */
  dropped_messages: number | null;
  over_by: number | null;
  option: string | null;
}

export interface RateLimitCell {
  kind: 'cell';
  kernel_id: string | null;
  file: string;
  /** The connection (HAR entry) whose limiter this is: the server keeps one per WebSocket. */
  entry: number | null;
  msg_id: string;
  msg_type: string | null;
  execution_count: number | null;
  code: string | null;
  start: string | null;
  end: string | null;
  /** Counted IOPub messages in the capture (status, comm_open, execute_input are not counted). */
  messages: number;
  stream_bytes: number;
  /** exact: v1 frames carry the ZMQ parts; estimated: re-serialised from legacy frames. */
  bytes: 'exact' | 'estimated' | 'mixed';
  /** Replay: messages (and their stream bytes) the limiter would drop while either limit is tripped. */
  dropped_messages: number;
  dropped_bytes: number;
  msg: LimitReport;
  data: LimitReport;
  /** What the real server's notices on this connection say about this cell, per limit. */
  cut: CutSummary[];
  note: string | null;
}

export interface RateLimitNotice {
  kind: 'notice';
  kernel_id: string | null;
  file: string;
  entry: number | null;
  time: string | null;
  which: 'message' | 'data';
  server: ServerApp | null;
  /** From the notice's text ("Current values"). */
  limit: number | null;
  window: number | null;
  /** The cell it cut (the notice's parent). */
  msg_id: string | null;
  execution_count: number | null;
  code: string | null;
  /** Counted messages (or stream bytes) in the window when the notice came, over how long they arrived. */
  window_count: number;
  window_span_ms: number | null;
  /** Whose clock rate_before and suppressed_ms use: the kernel's header dates, or the browser's receive times. */
  clock: 'kernel' | 'browser';
  /** The rate the cell was producing at before the notice (messages or bytes per second). */
  rate_before: number | null;
  /** Last delivered message before the notice → idle (the limiter resets) or → the next delivered message (it resumed). */
  suppressed_ms: number | null;
  resumed: string | null;
  /** Kernel messages missing between the last one before the notice and the end (msg_id sequence); null when ids are not sequential. */
  dropped_messages: number | null;
  /** dropped_messages (data: × bytes per message so far), or rate_before × suppressed_ms without a sequence. */
  dropped_estimate: number | null;
  /** The window rate had nothing been dropped (estimate), and peak / limit: how far over. */
  peak: number | null;
  over_by: number | null;
  option: string | null;
  note: string | null;
}

/** How close the counted bytes are: exact on v1 frames, compared with the estimate used for legacy frames. */
export interface RateLimitBytes {
  kind: 'bytes';
  file: string;
  stream_messages: number;
  v1_messages: number;
  /** Sum of the ZMQ parts (what jupyter_server counts), from v1 frames. */
  v1_exact: number;
  /** The legacy estimate applied to the same v1 messages. */
  v1_estimate: number;
  /** (estimate − exact) / exact, in percent. */
  estimate_error_pct: number | null;
  /** WebSocket payload bytes of the same messages, and their difference from exact in percent. */
  v1_payload: number;
  payload_error_pct: number | null;
  legacy_messages: number;
  legacy_estimate: number;
  legacy_payload: number;
  note: string;
}

export type RateLimitRecord = RateLimitCell | RateLimitNotice | RateLimitBytes;

function over(report: LimitReport): string {
  return report.over_by === null ? '' : `×${report.over_by.toFixed(2)}`;
}

export const RATE_LIMIT_ROW_SPEC: RowSpec<RateLimitRecord> = {
  columns: [
    { header: 'kind', value: (r) => r.kind },
    { header: 'time', value: (r) => (r.kind === 'cell' ? r.start : r.kind === 'notice' ? r.time : null) },
    { header: 'kernel', value: (r) => (r.kind === 'bytes' ? null : cut(r.kernel_id ?? '?', 8)) },
    { header: 'cell', value: (r) => (r.kind === 'bytes' ? r.file : `[${r.execution_count ?? ' '}] ${firstLine(r.code ?? r.msg_id ?? '?', 30)}`) },
    { header: 'msgs', value: (r) => (r.kind === 'cell' ? r.messages : r.kind === 'notice' ? (r.which === 'message' ? r.window_count : null) : r.stream_messages), align: 'right' },
    { header: 'peak msg/s', value: (r) => (r.kind === 'cell' ? Math.round(r.msg.peak) : r.kind === 'notice' && r.which === 'message' ? round0(r.peak) : null), align: 'right' },
    { header: 'peak B/s', value: (r) => (r.kind === 'cell' ? Math.round(r.data.peak) : r.kind === 'notice' && r.which === 'data' ? round0(r.peak) : null), align: 'right' },
    { header: 'over', value: (r) => (r.kind === 'cell' ? [over(r.msg) && `msg ${over(r.msg)}`, over(r.data) && `data ${over(r.data)}`].filter(Boolean).join(' ') : r.kind === 'notice' && r.over_by !== null ? `${r.which} ~×${r.over_by.toFixed(2)}` : null) },
    { header: 'for ms', value: (r) => (r.kind === 'cell' ? (r.msg.exceeded_ms ?? r.data.exceeded_ms) : r.kind === 'notice' ? r.suppressed_ms : null), align: 'right' },
    { header: 'dropped', value: (r) => (r.kind === 'cell' ? r.dropped_messages || null : r.kind === 'notice' ? (r.dropped_messages ?? (r.dropped_estimate === null ? null : `~${r.dropped_estimate}`)) : null), align: 'right' },
    {
      header: 'notice / option / note',
      value: (r) =>
        r.kind === 'cell'
          ? [...r.cut.map(cutText), r.msg.option ?? '', r.data.option ?? ''].filter(Boolean).join('; ')
          : r.kind === 'notice'
            ? (r.option ?? r.note)
            : r.note,
      flexible: true,
    },
  ],
};

function cutText(cut: CutSummary): string {
  const over = cut.over_by === null ? '' : ` ~×${cut.over_by.toFixed(2)}`;
  const dropped = cut.dropped_messages === null ? '' : `, ${cut.dropped_messages} dropped`;
  return `cut by the server: ${cut.which}${over} (${cut.notices} notice${cut.notices === 1 ? '' : 's'}${dropped}) ${cut.option ?? ''}`.trim();
}

function round0(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}
