/**
 * One request's conversation while the run is under way, and the record it becomes: opened
 * from the send frame, closed with the done rule (JupyterLab's `KernelFutureHandler`: a
 * request is done when both its reply and its idle status have come) and the durations.
 */
import type { Conversation, MessageRef } from './conversation-types.js';
import type { Distinct } from './deliveries.js';
import { isExecuteRequestMsg } from './messages.js';
import type { MessageRecord } from './decode-record.js';
import { OutputArea } from './output-area.js';
import type { Target } from './kernel-state.js';
import { stringOrNull } from '../util/values.js';
import { harTimeToEpochMs } from '../ws/har-time.js';

/** How a frontend shows the user's answer to an input() prompt (see InputEcho). */
export type FrontendEcho = 'stdout' | 'stdin' | 'none';

export interface ConversationState extends Target {
  conv: Conversation;
  sentMs: number | null;
  busyMs: number | null;
  idleMs: number | null;
  replyMs: number | null;
  /** Kernel clock (header dates), for kernel_ms. */
  busyDate: number | null;
  idleDate: number | null;
  replyDate: number | null;
  startedDate: number | null;
  inputWaitMs: number;
  /** The echo of the frontend that sent the request, when it can be recognised. */
  autoEcho: FrontendEcho;
  sawIdle: boolean;
  sawReply: boolean;
  /** Its place in the order requests were opened. */
  opened: number;
  /** Time (epoch ms, as ordered) of the latest message taken for it. */
  lastMs: number;
  /** Showed a display_id: an update_display_data of any later request may still rewrite it. */
  keepToEnd: boolean;
}

export function openConversation(item: Distinct, ref: MessageRef, autoEcho: FrontendEcho): ConversationState {
  const r = item.record;
  const execute = isExecuteRequestMsg(r) ? r : null;
  const conv: Conversation = {
    kind: 'conversation',
    kernel_id: r.kernel_id,
    kernel_session: null,
    connection: { entry: r.frame.entry, session_id: r.frame.session_id },
    msg_id: r.msg_id,
    msg_type: r.msg_type,
    channel: r.channel,
    code: execute === null ? null : execute.content.code,
    silent: execute !== null && execute.content.silent === true,
    cell_id: stringOrNull(r.metadata.cellId),
    time: r.time,
    times: { sent: r.iso, busy: null, execute_input: null, reply: null, idle: null },
    done: false,
    status: null,
    execution_count: null,
    error: null,
    outputs: [],
    stdin: [],
    comm: {},
    durations: { queued_ms: null, running_ms: null, wall_ms: null, kernel_ms: null, input_wait_ms: null },
    flags: { after_idle: false, rate_limited: false, aborted: false, no_response: false, conflicting_ids: item.conflicting },
    resent: item.arrivals.length - 1,
    messages: [ref],
  };
  return {
    conv,
    area: new OutputArea(),
    messages: conv.messages,
    rateLimited: false,
    sentMs: msOf(r),
    busyMs: null,
    idleMs: null,
    replyMs: null,
    busyDate: null,
    idleDate: null,
    replyDate: null,
    startedDate: null,
    inputWaitMs: 0,
    autoEcho,
    sawIdle: false,
    sawReply: false,
    opened: 0,
    lastMs: item.sortTime,
    keepToEnd: false,
  };
}

/** JupyterLab's done rule: the idle status, and the reply for requests that get one. */
export function isDone(state: ConversationState): boolean {
  return state.sawIdle && (!state.conv.msg_type.endsWith('_request') || state.sawReply);
}

/** The record: done rule, outputs, the error an error output shows, flags and durations. */
export function closeConversation(state: ConversationState): Conversation {
  const { conv } = state;
  conv.done = isDone(state);
  conv.outputs = state.area.outputs;
  const errorOutput = conv.outputs.find((o) => o.output_type === 'error');
  if (conv.error === null && errorOutput !== undefined) conv.error = { ename: errorOutput.ename, evalue: errorOutput.evalue };
  conv.flags.rate_limited = state.rateLimited;
  conv.flags.no_response = state.messages.every((m) => m.direction === 'send');
  const last = state.replyMs === null ? state.idleMs : state.idleMs === null ? state.replyMs : Math.max(state.replyMs, state.idleMs);
  const kernelMs =
    state.replyDate !== null && state.startedDate !== null
      ? state.replyDate - state.startedDate
      : state.idleDate !== null && state.busyDate !== null
        ? state.idleDate - state.busyDate
        : null;
  conv.durations = {
    queued_ms: difference(state.busyMs, state.sentMs),
    running_ms: difference(state.idleMs, state.busyMs),
    wall_ms: difference(last, state.sentMs),
    kernel_ms: kernelMs === null ? null : round(kernelMs),
    input_wait_ms: conv.stdin.length === 0 ? null : round(state.inputWaitMs),
  };
  return conv;
}

/** Requests are keyed by kernel and msg_id: two kernels may well reuse an id. */
export function requestKey(kernelId: string | null, msgId: string): string {
  return `${kernelId ?? ''}\u0000${msgId}`;
}

/** A record's HAR time as epoch milliseconds. */
export function msOf(record: Pick<MessageRecord, 'time'>): number | null {
  return record.time === null ? null : harTimeToEpochMs(record.time);
}

function difference(later: number | null, earlier: number | null): number | null {
  return later === null || earlier === null ? null : round(later - earlier);
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
