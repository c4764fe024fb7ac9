/**
 * `har trace`: the session as Chrome trace-event JSON (the "JSON Object Format" of the Trace
 * Event Format document), which chrome://tracing and Perfetto open.
 *
 * One process per kernel (`process_name` metadata); threads for the request lanes of each
 * channel and for each connection (`thread_name`); a complete event (`ph: "X"`, `ts`/`dur` in
 * µs) per executed cell from send to idle; async events (`b`/`e`) for requests that overlap
 * others (from send to idle); instant events (`ph: "i"`) for restarts, interrupts, connection gaps, shutdowns,
 * server states and rate-limit notices. Times are µs since the first event of the capture.
 */
import { RateLimitReplay } from './rate-limit.js';
import type { RateLimitNotice, RateLimitRecord } from './rate-limit-types.js';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './rate-limit-window.js';
import { TimelineBuilder } from './timeline-build.js';
import type { Timed } from './timeline-state.js';
import type { TimelineBusy, TimelineRecord } from './timeline-types.js';
import { timelineTime } from './timeline-types.js';
import { firstLine } from './connections-rows.js';
import type { InputSource } from '../read/input.js';
import type { HarknifeError } from '../errors.js';
import { EventsUntilReadError, sessionEvents, type SessionEvent, type SessionSourceOptions } from './connections-source.js';

export type TracePhase = 'X' | 'B' | 'E' | 'b' | 'e' | 'i' | 'M';

export interface TraceEvent {
  name: string;
  cat?: string;
  ph: TracePhase;
  /** Microseconds. */
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  /** Async events: the id that pairs b with e. */
  id?: string;
  /** Instant events: g(lobal), p(rocess) or t(hread). */
  s?: 'g' | 'p' | 't';
  args?: Record<string, unknown>;
}

export interface TraceFile {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ms';
  otherData: Record<string, string>;
}

interface TimedEvent {
  ms: number;
  /** Complete events: when they end (dur is worked out in whole µs from both ends, so lanes stay nested). */
  end?: number;
  event: Omit<TraceEvent, 'ts' | 'pid'> & { pid?: number };
}

const CONNECTION_TID_BASE = 100;
const LANE_TIDS: Record<string, number> = { shell: 1, control: 20, other: 40 };

/** Per-kernel process: lanes are threads, so that no two complete events on one thread overlap. */
class KernelProcess {
  private readonly lanes = new Map<string, number[]>();
  readonly threads = new Map<number, string>();
  private connections = 0;

  constructor(
    readonly pid: number,
    readonly kernelId: string | null,
  ) {}

  /** The first lane of a channel free at `start`, marked busy until `end`. */
  lane(channel: string, start: number, end: number): number {
    const ends = this.lanes.get(channel) ?? [];
    this.lanes.set(channel, ends);
    let index = ends.findIndex((busyUntil) => busyUntil <= start);
    if (index === -1) index = ends.push(end) - 1;
    else ends[index] = end;
    const tid = (LANE_TIDS[channel] ?? LANE_TIDS.other!) + index;
    if (!this.threads.has(tid)) this.threads.set(tid, index === 0 ? channel : `${channel} (overlapping ${index + 1})`);
    return tid;
  }

  connectionThread(name: string): number {
    const tid = CONNECTION_TID_BASE + this.connections++;
    this.threads.set(tid, name);
    return tid;
  }
}

export async function buildTrace(events: AsyncIterable<SessionEvent>, limits: RateLimits = DEFAULT_RATE_LIMITS): Promise<TraceFile> {
  return traceFileOf(await buildTraceParts(events, limits));
}

/**
 * The trace as parts to write one event at a time: the timeline builder and its records are
 * dropped once the events are made, and each event is let go as it is written, so the written
 * JSON text is never whole in memory.
 */
export interface TraceParts {
  /** Metadata events first, then the timed events in time order (each given once). */
  events: Iterable<TraceEvent>;
  displayTimeUnit: 'ms';
  otherData: Record<string, string>;
}

export async function buildTraceParts(events: AsyncIterable<SessionEvent>, limits: RateLimits = DEFAULT_RATE_LIMITS): Promise<TraceParts> {
  let timeline: TimelineBuilder | null = new TimelineBuilder();
  let replay: RateLimitReplay | null = new RateLimitReplay(limits);
  const notices: RateLimitNotice[] = [];
  const keep = (records: RateLimitRecord[]) => {
    for (const record of records) if (record.kind === 'notice') notices.push(record);
  };
  for await (const event of events) {
    timeline.add(event);
    keep(replay.add(event));
  }
  keep(replay.finish());
  const records = timeline.finishTimed();
  // This async function's frame would hold the builder (its per-kernel state and remembered
  // message ids) and the replay while the events are made: let them go first.
  timeline = null;
  replay = null;
  return traceParts(records, notices);
}

/** Trace events from timeline records (with their times as numbers) and rate-limit notices. */
export function traceOf(records: readonly Timed<TimelineRecord>[], notices: readonly RateLimitNotice[]): TraceFile {
  return traceFileOf(traceParts(records, notices));
}

function traceFileOf(parts: TraceParts): TraceFile {
  return { traceEvents: [...parts.events], displayTimeUnit: parts.displayTimeUnit, otherData: parts.otherData };
}

/** The parts of the trace file; `events` can be iterated once. */
export function traceParts(records: readonly Timed<TimelineRecord>[], notices: readonly RateLimitNotice[]): TraceParts {
  const processes = new Map<string, KernelProcess>();
  const processOf = (kernelId: string | null) => {
    const key = kernelId ?? '';
    let process = processes.get(key);
    if (process === undefined) {
      process = new KernelProcess(processes.size + 1, kernelId);
      processes.set(key, process);
    }
    return process;
  };
  const timed: TimedEvent[] = [];
  const busyRecords = records
    .filter((t): t is Timed<TimelineBusy> & { span: { start: number; end: number } } => t.record.kind === 'busy' && t.span !== undefined)
    .sort((a, b) => a.span.start - b.span.start);
  const requests = busyRecords.map((t) => busyEvent(processOf(t.record.kernel_id), t.record, t.span));
  timed.push(...requests);
  for (const process of processes.values()) timed.push(...overlapEvents(requests.filter((t) => t.event.pid === process.pid)));
  for (const t of records) {
    if (t.record.kind === 'busy') continue;
    const event = otherEvent(processOf(t.record.kernel_id), t.record, t);
    if (event !== null) timed.push(event);
  }
  for (const notice of notices) {
    const ms = msOf(notice.time);
    if (ms === null) continue;
    timed.push({
      ms,
      event: {
        name: `IOPub ${notice.which} rate exceeded`,
        cat: 'rate-limit',
        ph: 'i',
        s: 'p',
        tid: 0,
        pid: processOf(notice.kernel_id).pid,
        args: { cell: notice.code === null ? notice.msg_id : firstLine(notice.code, 80), execution_count: notice.execution_count, dropped_messages: notice.dropped_messages, over_by: notice.over_by, option: notice.option },
      },
    });
  }
  const start = timed.reduce((min, t) => Math.min(min, t.ms), Infinity);
  const origin = Number.isFinite(start) ? start : 0;
  const metadata: TraceEvent[] = [];
  for (const process of processes.values()) {
    metadata.push({ name: 'process_name', ph: 'M', ts: 0, pid: process.pid, tid: 0, args: { name: `kernel ${process.kernelId ?? '(unknown)'}` } });
    for (const [tid, name] of [...process.threads].sort((a, b) => a[0] - b[0])) {
      metadata.push({ name: 'thread_name', ph: 'M', ts: 0, pid: process.pid, tid, args: { name } });
      metadata.push({ name: 'thread_sort_index', ph: 'M', ts: 0, pid: process.pid, tid, args: { sort_index: tid } });
    }
  }
  // Sorted by time (stable), then reversed so that pop() gives them in that order and lets each go.
  timed.sort((a, b) => a.ms - b.ms).reverse();
  function* events(): Generator<TraceEvent> {
    yield* metadata.splice(0);
    for (let next = timed.pop(); next !== undefined; next = timed.pop()) {
      const { ms, end, event } = next;
      const ts = micros(ms - origin);
      yield { ...event, pid: event.pid ?? 0, ts, ...(end === undefined ? {} : { dur: micros(end - origin) - ts }) };
    }
  }
  return { events: events(), displayTimeUnit: 'ms', otherData: { producer: 'harknife har trace', capture_start: Number.isFinite(start) ? new Date(origin).toISOString() : '' } };
}

/** Longest run of events joined into one written string. */
const TRACE_CHUNK_CHARS = 64 * 1024;

/** The compact JSON text of the trace file in pieces of about 64 KiB, the same text as `JSON.stringify` of the whole file, and a newline. */
export function* traceJsonParts(parts: TraceParts): Generator<string> {
  let chunk = '{"traceEvents":[';
  let first = true;
  for (const event of parts.events) {
    chunk += (first ? '' : ',') + JSON.stringify(event);
    first = false;
    if (chunk.length >= TRACE_CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}],"displayTimeUnit":${JSON.stringify(parts.displayTimeUnit)},"otherData":${JSON.stringify(parts.otherData)}}\n`;
}

/** A request: a complete event from send to idle, in the first free lane of its channel. */
function busyEvent(process: KernelProcess, busy: TimelineBusy, span: { start: number; end: number }): TimedEvent {
  const isCell = busy.parent_msg_type === 'execute_request';
  const tid = process.lane(busy.channel ?? 'other', span.start, span.end);
  const name = isCell ? `[${busy.execution_count ?? ' '}] ${firstLine(busy.code ?? '', 60)}` : (busy.parent_msg_type ?? 'request');
  const args: Record<string, unknown> = {
    msg_id: busy.parent_msg_id,
    status: busy.status,
    execution_count: busy.execution_count,
    queued_ms: diff(msOf(busy.busy), msOf(busy.sent)),
    running_ms: busy.ms,
  };
  if (isCell) args.code = busy.code;
  if (busy.idle === null) args.incomplete = 'no idle in the capture';
  if (busy.note !== null) args.note = busy.note;
  return { ms: span.start, end: span.end, event: { name, cat: isCell ? 'cell' : 'request', ph: 'X', tid, pid: process.pid, args } };
}

/** Requests in flight at the same time (sent before the other's idle): an async slice each, from send to idle. */
function overlapEvents(cells: readonly TimedEvent[]): TimedEvent[] {
  const spans = cells.map((t) => ({ t, end: t.end ?? t.ms })).sort((a, b) => a.t.ms - b.t.ms);
  const overlapping = new Set<TimedEvent>();
  for (let a = 0; a < spans.length; a++) {
    for (let b = a + 1; b < spans.length && spans[b]!.t.ms < spans[a]!.end; b++) {
      overlapping.add(spans[a]!.t);
      overlapping.add(spans[b]!.t);
    }
  }
  return spans
    .filter((span) => overlapping.has(span.t))
    .flatMap(({ t, end }) => {
      const id = String(t.event.args?.['msg_id']);
      const common = { name: t.event.name, cat: 'in flight', id, tid: t.event.tid, pid: t.event.pid };
      return [
        { ms: t.ms, event: { ...common, ph: 'b' as const } },
        { ms: end, event: { ...common, ph: 'e' as const } },
      ];
    });
}

function otherEvent(process: KernelProcess, record: Exclude<TimelineRecord, TimelineBusy>, timed: Timed<TimelineRecord>): TimedEvent | null {
  const ms = timed.ms ?? msOf(timelineTime(record));
  if (ms === null) return null;
  const instant = (name: string, cat: string, args: Record<string, unknown>): TimedEvent => ({ ms, event: { name, cat, ph: 'i', s: 'p', tid: 0, pid: process.pid, args } });
  switch (record.kind) {
    case 'connection': {
      const tid = process.connectionThread(`connection entry ${record.entry ?? '?'} (${record.session_id ?? 'no session'})`);
      const span = timed.span ?? { start: ms, end: ms };
      return { ms: span.start, end: span.end, event: { name: 'connection', cat: 'connection', ph: 'X', tid, pid: process.pid, args: { session_id: record.session_id, protocol: record.protocol, frames: record.frames, closed: record.closed, note: record.note } } };
    }
    case 'gap':
      return instant('connection gap', 'connection', { ms: record.ms, running: record.running.map((c) => `[${c.execution_count ?? ' '}] ${firstLine(c.code ?? c.msg_id)}`), note: record.note });
    case 'restart':
      return instant('restart', 'kernel', { from_session: record.from_session, to_session: record.to_session, http_status: record.http_status, note: record.note });
    case 'interrupt':
      return instant('interrupt', 'kernel', { via: record.via, keyboard_interrupt: record.keyboard_interrupt, cell: record.cell_msg_id, delay_ms: record.delay_ms, note: record.note });
    case 'shutdown':
      return instant('shutdown', 'kernel', { via: record.via, http_status: record.http_status, note: record.note });
    case 'state':
      return instant(`status ${record.state}`, 'kernel', { note: record.note });
  }
}

function msOf(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

function micros(ms: number): number {
  return Math.max(0, Math.round(ms * 1000));
}

function diff(later: number | null, earlier: number | null): number | null {
  return later === null || earlier === null ? null : Math.round((later - earlier) * 1000) / 1000;
}

/** `har trace`: the trace-event file of HAR files or `har ws-messages` NDJSON. */
export function sessionTrace(sources: readonly InputSource[], options: SessionSourceOptions & { limits?: RateLimits } = {}): Promise<TraceFile> {
  return buildTrace(sessionEvents(sources, options), options.limits ?? DEFAULT_RATE_LIMITS);
}

/** The same as parts to stream, and a read error that ended the input early instead of a throw: the trace covers what was read. */
export async function sessionTraceUntilError(sources: readonly InputSource[], options: SessionSourceOptions & { limits?: RateLimits } = {}): Promise<{ trace: TraceParts; error: HarknifeError | null }> {
  const events = new EventsUntilReadError(sessionEvents(sources, options));
  const trace = await buildTraceParts(events, options.limits ?? DEFAULT_RATE_LIMITS);
  return { trace, error: events.error };
}
