/**
 * One pass over the distinct messages in time order: a sent request opens a conversation; what
 * the kernel sends back lands in the conversation of its parent request, or, when that request
 * is not in the capture, in an orphan group (or the kernel's unparented list).
 */
import type { Conversation, ConversationOptions, ConversationReport, MessageRef, OrphanGroup, UnparentedGroup } from './conversation-types.js';
import { closeConversation, isDone, msOf, openConversation, requestKey, type ConversationState } from './conversation-state.js';
import { parseHeaderDate } from './dates.js';
import type { MessageRecord } from './decode-record.js';
import { compareDistinct, type Distinct, type Place } from './deliveries.js';
import {
  isCommCloseMsg,
  isCommMsgMsg,
  isCommOpenMsg,
  isExecuteInputMsg,
  isExecuteReplyMsg,
  isInputReplyMsg,
  isInputRequestMsg,
  isReplyChannel,
  isReplyMsg,
  isReplyTo,
  isStatusMsg,
  replyStatus,
  type InputReplyMsg,
} from './messages.js';
import { applyDisplayUpdate, displayId } from './output-messages.js';
import { applyOutput, collect, isServerMade, newKernelState, noteConnection, orphanGroup, trackKernel, type KernelState } from './kernel-state.js';
import { frontendEcho, StdinExchanges } from './stdin-exchange.js';

export class ConversationRun {
  /** Per kernel id ('' for none): opened and not yet written, in the order they were opened. */
  private readonly unwritten = new Map<string, ConversationState[]>();
  private opened = 0;
  /** Per kernel id: the latest-opened conversation that had an answer (see `settled`). */
  private readonly answered = new Map<string, number>();
  /** Per kernel id: its earliest message's place in time order (the kernels are reported in that order). */
  private readonly firstSeen = new Map<string, Place>();
  private readonly requests = new Map<string, ConversationState>();
  /** Requests already written: what still comes for them is late (see `late`). */
  private readonly written = new Set<string>();
  private readonly kernels = new Map<string, KernelState>();
  private readonly stdin: StdinExchanges;
  /** Messages for a request already written, or resends of it: beyond the reorder window. */
  late = 0;

  constructor(
    private readonly duplicates: ReadonlyMap<string, number>,
    options: Required<ConversationOptions>,
  ) {
    this.stdin = new StdinExchanges(options.inputEcho);
  }

  take(item: Distinct): void {
    const r = item.record;
    const kernel = this.kernel(r.kernel_id);
    const first = this.firstSeen.get(r.kernel_id ?? '');
    if (first === undefined || compareDistinct(item, first) < 0) this.firstSeen.set(r.kernel_id ?? '', { sortTime: item.sortTime, seq: item.seq });
    noteConnection(kernel.summary, r);
    const ref = messageRef(item);
    item.ref = ref;
    if (r.direction === 'send') {
      if (isInputReplyMsg(r)) this.takeInputReply(r, ref, kernel);
      else this.takeRequest(item, ref);
      return;
    }
    trackKernel(kernel, r);
    applyDisplayUpdate(kernel.displays, r);
    const parent = r.parent_msg_id === null ? null : requestKey(r.kernel_id, r.parent_msg_id);
    const state = parent === null ? undefined : this.requests.get(parent);
    if (parent !== null && this.written.has(parent)) this.late++;
    if (state !== undefined) this.attach(state, item, ref, kernel);
    else this.collectStray(r, ref, kernel);
  }

  /**
   * The conversations of kernel `kernelId` that can be written now, in the order they were
   * opened: each done, or passed by the kernel (a request sent after it has had an answer: a
   * kernel handles its shell requests one at a time, so this one's reply or idle was lost), with
   * no input prompt unanswered and no display_id a later update could rewrite, and nothing read
   * for it within `quietMs` before `newestMs`. The first one not ready holds back those after it.
   */
  settled(kernelId: string | null, newestMs: number, quietMs: number): Conversation[] {
    const states = this.unwritten.get(kernelId ?? '') ?? [];
    const answered = this.answered.get(kernelId ?? '') ?? -1;
    const ready = (state: ConversationState) =>
      (isDone(state) || answered > state.opened) && !state.keepToEnd && state.lastMs < newestMs - quietMs && !this.stdin.waits(state);
    let count = 0;
    while (count < states.length && ready(states[count]!)) count++;
    return states.splice(0, count).map((state) => {
      const key = requestKey(state.conv.kernel_id, state.conv.msg_id);
      this.requests.delete(key);
      this.written.add(key);
      this.stdin.forget(state);
      return closeConversation(state);
    });
  }

  private takeRequest(item: Distinct, ref: MessageRef): void {
    const r = item.record;
    const key = requestKey(r.kernel_id, r.msg_id);
    if (this.written.has(key)) {
      this.late++;
      return;
    }
    const existing = this.requests.get(key);
    if (existing !== undefined) {
      existing.conv.resent += item.arrivals.length;
      existing.conv.flags.conflicting_ids = true;
      return;
    }
    const state = openConversation(item, ref, frontendEcho(r));
    this.requests.set(key, state);
    state.opened = this.opened++;
    const states = this.unwritten.get(r.kernel_id ?? '');
    if (states === undefined) this.unwritten.set(r.kernel_id ?? '', [state]);
    else states.push(state);
  }

  private takeInputReply(r: MessageRecord<InputReplyMsg>, ref: MessageRef, kernel: KernelState): void {
    const state = this.stdin.reply(r);
    if (state === undefined) this.collectStray(r, ref, kernel);
    else state.messages.push(ref);
  }

  /** A message whose request is not in the capture: to its parent's orphan group, or unparented. */
  private collectStray(r: MessageRecord, ref: MessageRef, kernel: KernelState): void {
    if (r.parent_msg_id === null) collect(kernel.unparented, r, ref, kernel);
    else collect(orphanGroup(kernel, r, r.parent_msg_id), r, ref, kernel);
  }

  private attach(state: ConversationState, item: Distinct, ref: MessageRef, kernel: KernelState): void {
    const { conv } = state;
    const r = item.record;
    state.messages.push(ref);
    state.lastMs = Math.max(state.lastMs, item.sortTime);
    const kernelKey = r.kernel_id ?? '';
    if ((this.answered.get(kernelKey) ?? -1) < state.opened) this.answered.set(kernelKey, state.opened);
    if (displayId(r) !== null) state.keepToEnd = true;
    if (item.conflicting) conv.flags.conflicting_ids = true;
    if (conv.kernel_session === null && !isServerMade(r)) conv.kernel_session = r.session;
    if (isStatusMsg(r)) {
      const executionState = r.content.execution_state;
      const [ms, date] = [msOf(r), parseHeaderDate(r.header.date)];
      if (executionState === 'busy' && state.busyMs === null) [state.busyMs, state.busyDate, conv.times.busy] = [ms, date, r.iso];
      if (executionState === 'idle' && !state.sawIdle) {
        [state.idleMs, state.idleDate, conv.times.idle, state.sawIdle] = [ms, date, r.iso, true];
      }
      return;
    }
    if (isReplyTo(r.msg_type, conv.msg_type) && isReplyChannel(r.channel)) {
      // Shell and iopub are separate sockets: a reply after idle is the normal race, not late output.
      if (!state.sawReply) takeReply(state, r);
      return;
    }
    if (state.sawIdle) conv.flags.after_idle = true;
    if (isExecuteInputMsg(r)) {
      conv.times.execute_input = r.iso;
      const count = r.content.execution_count;
      if (conv.execution_count === null && typeof count === 'number') conv.execution_count = count;
    } else if (isInputRequestMsg(r)) {
      this.stdin.request(state, r);
    } else if (isCommOpenMsg(r) || isCommMsgMsg(r) || isCommCloseMsg(r)) {
      const type = r.header.msg_type;
      conv.comm[type] = (conv.comm[type] ?? 0) + 1;
    } else {
      applyOutput(state, r, kernel);
    }
  }

  private kernel(kernelId: string | null): KernelState {
    const key = kernelId ?? '';
    let state = this.kernels.get(key);
    if (state === undefined) {
      state = newKernelState(kernelId);
      this.kernels.set(key, state);
    }
    return state;
  }

  /** Conversations opened and not yet written. */
  get open(): number {
    let count = 0;
    for (const states of this.unwritten.values()) count += states.length;
    return count;
  }

  /** Everything not yet written: the conversations left, orphans, unparented and the kernels. */
  report(): ConversationReport {
    const conversations = [...this.unwritten.values()].flat().sort((a, b) => a.opened - b.opened).map(closeConversation);
    const kernels = [...this.kernels].sort(([a], [b]) => compareDistinct(this.firstSeen.get(a)!, this.firstSeen.get(b)!)).map(([key, kernel]) => {
      kernel.summary.duplicates = this.duplicates.get(key) ?? 0;
      return kernel;
    });
    const orphans: OrphanGroup[] = [];
    const unparented: UnparentedGroup[] = [];
    for (const kernel of kernels) {
      for (const target of kernel.orphans.values()) {
        orphans.push({ ...target.group, outputs: target.area.outputs, rate_limited: target.rateLimited });
      }
      if (kernel.unparented.messages.length > 0) unparented.push({ ...kernel.unparented.group, outputs: kernel.unparented.area.outputs });
    }
    return { conversations, orphans, unparented, kernels: kernels.map((k) => k.summary) };
  }
}

/** The first reply to a request: its times, status, execution count and error. */
function takeReply(state: ConversationState, r: MessageRecord): void {
  const { conv } = state;
  [state.replyMs, conv.times.reply, state.sawReply] = [msOf(r), r.iso, true];
  state.replyDate = parseHeaderDate(r.header.date);
  state.startedDate = parseHeaderDate(r.metadata.started);
  conv.status = replyStatus(r);
  conv.flags.aborted = conv.status === 'aborted' || conv.status === 'abort';
  if (isExecuteReplyMsg(r) && typeof r.content.execution_count === 'number') conv.execution_count = r.content.execution_count;
  if (isReplyMsg(r) && r.content.status === 'error' && r.content.ename !== undefined) {
    conv.error = { ename: r.content.ename, evalue: r.content.evalue ?? '' };
  }
}

function messageRef(item: Distinct): MessageRef {
  const r = item.record;
  const ref: MessageRef = { msg_id: r.msg_id, msg_type: r.msg_type, channel: r.channel, direction: r.direction, iso: r.iso };
  if (isStatusMsg(r)) ref.state = r.content.execution_state;
  if (item.arrivals.length > 1) ref.arrivals = item.arrivals;
  return ref;
}
