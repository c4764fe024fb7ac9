/**
 * Per-kernel bookkeeping for the conversation builder: incarnations (a new kernel
 * header.session is a restart), server-made messages, orphans and unparented messages, and
 * the display registry that display_id updates go through.
 */
import type { MessageRecord } from './decode-record.js';
import type { KernelSummary, MessageRef, OrphanGroup, UnparentedGroup } from './conversation-types.js';
import { isStatusMsg, isStreamMsg } from './messages.js';
import { DisplayRegistry, OutputArea } from './output-area.js';
import { applyOutputMessage } from './output-messages.js';
import { stringOrNull } from '../util/values.js';

/**
 * The server's own notice when it starts dropping iopub messages: jupyter_server (and Notebook 6)
 * send it as stderr text ("IOPub data rate exceeded." / "IOPub message rate exceeded.").
 */
const RATE_LIMIT_NOTICE = /^IOPub (message|data) rate exceeded\./;

/** Where received messages land: a request, an orphan group or the kernel's unparented list. */
export interface Target {
  area: OutputArea;
  messages: MessageRef[];
  rateLimited: boolean;
}

export interface KernelState {
  summary: KernelSummary;
  displays: DisplayRegistry;
  sessions: Set<string>;
  current: string | null;
  unparented: Target & { group: UnparentedGroup };
  /** Per parent msg_id; a group already handed to a GroupStore is only its handle. */
  orphans: Map<string, OrphanTarget | { stored: unknown }>;
}

export type OrphanTarget = Target & { group: OrphanGroup; lastMs: number; keepToEnd: boolean };

/** The record of an orphan group as it stands. */
export function orphanRecord(target: OrphanTarget): OrphanGroup {
  return { ...target.group, outputs: target.area.outputs, rate_limited: target.rateLimited };
}

/** `summary.duplicates` is filled in when the report is made, once every copy has been seen. */
export function newKernelState(kernelId: string | null): KernelState {
  const unparented: UnparentedGroup = { kind: 'unparented', kernel_id: kernelId, outputs: [], messages: [] };
  return {
    summary: { kind: 'kernel', kernel_id: kernelId, connections: [], incarnations: [], events: [], duplicates: 0 },
    displays: new DisplayRegistry(),
    sessions: new Set(),
    current: null,
    unparented: { group: unparented, area: new OutputArea(), messages: unparented.messages, rateLimited: false },
    orphans: new Map(),
  };
}

/** New kernel sessions (restarts) and the server's restarting/dead statuses. */
export function trackKernel(kernel: KernelState, r: MessageRecord): void {
  const time = { time: r.time, iso: r.iso };
  if (isStatusMsg(r) && r.parent_msg_id === null) {
    const executionState = r.content.execution_state;
    if (executionState === 'restarting' || executionState === 'dead' || executionState === 'starting') {
      kernel.summary.events.push({ kind: executionState, ...time });
    }
  }
  if (isServerMade(r) || r.session === null || kernel.sessions.has(r.session)) return;
  if (kernel.current !== null) kernel.summary.events.push({ kind: 'restart', ...time, from: kernel.current, to: r.session });
  kernel.sessions.add(r.session);
  kernel.current = r.session;
  kernel.summary.incarnations.push({ session: r.session, first: r.iso });
}

/** The group of messages whose parent request is not in the capture. */
export function orphanGroup(kernel: KernelState, r: MessageRecord, parent: string): OrphanTarget {
  let target = kernel.orphans.get(parent);
  if (target !== undefined && 'stored' in target) throw new Error(`orphan group ${parent} was already stored`);
  if (target === undefined) {
    const group: OrphanGroup = {
      kind: 'orphans',
      kernel_id: r.kernel_id,
      parent_msg_id: parent,
      parent_msg_type: r.parent_msg_type,
      parent_date: stringOrNull(r.parent_header.date),
      parent_session: stringOrNull(r.parent_header.session),
      outputs: [],
      rate_limited: false,
      messages: [],
    };
    target = { group, area: new OutputArea(), messages: group.messages, rateLimited: false, lastMs: -Infinity, keepToEnd: false };
    kernel.orphans.set(parent, target);
  }
  return target;
}

export function collect(target: Target, r: MessageRecord, ref: MessageRef, kernel: KernelState): void {
  target.messages.push(ref);
  applyOutput(target, r, kernel);
}

export function applyOutput(target: Target, r: MessageRecord, kernel: KernelState): void {
  if (isRateLimitNotice(r)) target.rateLimited = true;
  applyOutputMessage(target.area, kernel.displays, r);
}

export function noteConnection(summary: KernelSummary, r: MessageRecord): void {
  const { entry, session_id } = r.frame;
  if (!summary.connections.some((c) => c.entry === entry && c.session_id === session_id)) {
    summary.connections.push({ entry, session_id, first: r.iso });
  }
}

/**
 * Messages the server makes itself (the restarting/dead statuses, the rate-limit notice) carry
 * the connection's client session in header.session, not a kernel session, because the server
 * builds them with the session of the connection it writes to. restarting/dead statuses are
 * always the server's, even when the URL had no session.
 */
export function isServerMade(r: MessageRecord): boolean {
  if (r.session !== null && r.session === r.frame.session_id) return true;
  const state = isStatusMsg(r) ? r.content.execution_state : undefined;
  return state === 'restarting' || state === 'dead';
}

export function isRateLimitNotice(r: MessageRecord): boolean {
  return isStreamMsg(r) && r.content.name === 'stderr' && RATE_LIMIT_NOTICE.test(r.content.text) && (r.frame.session_id === null || isServerMade(r));
}
