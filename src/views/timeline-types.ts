/**
 * Records of `har timeline`: per kernel, its connections and the gaps between them, busy
 * intervals per parent request, restarts, interrupts, shutdowns and the server's state
 * notices. Times are ISO strings from the HAR (the browser's clock); durations are ms.
 * What the capture cannot tell is null, and `note` says why.
 */
import type { Channel } from '../kernel/index.js';
import type { RowSpec } from '../write/records.js';
import { cut, firstLine } from './connections-rows.js';

export interface TimelineConnection {
  kind: 'connection';
  kernel_id: string | null;
  file: string;
  entry: number | null;
  session_id: string | null;
  protocol: string | null;
  opened: string | null;
  /** DevTools records the close as startedDateTime + time; other producers do not. */
  closed: string | null;
  last_frame: string | null;
  frames: number;
  note: string | null;
}

/** A cell that was running (sent, not yet idle) while no connection was open. */
export interface RunningCell {
  msg_id: string;
  execution_count: number | null;
  code: string | null;
  /** The idle came on a later connection: its output went to a page that could not place it. */
  idle: string | null;
}

export interface TimelineGap {
  kind: 'gap';
  kernel_id: string | null;
  from_entry: number | null;
  to_entry: number | null;
  start: string | null;
  end: string | null;
  ms: number | null;
  running: RunningCell[];
  note: string | null;
}

export interface TimelineBusy {
  kind: 'busy';
  kernel_id: string | null;
  parent_msg_id: string;
  parent_msg_type: string | null;
  /** The request's channel: shell and control requests overlap. null when the request is not in the capture. */
  channel: Channel | null;
  kernel_session: string | null;
  code: string | null;
  execution_count: number | null;
  status: string | null;
  sent: string | null;
  busy: string | null;
  idle: string | null;
  /** idle − busy. */
  ms: number | null;
  /** Other requests busy at the same time. */
  overlaps: string[];
  note: string | null;
}

export interface TimelineRestart {
  kind: 'restart';
  kernel_id: string | null;
  /** `POST …/restart`, when the capture has it. */
  requested: string | null;
  http_status: number | null;
  /** The first message of the new kernel session. */
  new_session: string | null;
  from_session: string | null;
  to_session: string | null;
  note: string | null;
}

export interface TimelineInterrupt {
  kind: 'interrupt';
  kernel_id: string | null;
  requested: string | null;
  /** `POST …/interrupt` or an `interrupt_request` on control (kernels with interrupt_mode message). */
  via: 'http' | 'interrupt_request';
  http_status: number | null;
  /** The KeyboardInterrupt error that followed, and the cell it ended. */
  keyboard_interrupt: string | null;
  cell_msg_id: string | null;
  code: string | null;
  execution_count: number | null;
  delay_ms: number | null;
  note: string | null;
}

export interface TimelineShutdown {
  kind: 'shutdown';
  kernel_id: string | null;
  time: string | null;
  via: 'DELETE /api/kernels' | 'DELETE /api/sessions' | 'shutdown_request' | 'shutdown_reply';
  session_id: string | null;
  http_status: number | null;
  note: string | null;
}

/** The server's own status messages: restarting (auto-restart), dead, and the kernel's starting. */
export interface TimelineState {
  kind: 'state';
  kernel_id: string | null;
  time: string | null;
  state: string;
  note: string | null;
}

export type TimelineRecord = TimelineConnection | TimelineGap | TimelineBusy | TimelineRestart | TimelineInterrupt | TimelineShutdown | TimelineState;

/** When a record happened, for ordering and the table's first column. */
export function timelineTime(record: TimelineRecord): string | null {
  switch (record.kind) {
    case 'connection':
      return record.opened;
    case 'gap':
      return record.start;
    case 'busy':
      return record.busy ?? record.sent ?? record.idle;
    case 'restart':
    case 'interrupt':
      return record.requested ?? (record.kind === 'restart' ? record.new_session : record.keyboard_interrupt);
    case 'shutdown':
    case 'state':
      return record.time;
  }
}

function what(record: TimelineRecord): string {
  switch (record.kind) {
    case 'connection':
      return `entry ${record.entry ?? '?'} session ${cut(record.session_id ?? '?', 12)}${record.protocol === null ? '' : ` ${record.protocol}`}`;
    case 'gap':
      return record.running.length === 0
        ? 'no cell running'
        : `running: ${record.running.map((c) => `[${c.execution_count ?? ' '}] ${firstLine(c.code ?? c.msg_id)}`).join('; ')}`;
    case 'busy':
      return `${record.channel ?? '?'} ${record.parent_msg_type ?? '?'}${record.execution_count === null ? '' : ` [${record.execution_count}]`}${record.code === null ? '' : ` ${firstLine(record.code)}`}`;
    case 'restart':
      return `${cut(record.from_session ?? '?', 8)} → ${cut(record.to_session ?? '?', 8)}`;
    case 'interrupt':
      return record.cell_msg_id === null ? `via ${record.via}` : `via ${record.via}: KeyboardInterrupt in [${record.execution_count ?? ' '}] ${firstLine(record.code ?? '')}`;
    case 'shutdown':
      return record.via;
    case 'state':
      return record.state;
  }
}

function until(record: TimelineRecord): string | null {
  switch (record.kind) {
    case 'connection':
      return record.closed ?? record.last_frame;
    case 'gap':
      return record.end;
    case 'busy':
      return record.idle;
    case 'restart':
      return record.requested === null ? null : record.new_session;
    case 'interrupt':
      return record.requested === null ? null : record.keyboard_interrupt;
    default:
      return null;
  }
}

function duration(record: TimelineRecord): number | null {
  switch (record.kind) {
    case 'gap':
    case 'busy':
      return record.ms;
    case 'interrupt':
      return record.delay_ms;
    default:
      return null;
  }
}

export const TIMELINE_ROW_SPEC: RowSpec<TimelineRecord> = {
  columns: [
    { header: 'time', value: (r) => timelineTime(r) },
    { header: 'kernel', value: (r) => cut(r.kernel_id ?? '?', 8) },
    { header: 'event', value: (r) => r.kind },
    { header: 'until', value: (r) => until(r) },
    { header: 'ms', value: (r) => duration(r), align: 'right' },
    { header: 'what', value: (r) => what(r), flexible: true },
    { header: 'note', value: (r) => r.note },
  ],
};
