/**
 * The timeline's records once the input is read: connections sorted and the gaps between them
 * (with the cells running across each), overlaps between busy intervals, restarts paired with the
 * `POST …/restart` before them, interrupts with the KeyboardInterrupt after them.
 */
import type { ConnectionInfo } from './connections-source.js';
import type { RunningCell, TimelineConnection, TimelineGap, TimelineInterrupt, TimelineRestart } from './timeline-types.js';
import { iso, joinNotes, round, type Interval, type KernelTimeline, type Timed } from './timeline-state.js';

export function closeAll(kernel: KernelTimeline, note: string): void {
  for (const [parent, interval] of kernel.intervals) {
    if (interval.idle_ms === null) interval.record.note = joinNotes(interval.record.note, note);
    kernel.intervals.delete(parent);
  }
}

export function connectionRecords(kernel: KernelTimeline): { info: ConnectionInfo; record: TimelineConnection }[] {
  const sorted = [...kernel.connections].sort((a, b) => (a.opened_ms ?? Infinity) - (b.opened_ms ?? Infinity));
  return sorted.map((info) => ({
    info,
    record: {
      kind: 'connection',
      kernel_id: info.kernel_id,
      file: info.file,
      entry: info.entry,
      session_id: info.session_id,
      protocol: info.protocol,
      opened: iso(info.opened_ms),
      closed: iso(info.closed_ms),
      last_frame: iso(info.last_frame_ms),
      frames: info.frames,
      note: info.closed_ms === null ? 'no close recorded (still open when the capture ended, or not a DevTools HAR): see last_frame' : null,
    },
  }));
}

/** Gaps between one connection's close and the next one's open, and the cells running across them. */
export function gapRecords(kernel: KernelTimeline, connections: { info: ConnectionInfo }[]): Timed<TimelineGap>[] {
  const gaps: Timed<TimelineGap>[] = [];
  let latestEnd: { ms: number; info: ConnectionInfo; closeKnown: boolean } | null = null;
  for (const { info } of connections) {
    if (latestEnd !== null && info.opened_ms !== null && info.opened_ms > latestEnd.ms) {
      const start = latestEnd.ms;
      const end = info.opened_ms;
      gaps.push({
        ms: start,
        record: {
          kind: 'gap',
          kernel_id: kernel.kernelId,
          from_entry: latestEnd.info.entry,
          to_entry: info.entry,
          start: iso(start),
          end: iso(end),
          ms: round(end - start),
          running: runningDuring(kernel.busy, start, end),
          note: latestEnd.closeKnown ? null : 'the close is not recorded: the gap starts at the last frame',
        },
      });
    }
    const closeKnown = info.closed_ms !== null;
    const endMs = info.closed_ms ?? info.last_frame_ms;
    if (endMs !== null && (latestEnd === null || endMs > latestEnd.ms)) latestEnd = { ms: endMs, info, closeKnown };
  }
  return gaps;
}

export function runningDuring(intervals: readonly Interval[], start: number, end: number): RunningCell[] {
  return intervals
    .filter((i) => i.record.channel !== 'control' && i.record.parent_msg_type === 'execute_request')
    .filter((i) => {
      const from = i.busy_ms ?? i.sent_ms;
      return from !== null && from < end && (i.idle_ms === null || i.idle_ms > start);
    })
    .map((i) => ({ msg_id: i.record.parent_msg_id, execution_count: i.record.execution_count, code: i.record.code, idle: i.record.idle }));
}

/** Each interval lists the other requests busy at the same time (shell beside control, subshells). */
export function markOverlaps(intervals: readonly Interval[]): void {
  const spans = intervals
    .filter((i) => i.busy_ms !== null)
    .map((i) => ({ i, from: i.busy_ms!, to: i.idle_ms ?? Infinity }))
    .sort((a, b) => a.from - b.from);
  for (let a = 0; a < spans.length; a++) {
    const first = spans[a]!;
    for (let b = a + 1; b < spans.length && spans[b]!.from < first.to; b++) {
      const second = spans[b]!;
      first.i.record.overlaps.push(second.i.record.parent_msg_id);
      second.i.record.overlaps.push(first.i.record.parent_msg_id);
    }
  }
}

export function restartRecords(kernel: KernelTimeline): Timed<TimelineRestart>[] {
  const requests = [...kernel.restartRequests].sort((a, b) => (a.ms ?? 0) - (b.ms ?? 0));
  const used = new Set<number>();
  const records: Timed<TimelineRestart>[] = [];
  for (const change of kernel.sessionChanges) {
    let match = -1;
    requests.forEach((request, index) => {
      if (!used.has(index) && request.ms !== null && change.ms !== null && request.ms <= change.ms) match = index;
    });
    const request = match === -1 ? undefined : requests[match];
    if (request !== undefined) used.add(match);
    records.push({
      ms: request?.ms ?? change.ms,
      record: {
        kind: 'restart',
        kernel_id: kernel.kernelId,
        requested: iso(request?.ms ?? null),
        http_status: request?.status ?? null,
        new_session: change.iso,
        from_session: change.from,
        to_session: change.to,
        note: request === undefined ? 'no POST …/restart in the capture (an automatic restart, or the request was filtered out)' : null,
      },
    });
  }
  requests.forEach((request, index) => {
    if (used.has(index)) return;
    records.push({
      ms: request.ms,
      record: {
        kind: 'restart',
        kernel_id: kernel.kernelId,
        requested: iso(request.ms),
        http_status: request.status,
        new_session: null,
        from_session: kernel.session,
        to_session: null,
        note: 'no message of a new kernel session follows in the capture',
      },
    });
  });
  return records;
}

export function interruptRecords(kernel: KernelTimeline): Timed<TimelineInterrupt>[] {
  const used = new Set<number>();
  return kernel.interruptRequests.map((request) => {
    const index = kernel.keyboardInterrupts.findIndex((k, i) => !used.has(i) && k.ms !== null && request.ms !== null && k.ms >= request.ms);
    const found = index === -1 ? undefined : kernel.keyboardInterrupts[index];
    if (found !== undefined) used.add(index);
    const cell = found?.parent === null || found === undefined ? undefined : kernel.busy.find((i) => i.record.parent_msg_id === found.parent);
    return {
      ms: request.ms,
      record: {
        kind: 'interrupt',
        kernel_id: kernel.kernelId,
        requested: iso(request.ms),
        via: request.via,
        http_status: request.status,
        keyboard_interrupt: found?.iso ?? null,
        cell_msg_id: found?.parent ?? null,
        code: cell?.record.code ?? null,
        execution_count: cell?.record.execution_count ?? null,
        delay_ms: found?.ms != null && request.ms !== null ? round(found.ms - request.ms) : null,
        note: found === undefined ? 'no KeyboardInterrupt followed (nothing was running, or the code caught it)' : null,
      },
    };
  });
}

