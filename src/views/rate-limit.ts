/**
 * `har rate-limits`: the server's IOPub limiter replayed on each connection's captured traffic,
 * and the notices the real server sent.
 *
 * The replay sees what the server forwarded; messages it dropped are not in the capture. So a
 * cell the real server cut shows up twice: as a `notice` (the rate the kernel was producing
 * before the cut, how long output stayed suppressed — estimates, said so), and as a `cell`
 * whose captured peak stays at the limit. Times are the browser's receive times, standing in
 * for the server's; bytes are exact on v1 frames and estimated on legacy ones (see
 * connections-bytes.ts and the `bytes` record, which measures the estimate).
 */
import { isRateLimitNotice, isServerMade, parseHeaderDate, type MessageRecord } from '../kernel/index.js';
import { estimatePartsBytes } from './connections-bytes.js';
import { DEFAULT_RATE_LIMITS, IopubRateWindow, type LimitStep, type RateLimits } from './rate-limit-window.js';
import { messageSequence, optionText, PendingNotice, type MessageSequence } from './rate-limit-notice.js';
import type { LimitReport, RateLimitBytes, RateLimitCell, RateLimitNotice, RateLimitRecord, ServerApp } from './rate-limit-types.js';
import { round } from './timeline-state.js';
import type { InputSource } from '../read/input.js';
import { EventsUntilReadError, sessionEvents, type MessageEvent, type SessionEvent, type SessionSourceOptions } from './connections-source.js';

const REQUEST_MEMORY = 10_000;

interface CellState {
  record: RateLimitCell;
  exact: number;
  estimated: number;
  msgTrip: number | null;
  dataTrip: number | null;
  /** Kernel header dates (ms) of the first and last counted message. */
  firstDate: number | null;
  lastDate: number | null;
  lastSequence: MessageSequence | null;
  /** What earlier notices of this cell found dropped: part of what the kernel produced. */
  droppedMessages: number;
  droppedBytes: number;
}

interface ConnectionState {
  file: string;
  entry: number | null;
  kernelId: string | null;
  server: ServerApp | null;
  limited: IopubRateWindow;
  /** The same traffic with no limits: the peaks of what was captured. */
  counting: IopubRateWindow;
  cells: Map<string, CellState>;
  notices: PendingNotice[];
  now: number;
}

interface RequestInfo {
  msg_type: string;
  code: string | null;
  execution_count: number | null;
}

export interface RateLimitOptions {
  /** What is kept of each request's code (default: all of it); `har report` shows only a line. */
  code?: (code: string) => string;
}

export class RateLimitReplay {
  private readonly connections = new Map<string, ConnectionState>();
  private readonly requests = new Map<string, RequestInfo>();
  private readonly bytes = new Map<string, RateLimitBytes>();
  /** Which server a file's notices named: for option names on connections that do not tell. */
  private readonly servers = new Map<string, ServerApp>();

  constructor(
    private readonly limits: RateLimits = DEFAULT_RATE_LIMITS,
    private readonly options: RateLimitOptions = {},
  ) {}

  /** Records finished by this event (cells at their idle, notices when their suppression ends). */
  add(event: SessionEvent): RateLimitRecord[] {
    if (event.kind !== 'message') return [];
    const r = event.record;
    if (r.direction === 'send') {
      if (r.msg_type === 'execute_request' || r.channel === 'shell' || r.channel === 'control') {
        const code = typeof r.content.code === 'string' ? (this.options.code?.(r.content.code) ?? r.content.code) : null;
        this.remember(r.kernel_id, r.msg_id, { msg_type: r.msg_type, code, execution_count: null });
      }
      return [];
    }
    const connection = this.connection(event);
    if (!isServerMade(r)) for (const notice of connection.notices) notice.seen(r);
    if (r.channel !== 'iopub') return [];
    const out: RateLimitRecord[] = [];
    const now = event.ms === null ? connection.now : event.ms / 1000;
    connection.now = now;
    if (isServerMade(r)) {
      if (isRateLimitNotice(r)) connection.notices.push(this.notice(connection, r, now));
      return out;
    }
    if (r.msg_type === 'execute_input' && r.parent_msg_id !== null && typeof r.content.execution_count === 'number') {
      const request = this.requests.get(requestKey(r.kernel_id, r.parent_msg_id));
      if (request !== undefined) request.execution_count = r.content.execution_count;
    }
    const bytes = r.msg_type === 'stream' ? this.streamBytes(event) : 0;
    const state = r.msg_type === 'status' ? r.content.execution_state : undefined;
    const limited = connection.limited.take(r.msg_type, state, now, bytes);
    const counted = connection.counting.take(r.msg_type, state, now, bytes);
    if (counted.counted) {
      for (const notice of connection.notices.splice(0)) out.push(finished(connection, notice.finish(now, r, 'resumed')));
      this.count(connection, r, event, now, bytes, limited, counted);
    }
    if (state === 'idle') {
      for (const notice of connection.notices.splice(0)) out.push(finished(connection, notice.finish(now, r, 'idle')));
      const cell = r.parent_msg_id === null ? undefined : connection.cells.get(r.parent_msg_id);
      if (cell !== undefined) {
        connection.cells.delete(r.parent_msg_id!);
        out.push(this.finishCell(connection, cell, now, null));
      }
      // The idle reset the limiter: any other open cell's trip ends here too.
      for (const other of connection.cells.values()) closeTrips(other, now);
    }
    return out;
  }

  finish(): RateLimitRecord[] {
    const out: RateLimitRecord[] = [];
    for (const connection of this.connections.values()) {
      for (const notice of connection.notices) out.push(finished(connection, notice.finish(connection.now, null, 'end')));
      for (const cell of connection.cells.values()) out.push(this.finishCell(connection, cell, connection.now, 'no idle in the capture'));
    }
    for (const bytes of this.bytes.values()) {
      bytes.estimate_error_pct = percent(bytes.v1_estimate, bytes.v1_exact);
      bytes.payload_error_pct = percent(bytes.v1_payload, bytes.v1_exact);
      out.push(bytes);
    }
    return out;
  }

  private connection(event: MessageEvent): ConnectionState {
    const r = event.record;
    const key = `${event.file}\u0000${r.frame.entry ?? ''}\u0000${r.frame.session_id ?? ''}`;
    let connection = this.connections.get(key);
    if (connection === undefined) {
      connection = {
        file: event.file,
        entry: r.frame.entry,
        kernelId: r.kernel_id,
        // Notebook 6 has no v1 protocol.
        server: r.wire === 'v1' ? 'ServerApp' : null,
        limited: new IopubRateWindow(this.limits),
        counting: new IopubRateWindow({ ...this.limits, msgRate: 0, dataRate: 0 }),
        cells: new Map(),
        notices: [],
        now: event.ms === null ? 0 : event.ms / 1000,
      };
      this.connections.set(key, connection);
    }
    return connection;
  }

  private remember(kernelId: string | null, msgId: string, info: RequestInfo): void {
    this.requests.set(requestKey(kernelId, msgId), info);
    if (this.requests.size > REQUEST_MEMORY) {
      const oldest = this.requests.keys().next();
      if (oldest.done !== true) this.requests.delete(oldest.value);
    }
  }

  /** Exact on v1 frames, estimated on legacy ones; both measured in the file's `bytes` record. */
  private streamBytes(event: MessageEvent): number {
    let stats = this.bytes.get(event.file);
    if (stats === undefined) {
      stats = {
        kind: 'bytes',
        file: event.file,
        stream_messages: 0,
        v1_messages: 0,
        v1_exact: 0,
        v1_estimate: 0,
        estimate_error_pct: null,
        v1_payload: 0,
        payload_error_pct: null,
        legacy_messages: 0,
        legacy_estimate: 0,
        legacy_payload: 0,
        note: 'the server counts the ZMQ parts of each stream message; v1 frames carry them verbatim (exact), legacy frames are re-serialised by the server, so their parts are estimated by serialising the decoded message as the kernel does',
      };
      this.bytes.set(event.file, stats);
    }
    const estimate = estimatePartsBytes(event.record);
    stats.stream_messages++;
    if (event.zmq_bytes !== null) {
      stats.v1_messages++;
      stats.v1_exact += event.zmq_bytes;
      stats.v1_estimate += estimate;
      stats.v1_payload += event.ws_bytes ?? 0;
      return event.zmq_bytes;
    }
    stats.legacy_messages++;
    stats.legacy_estimate += estimate;
    stats.legacy_payload += event.ws_bytes ?? 0;
    return estimate;
  }

  private count(connection: ConnectionState, r: MessageRecord, event: MessageEvent, now: number, bytes: number, limited: LimitStep, counted: LimitStep): void {
    const parent = r.parent_msg_id ?? '';
    let cell = connection.cells.get(parent);
    if (cell === undefined) {
      cell = { record: this.newCell(connection, r, parent), exact: 0, estimated: 0, msgTrip: null, dataTrip: null, firstDate: null, lastDate: null, lastSequence: null, droppedMessages: 0, droppedBytes: 0 };
      connection.cells.set(parent, cell);
    }
    const record = cell.record;
    record.start ??= r.iso;
    record.end = r.iso;
    const date = parseHeaderDate(r.header.date);
    if (date !== null) [cell.firstDate, cell.lastDate] = [cell.firstDate ?? date, date];
    cell.lastSequence = messageSequence(r.msg_id) ?? cell.lastSequence;
    record.messages++;
    record.stream_bytes += bytes;
    if (r.msg_type === 'stream') {
      if (event.zmq_bytes === null) cell.estimated++;
      else cell.exact++;
    }
    record.msg.peak = Math.max(record.msg.peak, counted.msgRate);
    record.data.peak = Math.max(record.data.peak, counted.dataRate);
    if (limited.msgTripped) [cell.msgTrip, record.msg.exceeded_at] = [now, r.iso];
    if (limited.dataTripped) [cell.dataTrip, record.data.exceeded_at] = [now, r.iso];
    if (limited.msgResumed && cell.msgTrip !== null) [record.msg.exceeded_ms, cell.msgTrip] = [add(record.msg.exceeded_ms, now - cell.msgTrip), null];
    if (limited.dataResumed && cell.dataTrip !== null) [record.data.exceeded_ms, cell.dataTrip] = [add(record.data.exceeded_ms, now - cell.dataTrip), null];
    if (limited.dropped) {
      record.dropped_messages++;
      record.dropped_bytes += r.msg_type === 'stream' ? bytes : 0;
    }
  }

  private newCell(connection: ConnectionState, r: MessageRecord, parent: string): RateLimitCell {
    const request = this.requests.get(requestKey(r.kernel_id, parent));
    const empty = (limit: number): LimitReport => ({ limit, peak: 0, over_by: null, exceeded_at: null, exceeded_ms: null, option: null });
    return {
      kind: 'cell',
      kernel_id: r.kernel_id,
      file: connection.file,
      entry: connection.entry,
      msg_id: parent,
      msg_type: request?.msg_type ?? r.parent_msg_type,
      execution_count: request?.execution_count ?? null,
      code: request?.code ?? null,
      start: null,
      end: null,
      messages: 0,
      stream_bytes: 0,
      bytes: 'exact',
      dropped_messages: 0,
      dropped_bytes: 0,
      msg: empty(this.limits.msgRate),
      data: empty(this.limits.dataRate),
      cut: [],
      note: request === undefined ? (parent === '' ? 'messages without a parent' : 'the request is not in the capture') : null,
    };
  }

  private finishCell(connection: ConnectionState, cell: CellState, now: number, note: string | null): RateLimitCell {
    closeTrips(cell, now);
    const record = cell.record;
    const request = this.requests.get(requestKey(record.kernel_id, record.msg_id));
    record.execution_count ??= request?.execution_count ?? null;
    record.bytes = cell.estimated === 0 ? 'exact' : cell.exact === 0 ? 'estimated' : 'mixed';
    const server = connection.server ?? this.servers.get(connection.file) ?? null;
    for (const [report, name] of [[record.msg, 'iopub_msg_rate_limit'], [record.data, 'iopub_data_rate_limit']] as const) {
      report.peak = round(report.peak);
      if (report.limit > 0 && report.peak > report.limit) {
        report.over_by = round(report.peak / report.limit);
        report.option = optionText(server, name, report.peak);
      }
    }
    if (note !== null) record.note = record.note === null ? note : `${record.note}; ${note}`;
    return record;
  }

  private notice(connection: ConnectionState, r: MessageRecord, now: number): PendingNotice {
    const parent = r.parent_msg_id;
    const cell = parent === null ? undefined : connection.cells.get(parent);
    const request = parent === null ? undefined : this.requests.get(requestKey(r.kernel_id, parent));
    const text = typeof r.content.text === 'string' ? r.content.text : '';
    const notice = new PendingNotice({
      kernel_id: r.kernel_id,
      file: connection.file,
      entry: connection.entry,
      now,
      iso: r.iso,
      text,
      parent,
      cell:
        cell === undefined
          ? null
          : {
              msg_id: parent,
              execution_count: request?.execution_count ?? cell.record.execution_count,
              code: request?.code ?? cell.record.code,
              messages: cell.record.messages + cell.droppedMessages,
              stream_bytes: cell.record.stream_bytes + cell.droppedBytes,
              firstDate: cell.firstDate,
              lastDate: cell.lastDate,
              lastSequence: cell.lastSequence,
            },
      windowCount: connection.counting.windowCount,
      windowBytes: connection.counting.windowBytes,
      oldestCounted: connection.counting.oldestCounted,
      replayLimit: text.startsWith('IOPub data') ? this.limits.dataRate : this.limits.msgRate,
    });
    if (notice.server !== null) {
      connection.server ??= notice.server;
      this.servers.set(connection.file, notice.server);
    }
    return notice;
  }
}

/** A later notice of the same cell counts what this one found dropped as produced. */
function finished(connection: ConnectionState, notice: RateLimitNotice): RateLimitNotice {
  const cell = notice.msg_id === null ? undefined : connection.cells.get(notice.msg_id);
  if (cell === undefined) return notice;
  if (notice.dropped_estimate !== null) {
    if (notice.which === 'message') cell.droppedMessages += notice.dropped_estimate;
    else cell.droppedBytes += notice.dropped_estimate;
  }
  let cut = cell.record.cut.find((c) => c.which === notice.which);
  if (cut === undefined) {
    cut = { which: notice.which, notices: 0, dropped_messages: 0, over_by: null, option: null };
    cell.record.cut.push(cut);
  }
  cut.notices++;
  cut.dropped_messages = cut.dropped_messages === null || notice.dropped_messages === null ? null : cut.dropped_messages + notice.dropped_messages;
  // The latest notice has seen most of the cell: its estimates replace the earlier ones.
  if (notice.over_by !== null) [cut.over_by, cut.option] = [notice.over_by, notice.option];
  return notice;
}

function closeTrips(cell: CellState, now: number): void {
  if (cell.msgTrip !== null) [cell.record.msg.exceeded_ms, cell.msgTrip] = [add(cell.record.msg.exceeded_ms, now - cell.msgTrip), null];
  if (cell.dataTrip !== null) [cell.record.data.exceeded_ms, cell.dataTrip] = [add(cell.record.data.exceeded_ms, now - cell.dataTrip), null];
}

function add(total: number | null, seconds: number): number {
  return round((total ?? 0) + seconds * 1000);
}

function percent(value: number, exact: number): number | null {
  return exact === 0 ? null : Math.round(((value - exact) / exact) * 10000) / 100;
}

function requestKey(kernelId: string | null, msgId: string): string {
  return `${kernelId ?? ''}\u0000${msgId}`;
}

/** Records as cells finish, then the rest and the byte measurements. */
export async function* rateLimitRecords(events: AsyncIterable<SessionEvent>, limits: RateLimits = DEFAULT_RATE_LIMITS, options: RateLimitOptions = {}): AsyncGenerator<RateLimitRecord> {
  const replay = new RateLimitReplay(limits, options);
  for await (const event of events) yield* replay.add(event);
  yield* replay.finish();
}

/** `har rate-limits`: the limiter replayed on every connection, the real notices, the byte measurements. */
export async function* sessionRateLimits(sources: readonly InputSource[], options: SessionSourceOptions & { limits?: RateLimits } = {}): AsyncGenerator<RateLimitRecord> {
  // A file cut short still gives its open cells and byte counts, then its read error.
  const events = new EventsUntilReadError(sessionEvents(sources, options));
  yield* rateLimitRecords(events, options.limits ?? DEFAULT_RATE_LIMITS);
  if (events.error !== null) throw events.error;
}
