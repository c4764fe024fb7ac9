/**
 * Decoded messages → one record per request, with its reply, status, outputs and stdin
 * (research §7, JupyterLab `future.ts` for the done rule and OutputAreaModel for outputs).
 *
 * `add()` keeps one entry per distinct message and folds copies of it (the same iopub message
 * on every connection of a kernel, reconnect replays, resends) into its arrival list. The
 * conversation work happens in `finish()`, over all messages in time order: in a HAR the
 * frames of one connection come before those of the next, so an iopub copy on an early
 * connection can precede, in file order, the request another connection sent.
 */
import type { DecodedRecord, MessageRecord } from './decode-record.js';
import {
  DEFAULT_CONVERSATION_OPTIONS,
  type Arrival,
  type Conversation,
  type ConversationOptions,
  type ConversationRecord,
  type ConversationReport,
  type MessageRef,
  type OrphanGroup,
  type StdinExchange,
  type UnparentedGroup,
} from './conversation-types.js';
import { parseHeaderDate } from './dates.js';
import { isReplyTo, type JsonObject } from './messages.js';
import { OutputArea } from './output-area.js';
import { applyDisplayUpdate } from './output-messages.js';
import { applyOutput, collect, isServerMade, newKernelState, noteConnection, orphanGroup, trackKernel, type KernelState, type Target } from './kernel-state.js';
import { harTimeToEpochMs } from '../ws/har-time.js';

interface Distinct {
  seq: number;
  record: MessageRecord;
  arrivals: Arrival[];
  sortTime: number;
  conflicting: boolean;
}

interface ConversationState extends Target {
  conv: Conversation;
  sentMs: number | null;
  busyMs: number | null;
  idleMs: number | null;
  replyMs: number | null;
  busyDate: number | null;
  idleDate: number | null;
  replyDate: number | null;
  startedDate: number | null;
  inputWaitMs: number;
  /** The echo of the frontend that sent the request, when it can be recognised (see InputEcho). */
  autoEcho: 'stdout' | 'stdin' | 'none';
  sawIdle: boolean;
  sawReply: boolean;
}

interface PendingInput {
  state: ConversationState;
  exchange: StdinExchange;
  requestedMs: number | null;
  kernelId: string | null;
  client: string | null;
}

export class ConversationBuilder {
  private readonly distinct: Distinct[] = [];
  private readonly byKey = new Map<string, Distinct[]>();
  private readonly duplicates = new Map<string, number>();
  private lastTime = 0;
  private readonly options: Required<ConversationOptions>;

  constructor(options: ConversationOptions = {}) {
    this.options = { ...DEFAULT_CONVERSATION_OPTIONS, ...options };
  }

  /** Non-message records are ignored, so a whole `kernel-decode` stream can be fed in. */
  add(record: DecodedRecord): void {
    if (record.kind !== 'message') return;
    const arrival: Arrival = { entry: record.frame.entry, index: record.frame.index, time: record.time, iso: record.iso };
    const ms = record.time === null ? null : harTimeToEpochMs(record.time);
    const sortTime = ms ?? this.lastTime;
    this.lastTime = sortTime;
    const key = record.msg_id === '' ? null : [record.kernel_id, record.direction, record.session, record.msg_id].join('\u0000');
    const same = key === null ? [] : (this.byKey.get(key) ?? []);
    const copyOf = same.find((d) => samePayload(d.record, record));
    if (copyOf !== undefined) {
      copyOf.arrivals.push(arrival);
      copyOf.sortTime = Math.min(copyOf.sortTime, sortTime);
      const kernel = record.kernel_id ?? '';
      this.duplicates.set(kernel, (this.duplicates.get(kernel) ?? 0) + 1);
      return;
    }
    // Buffers are not needed for conversations; dropping them keeps memory to the JSON parts.
    const entry: Distinct = { seq: this.distinct.length, record: { ...record, buffers: [] }, arrivals: [arrival], sortTime, conflicting: same.length > 0 };
    for (const other of same) other.conflicting = true;
    this.distinct.push(entry);
    if (key !== null) this.byKey.set(key, [...same, entry]);
  }

  finish(): ConversationReport {
    const run = new Run(this.duplicates, this.options);
    const ordered = [...this.distinct].sort((a, b) => a.sortTime - b.sortTime || a.seq - b.seq);
    for (const item of ordered) run.take(item);
    return run.report();
  }
}

export function buildConversations(records: Iterable<DecodedRecord>, options: ConversationOptions = {}): ConversationReport {
  const builder = new ConversationBuilder(options);
  for (const record of records) builder.add(record);
  return builder.finish();
}

/** The report as NDJSON records: conversations, then orphans, unparented and kernel summaries. */
export function conversationRecords(report: ConversationReport): ConversationRecord[] {
  return [...report.conversations, ...report.orphans, ...report.unparented, ...report.kernels];
}

function samePayload(a: MessageRecord, b: MessageRecord): boolean {
  return a.msg_type === b.msg_type && a.channel === b.channel && JSON.stringify(a.content) === JSON.stringify(b.content);
}

/** One pass over the distinct messages in time order. */
class Run {
  private readonly conversations: ConversationState[] = [];
  private readonly requests = new Map<string, ConversationState>();
  private readonly inputRequests = new Map<string, PendingInput>();
  private readonly kernels = new Map<string, KernelState>();

  constructor(
    private readonly duplicates: Map<string, number>,
    private readonly options: Required<ConversationOptions>,
  ) {}

  take(item: Distinct): void {
    const r = item.record;
    const kernel = this.kernel(r.kernel_id);
    noteConnection(kernel.summary, r);
    const ref = messageRef(item);
    if (r.direction === 'send') {
      if (r.msg_type === 'input_reply') this.takeInputReply(item, ref, kernel);
      else this.takeRequest(item, ref);
      return;
    }
    trackKernel(kernel, r);
    applyDisplayUpdate(kernel.displays, r);
    const parent = r.parent_msg_id;
    const state = parent === null ? undefined : this.requests.get(requestKey(r.kernel_id, parent));
    if (state !== undefined) this.attach(state, item, ref, kernel);
    else if (parent === null) collect(kernel.unparented, r, ref, kernel);
    else collect(orphanGroup(kernel, r, parent), r, ref, kernel);
  }

  private takeRequest(item: Distinct, ref: MessageRef): void {
    const r = item.record;
    const key = requestKey(r.kernel_id, r.msg_id);
    const existing = this.requests.get(key);
    if (existing !== undefined) {
      existing.conv.resent += item.arrivals.length;
      existing.conv.flags.conflicting_ids = true;
      return;
    }
    const code = r.msg_type === 'execute_request' && typeof r.content.code === 'string' ? r.content.code : null;
    const cellId = typeof r.metadata.cellId === 'string' ? r.metadata.cellId : null;
    const conv: Conversation = {
      kind: 'conversation',
      kernel_id: r.kernel_id,
      kernel_session: null,
      connection: { entry: r.frame.entry, session_id: r.frame.session_id },
      msg_id: r.msg_id,
      msg_type: r.msg_type,
      channel: r.channel,
      code,
      silent: r.msg_type === 'execute_request' && r.content.silent === true,
      cell_id: cellId,
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
    const state: ConversationState = {
      conv,
      area: new OutputArea(),
      messages: conv.messages,
      rateLimited: false,
      sentMs: msOf(r.time),
      busyMs: null,
      idleMs: null,
      replyMs: null,
      busyDate: null,
      idleDate: null,
      replyDate: null,
      startedDate: null,
      inputWaitMs: 0,
      autoEcho: frontendEcho(r),
      sawIdle: false,
      sawReply: false,
    };
    this.requests.set(key, state);
    this.conversations.push(state);
  }

  private takeInputReply(item: Distinct, ref: MessageRef, kernel: KernelState): void {
    const r = item.record;
    const pending = this.pendingInput(r);
    if (pending === undefined) {
      if (r.parent_msg_id === null) collect(kernel.unparented, r, ref, kernel);
      else collect(orphanGroup(kernel, r, r.parent_msg_id), r, ref, kernel);
      return;
    }
    const { state, exchange } = pending;
    exchange.value = typeof r.content.value === 'string' ? r.content.value : null;
    exchange.replied = r.iso;
    const repliedMs = msOf(r.time);
    if (repliedMs !== null && pending.requestedMs !== null) state.inputWaitMs += repliedMs - pending.requestedMs;
    state.messages.push(ref);
    const echo = this.options.inputEcho === 'auto' ? state.autoEcho : this.options.inputEcho;
    if (echo === 'none' || exchange.value === null) return;
    exchange.echo = echo;
    const shown = exchange.password ? '········' : exchange.value;
    state.area.add({ output_type: 'stream', name: echo, text: echo === 'stdout' ? `${exchange.prompt}${shown}\n` : `${shown}\n` });
  }

  /**
   * The input_request an input_reply answers: its parent, or (Classic Notebook sends an empty
   * parent_header) the latest unanswered one on the same kernel and client session.
   */
  private pendingInput(r: MessageRecord): PendingInput | undefined {
    const byParent = r.parent_msg_id === null ? undefined : this.inputRequests.get(requestKey(r.kernel_id, r.parent_msg_id));
    if (byParent !== undefined) return byParent;
    if (r.parent_msg_id !== null) return undefined;
    const candidates = [...this.inputRequests.values()].reverse();
    return candidates.find((p) => p.exchange.replied === null && p.kernelId === r.kernel_id && p.client === r.frame.session_id);
  }

  private attach(state: ConversationState, item: Distinct, ref: MessageRef, kernel: KernelState): void {
    const { conv } = state;
    const r = item.record;
    const ms = msOf(r.time);
    state.messages.push(ref);
    if (item.conflicting) conv.flags.conflicting_ids = true;
    if (conv.kernel_session === null && !isServerMade(r)) conv.kernel_session = r.session;
    if (r.msg_type === 'status') {
      const executionState = r.content.execution_state;
      const date = parseHeaderDate(r.header.date);
      if (executionState === 'busy' && state.busyMs === null) [state.busyMs, state.busyDate, conv.times.busy] = [ms, date, r.iso];
      if (executionState === 'idle' && !state.sawIdle) {
        [state.idleMs, state.idleDate, conv.times.idle, state.sawIdle] = [ms, date, r.iso, true];
      }
      return;
    }
    if (isReplyTo(r.msg_type, conv.msg_type) && (r.channel === 'shell' || r.channel === 'control')) {
      // Shell and iopub are separate sockets: a reply after idle is the normal race, not late output.
      if (state.sawReply) return;
      [state.replyMs, conv.times.reply, state.sawReply] = [ms, r.iso, true];
      state.replyDate = parseHeaderDate(r.header.date);
      state.startedDate = parseHeaderDate(r.metadata.started);
      conv.status = typeof r.content.status === 'string' ? r.content.status : null;
      conv.flags.aborted = conv.status === 'aborted' || conv.status === 'abort';
      if (typeof r.content.execution_count === 'number') conv.execution_count = r.content.execution_count;
      if (conv.status === 'error' && typeof r.content.ename === 'string') {
        conv.error = { ename: r.content.ename, evalue: stringField(r.content, 'evalue') };
      }
      return;
    }
    if (state.sawIdle) conv.flags.after_idle = true;
    switch (r.msg_type) {
      case 'execute_input':
        conv.times.execute_input = r.iso;
        if (conv.execution_count === null && typeof r.content.execution_count === 'number') conv.execution_count = r.content.execution_count;
        return;
      case 'input_request': {
        const exchange: StdinExchange = {
          prompt: stringField(r.content, 'prompt'),
          password: r.content.password === true,
          requested: r.iso,
          value: null,
          replied: null,
          echo: null,
        };
        conv.stdin.push(exchange);
        const pending = { state, exchange, requestedMs: ms, kernelId: r.kernel_id, client: r.frame.session_id };
        this.inputRequests.set(requestKey(r.kernel_id, r.msg_id), pending);
        return;
      }
      case 'comm_open':
      case 'comm_msg':
      case 'comm_close':
        conv.comm[r.msg_type] = (conv.comm[r.msg_type] ?? 0) + 1;
        return;
      default:
        applyOutput(state, r, kernel);
    }
  }

  private kernel(kernelId: string | null): KernelState {
    const key = kernelId ?? '';
    let state = this.kernels.get(key);
    if (state === undefined) {
      state = newKernelState(kernelId, this.duplicates.get(key) ?? 0);
      this.kernels.set(key, state);
    }
    return state;
  }

  report(): ConversationReport {
    const conversations = this.conversations.map(finishConversation);
    const orphans: OrphanGroup[] = [];
    const unparented: UnparentedGroup[] = [];
    for (const kernel of this.kernels.values()) {
      for (const target of kernel.orphans.values()) {
        orphans.push({ ...target.group, outputs: target.area.outputs, rate_limited: target.rateLimited });
      }
      if (kernel.unparented.messages.length > 0) unparented.push({ ...kernel.unparented.group, outputs: kernel.unparented.area.outputs });
    }
    return { conversations, orphans, unparented, kernels: [...this.kernels.values()].map((k) => k.summary) };
  }
}

function finishConversation(state: ConversationState): Conversation {
  const { conv } = state;
  const expectsReply = conv.msg_type.endsWith('_request');
  conv.done = state.sawIdle && (!expectsReply || state.sawReply);
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

function messageRef(item: Distinct): MessageRef {
  const r = item.record;
  const ref: MessageRef = { msg_id: r.msg_id, msg_type: r.msg_type, channel: r.channel, direction: r.direction, iso: r.iso };
  if (r.msg_type === 'status' && typeof r.content.execution_state === 'string') ref.state = r.content.execution_state;
  if (item.arrivals.length > 1) ref.arrivals = item.arrivals;
  return ref;
}

/**
 * JupyterLab's notebook puts cellId/recordTiming/deletedCells in execute_request metadata;
 * Classic Notebook 6 sends username "username" and 32-hex msg_ids (`utils.uuid()`). Any other
 * client (consoles, scripts on @jupyterlab/services) gets no echo: the kernel's output only.
 */
function frontendEcho(request: MessageRecord): 'stdout' | 'stdin' | 'none' {
  if (['cellId', 'recordTiming', 'deletedCells'].some((key) => key in request.metadata)) return 'stdin';
  if (request.header.username === 'username' && /^[0-9a-f]{32}$/i.test(request.msg_id)) return 'stdout';
  return 'none';
}

function requestKey(kernelId: string | null, msgId: string): string {
  return `${kernelId ?? ''}\u0000${msgId}`;
}

function msOf(time: number | null): number | null {
  return time === null ? null : harTimeToEpochMs(time);
}

function difference(later: number | null, earlier: number | null): number | null {
  return later === null || earlier === null ? null : round(later - earlier);
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function stringField(content: JsonObject, key: string): string {
  const value = content[key];
  return typeof value === 'string' ? value : '';
}

