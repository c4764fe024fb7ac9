/**
 * Session events → timeline records, per kernel.
 *
 * Busy intervals are kept per parent request (`busy(p)` … `idle(p)`), not as one "last status
 * wins" flag: ipykernel publishes busy/idle for control requests too, and those run while a
 * shell request is busy. Restarts are a new kernel `header.session` (paired with the
 * `POST …/restart` before it), interrupts a `POST …/interrupt` or `interrupt_request` paired
 * with the KeyboardInterrupt error that follows. Only open requests are held while reading.
 */
import { isServerMade, type MessageRecord } from '../kernel/index.js';
import type { KernelRequest } from './connections-http.js';
import { detached } from '../util/values.js';
import { FirstDelivery } from './connections-dedupe.js';
import { closeAll, connectionRecords, gapRecords, interruptRecords, markOverlaps, restartRecords } from './timeline-finish.js';
import { iso, joinNotes, KernelTimeline, round, type Interval, type Timed } from './timeline-state.js';
import type { InputSource } from '../read/input.js';
import type { HarknifeError } from '../errors.js';
import { EventsUntilReadError, sessionEvents, type SessionEvent, type SessionSourceOptions } from './connections-source.js';
import type { TimelineBusy, TimelineRecord, TimelineShutdown } from './timeline-types.js';

/** What a busy record's overlaps are until the end, when each gets a list of its own. */
const NO_OVERLAPS = Object.freeze([]) as unknown as string[];

const CONTROL_REQUESTS = new Set(['interrupt_request', 'debug_request', 'create_subshell_request', 'delete_subshell_request', 'list_subshell_request']);

export interface TimelineOptions {
  /** What is kept of each request's code (default: all of it); `har report` shows only a line. */
  code?: (code: string) => string;
}

export class TimelineBuilder {
  private readonly kernels = new Map<string, KernelTimeline>();
  private readonly delivery = new FirstDelivery();
  private readonly sessionDeletes: KernelRequest[] = [];

  constructor(private readonly options: TimelineOptions = {}) {}

  add(event: SessionEvent): void {
    switch (event.kind) {
      case 'connection':
        this.kernel(event.connection.kernel_id).connections.push(event.connection);
        return;
      case 'http':
        this.http(event.request);
        return;
      case 'message':
        if (this.delivery.isFirst(event.record)) this.message(event.record, event.ms, event.file);
    }
  }

  private kernel(kernelId: string | null): KernelTimeline {
    const key = kernelId ?? '';
    let kernel = this.kernels.get(key);
    if (kernel === undefined) {
      kernel = new KernelTimeline(kernelId);
      this.kernels.set(key, kernel);
    }
    return kernel;
  }

  private http(request: KernelRequest): void {
    if (request.action === 'session-delete') {
      this.sessionDeletes.push(request);
      return;
    }
    if (request.kernel_id === null) return;
    const kernel = this.kernel(request.kernel_id);
    if (request.action === 'interrupt') kernel.interruptRequests.push({ ms: request.ms, via: 'http', status: request.status });
    else if (request.action === 'restart') kernel.restartRequests.push({ ms: request.ms, status: request.status });
    else if (request.action === 'shutdown') {
      const record: TimelineShutdown = { kind: 'shutdown', kernel_id: request.kernel_id, time: iso(request.ms), via: 'DELETE /api/kernels', session_id: null, http_status: request.status, note: null };
      kernel.shutdowns.push({ ms: request.ms, record });
    }
  }

  private message(r: MessageRecord, ms: number | null, file: string): void {
    const kernel = this.kernel(r.kernel_id);
    if (r.direction === 'send') {
      this.sent(kernel, r, ms);
      return;
    }
    if (!isServerMade(r) && r.session !== null && r.session !== kernel.session) {
      if (kernel.session !== null) kernel.sessionChanges.push({ ms, iso: r.iso, from: kernel.session, to: r.session });
      kernel.session = r.session;
    }
    const parent = r.parent_msg_id;
    if (r.msg_type === 'status') {
      this.status(kernel, r, ms, file);
      return;
    }
    if (r.msg_type === 'shutdown_reply' && r.content.restart !== true && !kernel.shutdownParents.has(parent ?? r.msg_id)) {
      kernel.shutdownParents.add(parent ?? r.msg_id);
      kernel.shutdowns.push({ ms, record: { kind: 'shutdown', kernel_id: r.kernel_id, time: r.iso, via: 'shutdown_reply', session_id: null, http_status: null, note: null } });
    }
    if (parent === null) return;
    const interval = kernel.intervals.get(parent);
    if (r.msg_type === 'error' && r.channel === 'iopub' && r.content.ename === 'KeyboardInterrupt') {
      kernel.keyboardInterrupts.push({ ms, iso: r.iso, parent });
    }
    if (interval === undefined) return;
    if (r.msg_type === 'execute_input' && typeof r.content.execution_count === 'number') interval.record.execution_count ??= r.content.execution_count;
    if ((r.channel === 'shell' || r.channel === 'control') && r.msg_type.endsWith('_reply')) {
      interval.record.status = typeof r.content.status === 'string' ? r.content.status : null;
      if (typeof r.content.execution_count === 'number') interval.record.execution_count = r.content.execution_count;
      interval.replied = true;
      if (interval.idle_ms !== null) kernel.intervals.delete(parent);
    }
  }

  private sent(kernel: KernelTimeline, r: MessageRecord, ms: number | null): void {
    if (r.msg_type === 'interrupt_request') kernel.interruptRequests.push({ ms, via: 'interrupt_request', status: null });
    if (r.msg_type === 'shutdown_request' && r.content.restart !== true) {
      kernel.shutdowns.push({ ms, record: { kind: 'shutdown', kernel_id: r.kernel_id, time: r.iso, via: 'shutdown_request', session_id: null, http_status: null, note: null } });
    }
    if (r.channel !== 'shell' && r.channel !== 'control') return;
    const code = r.msg_type === 'execute_request' && typeof r.content.code === 'string' ? (this.options.code?.(r.content.code) ?? r.content.code) : null;
    kernel.requests.set(r.msg_id, { msg_type: r.msg_type, channel: r.channel, code, sent_ms: ms });
  }

  private status(kernel: KernelTimeline, r: MessageRecord, ms: number | null, file: string): void {
    const state = typeof r.content.execution_state === 'string' ? r.content.execution_state : null;
    const parent = r.parent_msg_id;
    if (state === 'restarting' || state === 'dead' || state === 'starting' || parent === null) {
      if (state !== null && state !== 'busy' && state !== 'idle') {
        kernel.states.push({ ms, record: { kind: 'state', kernel_id: r.kernel_id, time: r.iso, state, note: isServerMade(r) ? 'sent by the server' : null } });
        if (state !== 'starting' || kernel.intervals.size > 0) closeAll(kernel, `the kernel went ${state} before idle`);
      }
      return;
    }
    let interval = kernel.intervals.get(parent);
    if (state === 'busy') {
      if (interval === undefined) {
        interval = this.open(kernel, r, parent, ms);
        kernel.intervals.set(parent, interval);
      }
      return;
    }
    if (state !== 'idle') return;
    if (interval === undefined || interval.idle_ms !== null) {
      if (interval !== undefined) return; // a second idle for one request: the first counts
      interval = this.open(kernel, r, parent, null);
      interval.record.note = joinNotes(interval.record.note, 'no busy in the capture (it started before the capture, or before the server subscribed)');
    }
    interval.idle_ms = ms;
    interval.idle_entry = r.frame.entry;
    interval.idle_file = file;
    interval.record.idle = keptIso(r);
    interval.record.ms = ms !== null && interval.busy_ms !== null ? round(ms - interval.busy_ms) : null;
    const expectsReply = (interval.record.parent_msg_type ?? '').endsWith('_request');
    if (interval.replied || !expectsReply) kernel.intervals.delete(parent);
    else kernel.intervals.set(parent, interval);
  }

  private open(kernel: KernelTimeline, r: MessageRecord, parent: string, busyMs: number | null): Interval {
    const request = kernel.requests.get(parent);
    kernel.requests.delete(parent);
    const parentType = request?.msg_type ?? r.parent_msg_type;
    const record: TimelineBusy = {
      kind: 'busy',
      kernel_id: r.kernel_id,
      parent_msg_id: parent,
      parent_msg_type: parentType,
      channel: request?.channel ?? (parentType !== null && CONTROL_REQUESTS.has(parentType) ? 'control' : null),
      // The kernel's current session (the same text as r.session): one string per session, not per record.
      kernel_session: isServerMade(r) || r.session === null ? null : kernel.session,
      code: request?.code ?? null,
      execution_count: null,
      status: null,
      // `sent` and `overlaps` are made at the end (`finishKernels`): nothing to keep per interval until then.
      sent: null,
      busy: busyMs === null ? null : keptIso(r),
      idle: null,
      ms: null,
      overlaps: NO_OVERLAPS,
      note: request !== undefined ? null : isNudge(r) ? "the server's own request when the connection opened (its nudge)" : 'the request is not in the capture',
    };
    const interval: Interval = { record, busy_ms: busyMs, idle_ms: null, sent_ms: request?.sent_ms ?? null, idle_entry: null, idle_file: null, replied: false };
    kernel.busy.push(interval);
    return interval;
  }

  finish(): TimelineRecord[] {
    return this.finishTimed().map((t) => t.record);
  }

  /** The records with their times as numbers, kernel by kernel, each kernel's in time order. */
  finishTimed(): Timed<TimelineRecord>[] {
    const out: Timed<TimelineRecord>[] = [];
    for (const timed of this.finishKernels()) out.push(...timed);
    return out;
  }

  /**
   * The same a kernel at a time (kernels without records too). Once the next is asked for, the
   * builder lets go of the kernel's busy intervals: a caller that keeps only what it was given
   * (`har report` spills each kernel's) never holds the whole timeline twice.
   */
  *finishKernels(): Generator<Timed<TimelineRecord>[]> {
    for (const kernel of this.kernels.values()) {
      closeAll(kernel, 'no idle in the capture');
      const timed: Timed<TimelineRecord>[] = [];
      const connections = connectionRecords(kernel);
      timed.push(...connections.map((c) => ({ ms: c.info.opened_ms, record: c.record as TimelineRecord, ...spanOf(c.info.opened_ms, c.info.closed_ms ?? c.info.last_frame_ms) })));
      timed.push(...gapRecords(kernel, connections));
      for (const interval of kernel.busy) {
        interval.record.sent = iso(interval.sent_ms);
        interval.record.overlaps = [];
      }
      markOverlaps(kernel.busy);
      timed.push(...kernel.busy.map((i) => ({ ms: i.busy_ms ?? i.sent_ms ?? i.idle_ms, record: i.record as TimelineRecord, ...spanOf(i.sent_ms ?? i.busy_ms ?? i.idle_ms, i.idle_ms ?? i.busy_ms) })));
      timed.push(...restartRecords(kernel), ...interruptRecords(kernel), ...kernel.states, ...kernel.shutdowns);
      timed.push(...this.sessionDeleteRecords(kernel));
      timed.sort((a, b) => (a.ms ?? Infinity) - (b.ms ?? Infinity));
      yield timed;
      kernel.busy.length = 0;
    }
  }

  /** `DELETE /api/sessions/<id>` does not name the kernel: it goes to the kernel only when the capture has one. */
  private sessionDeleteRecords(kernel: KernelTimeline): Timed<TimelineShutdown>[] {
    const only = [...this.kernels.values()].filter((k) => k.kernelId !== null);
    if (kernel.kernelId === null ? only.length === 1 : only.length !== 1 || only[0] !== kernel) return [];
    return this.sessionDeletes.map((request) => ({
      ms: request.ms,
      record: {
        kind: 'shutdown',
        kernel_id: kernel.kernelId,
        time: iso(request.ms),
        via: 'DELETE /api/sessions',
        session_id: request.session_id,
        http_status: request.status,
        note: kernel.kernelId === null ? 'the URL names the session, not its kernel' : 'the URL names the session; this is the only kernel in the capture',
      },
    }));
  }
}

function spanOf(start: number | null, end: number | null): { span?: { start: number; end: number } } {
  return start === null ? {} : { span: { start, end: Math.max(start, end ?? start) } };
}

/** A message's time kept in a record for the whole capture: detached (the decoder's may be a joined string). */
function keptIso(r: MessageRecord): string | null {
  return r.iso === null ? null : detached(r.iso);
}

/** The server's kernel_info nudge carries the connection's session as its parent session. */
function isNudge(r: MessageRecord): boolean {
  return r.frame.session_id !== null && r.parent_header.session === r.frame.session_id;
}

export async function buildTimeline(events: AsyncIterable<SessionEvent>): Promise<TimelineRecord[]> {
  const builder = new TimelineBuilder();
  for await (const event of events) builder.add(event);
  return builder.finish();
}

/** `har timeline`: the timeline records of HAR files or `har ws-messages` NDJSON, kernel by kernel. */
export function sessionTimeline(sources: readonly InputSource[], options: SessionSourceOptions = {}): Promise<TimelineRecord[]> {
  return buildTimeline(sessionEvents(sources, options));
}

/** The same, and a read error that ended the input early instead of a throw: the records cover what was read. */
export async function sessionTimelineUntilError(sources: readonly InputSource[], options: SessionSourceOptions = {}): Promise<{ records: TimelineRecord[]; error: HarknifeError | null }> {
  const events = new EventsUntilReadError(sessionEvents(sources, options));
  const records = await buildTimeline(events);
  return { records, error: events.error };
}
