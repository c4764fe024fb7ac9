/**
 * One pass over the distinct messages in time order: a sent request opens a conversation; what
 * the kernel sends back lands in the conversation of its parent request, or, when that request
 * is not in the capture, in an orphan group (or the kernel's unparented list).
 */
import type { Conversation, ConversationOptions, ConversationRecord, ConversationReport, MessageRef, OrphanGroup, UnparentedGroup } from './conversation-types.js';
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
import { applyOutput, collect, isServerMade, newKernelState, noteConnection, orphanGroup, orphanRecord, trackKernel, type KernelState, type OrphanTarget } from './kernel-state.js';

/**
 * Where orphan groups no message has come for in a while are put until the report (a temporary
 * file, for ConversationStream); `put` gives a handle, `take` the group back.
 */
export interface GroupStore {
  put(group: OrphanGroup): unknown;
  take(handle: unknown): OrphanGroup;
}
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
  /** Per kernel id: orphan groups still in memory, and when they were last looked at. */
  private readonly liveOrphans = new Map<string, { targets: Set<OrphanTarget>; sweptMs: number }>();

  constructor(
    private readonly duplicates: ReadonlyMap<string, number>,
    options: Required<ConversationOptions>,
    private readonly store: GroupStore | null = null,
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
    else this.collectStray(r, ref, kernel, item.sortTime);
  }

  /**
   * Hands the orphan groups of kernel `kernelId` that nothing has come for within `quietMs`
   * before `newestMs` to the store (none without a store, or with a display_id a later update
   * could rewrite). Looked at once per tenth of `quietMs`.
   */
  storeQuietOrphans(kernelId: string | null, newestMs: number, quietMs: number): void {
    const live = this.liveOrphans.get(kernelId ?? '');
    if (this.store === null || live === undefined || newestMs - live.sweptMs < quietMs / 10) return;
    live.sweptMs = newestMs;
    const kernel = this.kernel(kernelId);
    for (const target of live.targets) {
      if (target.keepToEnd || target.lastMs >= newestMs - quietMs) continue;
      live.targets.delete(target);
      kernel.orphans.set(target.group.parent_msg_id, { stored: this.store.put(orphanRecord(target)) });
    }
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
    if (state === undefined) this.collectStray(r, ref, kernel, null);
    else state.messages.push(ref);
  }

  /** A message whose request is not in the capture: to its parent's orphan group, or unparented. */
  private collectStray(r: MessageRecord, ref: MessageRef, kernel: KernelState, ms: number | null): void {
    if (r.parent_msg_id === null) {
      collect(kernel.unparented, r, ref, kernel);
      return;
    }
    const existing = kernel.orphans.get(r.parent_msg_id);
    if (existing !== undefined && 'stored' in existing) {
      this.late++;
      return;
    }
    const target = orphanGroup(kernel, r, r.parent_msg_id);
    if (ms !== null) target.lastMs = Math.max(target.lastMs, ms);
    if (displayId(r) !== null) target.keepToEnd = true;
    collect(target, r, ref, kernel);
    if (this.store === null) return;
    const key = r.kernel_id ?? '';
    let live = this.liveOrphans.get(key);
    if (live === undefined) {
      live = { targets: new Set(), sweptMs: -Infinity };
      this.liveOrphans.set(key, live);
    }
    live.targets.add(target);
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
    const kernels = this.finalKernels();
    return {
      conversations: this.conversationsLeft(),
      orphans: [...this.orphanRecords(kernels)],
      unparented: unparentedRecords(kernels),
      kernels: kernels.map((k) => k.summary),
    };
  }

  /** The report as records (conversationRecords' order), orphan groups taken from the store one at a time. */
  *reportRecords(): Generator<ConversationRecord> {
    const kernels = this.finalKernels();
    yield* this.conversationsLeft();
    yield* this.orphanRecords(kernels);
    yield* unparentedRecords(kernels);
    for (const kernel of kernels) yield kernel.summary;
  }

  private conversationsLeft(): Conversation[] {
    return [...this.unwritten.values()].flat().sort((a, b) => a.opened - b.opened).map(closeConversation);
  }

  /** The kernels in order of their first message, with their copies counted. */
  private finalKernels(): KernelState[] {
    return [...this.kernels].sort(([a], [b]) => compareDistinct(this.firstSeen.get(a)!, this.firstSeen.get(b)!)).map(([key, kernel]) => {
      kernel.summary.duplicates = this.duplicates.get(key) ?? 0;
      return kernel;
    });
  }

  private *orphanRecords(kernels: readonly KernelState[]): Generator<OrphanGroup> {
    for (const kernel of kernels) {
      for (const target of kernel.orphans.values()) yield 'stored' in target ? this.store!.take(target.stored) : orphanRecord(target);
    }
  }
}

function unparentedRecords(kernels: readonly KernelState[]): UnparentedGroup[] {
  return kernels.filter((k) => k.unparented.messages.length > 0).map((k) => ({ ...k.unparented.group, outputs: k.unparented.area.outputs }));
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
