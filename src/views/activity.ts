/**
 * `har activity`: the server's own view of a kernel, as its debug log writes it.
 *
 * jupyter_server and Notebook 6 watch each kernel's IOPub socket (`start_watching_activity`,
 * `record_activity`): every message the kernel publishes updates `last_activity`, status
 * messages set `execution_state`, and the debug log gets `activity on <kernel_id>: <msg_type>`
 * (`… status (<state>)` for status). That watcher sees kernel messages once, whatever the number
 * of connections, and never the server's own messages (rate-limit notices, `restarting`).
 */
import { isRateLimitNotice, isServerMade, type Channel, type MessageRecord } from '../kernel/index.js';
import type { RowSpec } from '../write/records.js';
import { cut } from './connections-rows.js';
import { FirstDelivery } from './connections-dedupe.js';
import type { InputSource } from '../read/input.js';
import { EventsUntilReadError, sessionEvents, type SessionEvent, type SessionSourceOptions } from './connections-source.js';

export interface ActivityLine {
  kind: 'activity';
  time: string | null;
  kernel_id: string | null;
  msg_type: string;
  /** status messages only. */
  execution_state: string | null;
  parent_msg_id: string | null;
  /** The debug log line, with the browser's receive time. */
  line: string;
}

export interface KernelActivity {
  kind: 'kernel';
  kernel_id: string | null;
  first_activity: string | null;
  last_activity: string | null;
  /** The state of the last status message, as the server's `execution_state`; null without one. */
  execution_state: string | null;
  /** Distinct messages by channel and msg_type, both directions (copies on other connections once). */
  counts: Partial<Record<Channel, Record<string, number>>>;
  /** IOPub messages the kernel published, as the server counted activity. */
  activity: number;
  /** The server's own iopub messages (not activity): rate-limit notices, restarting/dead. */
  server_messages: number;
  note: string | null;
}

export type ActivityRecord = ActivityLine | KernelActivity;

interface KernelState {
  summary: KernelActivity;
  rateLimited: boolean;
}

export interface ActivityOptions {
  /** Only the per-kernel summaries, not the log lines. */
  summaryOnly?: boolean;
}

/** Lines as they come, then one summary per kernel. */
export async function* activityRecords(events: AsyncIterable<SessionEvent>, options: ActivityOptions = {}): AsyncGenerator<ActivityRecord> {
  const kernels = new Map<string, KernelState>();
  const delivery = new FirstDelivery();
  for await (const event of events) {
    if (event.kind !== 'message' || !delivery.isFirst(event.record)) continue;
    const r = event.record;
    const key = r.kernel_id ?? '';
    let kernel = kernels.get(key);
    if (kernel === undefined) {
      kernel = { summary: emptySummary(r.kernel_id), rateLimited: false };
      kernels.set(key, kernel);
    }
    const counts = (kernel.summary.counts[r.channel] ??= {});
    counts[r.msg_type] = (counts[r.msg_type] ?? 0) + 1;
    if (r.channel !== 'iopub' || r.direction !== 'receive') continue;
    if (isServerMade(r)) {
      kernel.summary.server_messages++;
      if (isRateLimitNotice(r)) kernel.rateLimited = true;
      continue;
    }
    const line = activityLine(r);
    kernel.summary.activity++;
    kernel.summary.first_activity ??= r.iso;
    kernel.summary.last_activity = r.iso ?? kernel.summary.last_activity;
    if (line.execution_state !== null) kernel.summary.execution_state = line.execution_state;
    if (options.summaryOnly !== true) yield line;
  }
  for (const kernel of kernels.values()) {
    const notes: string[] = [];
    if (kernel.summary.activity === 0) notes.push('no IOPub message from the kernel in the capture');
    if (kernel.rateLimited) notes.push('the server dropped IOPub messages under its rate limit: the kernel published more than this');
    kernel.summary.note = notes.length === 0 ? null : notes.join('; ');
    yield kernel.summary;
  }
}

function activityLine(r: MessageRecord): ActivityLine {
  const state = r.msg_type === 'status' && typeof r.content.execution_state === 'string' ? r.content.execution_state : null;
  const what = state === null ? r.msg_type : `${r.msg_type} (${state})`;
  return {
    kind: 'activity',
    time: r.iso,
    kernel_id: r.kernel_id,
    msg_type: r.msg_type,
    execution_state: state,
    parent_msg_id: r.parent_msg_id,
    line: `[${logTime(r.iso)}] activity on ${r.kernel_id ?? '?'}: ${what}`,
  };
}

function emptySummary(kernelId: string | null): KernelActivity {
  return { kind: 'kernel', kernel_id: kernelId, first_activity: null, last_activity: null, execution_state: null, counts: {}, activity: 0, server_messages: 0, note: null };
}

/** The log's time format (`%Y-%m-%d %H:%M:%S.mmm`), in UTC. */
function logTime(iso: string | null): string {
  return iso === null ? '?' : iso.replace('T', ' ').replace('Z', '');
}

/** The text view: the log, then a block per kernel; `first` is whether anything came before. */
export function activityText(record: ActivityRecord, first = false): string {
  if (record.kind === 'activity') return `${record.line}\n`;
  const lines = [
    ...(first ? [] : ['']),
    `kernel ${record.kernel_id ?? '?'}`,
    `  last activity    ${record.last_activity ?? '?'}`,
    `  execution_state  ${record.execution_state ?? '? (no status message)'}`,
    `  activity         ${record.activity} IOPub messages`,
  ];
  for (const [channel, byType] of Object.entries(record.counts)) {
    const parts = Object.entries(byType ?? {})
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([type, n]) => `${type} ${n}`);
    lines.push(`  ${channel.padEnd(16)} ${parts.join(', ')}`);
  }
  if (record.server_messages > 0) lines.push(`  server-made      ${record.server_messages} (not activity)`);
  if (record.note !== null) lines.push(`  note: ${record.note}`);
  return `${lines.join('\n')}\n`;
}

export const ACTIVITY_ROW_SPEC: RowSpec<ActivityRecord> = {
  columns: [
    { header: 'time', value: (r) => (r.kind === 'activity' ? r.time : r.last_activity) },
    { header: 'kernel', value: (r) => cut(r.kernel_id ?? '?', 8) },
    { header: 'msg_type', value: (r) => (r.kind === 'activity' ? r.msg_type : 'kernel summary') },
    { header: 'state', value: (r) => r.execution_state },
    { header: 'parent / counts', value: (r) => (r.kind === 'activity' ? r.parent_msg_id : countsText(r)), flexible: true },
  ],
};

function countsText(record: KernelActivity): string {
  return Object.entries(record.counts)
    .map(([channel, byType]) => `${channel}: ${Object.values(byType ?? {}).reduce((a, b) => a + b, 0)}`)
    .join(', ');
}

/** `har activity`: the debug-log lines, then a summary per kernel. */
export async function* sessionActivity(sources: readonly InputSource[], options: SessionSourceOptions & ActivityOptions = {}): AsyncGenerator<ActivityRecord> {
  // A file cut short still gives its kernels' summaries, then its read error.
  const events = new EventsUntilReadError(sessionEvents(sources, options));
  yield* activityRecords(events, options);
  if (events.error !== null) throw events.error;
}
