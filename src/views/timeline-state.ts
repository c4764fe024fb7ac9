/** Per-kernel state of the timeline builder, while reading and when finishing. */
import type { Channel } from '../kernel/index.js';
import type { ConnectionInfo } from './connections-source.js';
import type { TimelineBusy, TimelineInterrupt, TimelineShutdown, TimelineState } from './timeline-types.js';

export interface SentRequest {
  msg_type: string;
  channel: Channel;
  code: string | null;
  sent_ms: number | null;
}

export interface Interval {
  record: TimelineBusy;
  busy_ms: number | null;
  idle_ms: number | null;
  sent_ms: number | null;
  idle_entry: number | null;
  idle_file: string | null;
  replied: boolean;
}

/** A record with its epoch ms (sub-millisecond where the HAR has it): for sorting, and for the trace. */
export interface Timed<T> {
  ms: number | null;
  record: T;
  /** Requests and connections: from send (open) to idle (close or last frame). */
  span?: { start: number; end: number };
}

/** Per-kernel state while reading. */
export class KernelTimeline {
  readonly requests = new Map<string, SentRequest>();
  /** Intervals by parent msg_id until both idle and reply are in. */
  readonly intervals = new Map<string, Interval>();
  readonly busy: Interval[] = [];
  readonly connections: ConnectionInfo[] = [];
  readonly states: Timed<TimelineState>[] = [];
  readonly shutdowns: Timed<TimelineShutdown>[] = [];
  readonly sessionChanges: { ms: number | null; iso: string | null; from: string; to: string }[] = [];
  readonly interruptRequests: { ms: number | null; via: TimelineInterrupt['via']; status: number | null }[] = [];
  readonly restartRequests: { ms: number | null; status: number | null }[] = [];
  readonly keyboardInterrupts: { ms: number | null; iso: string | null; parent: string | null }[] = [];
  readonly shutdownParents = new Set<string>();
  session: string | null = null;

  constructor(readonly kernelId: string | null) {}
}

export function iso(ms: number | null): string | null {
  if (ms === null || !Number.isFinite(ms)) return null;
  return new Date(ms).toISOString();
}

export function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

export function joinNotes(first: string | null, second: string): string {
  return first === null ? second : `${first}; ${second}`;
}
