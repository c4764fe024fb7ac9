/**
 * input() prompts: an input_request from the kernel opens an exchange in its request's
 * conversation, the user's input_reply closes it, and the frontend's echo of the answer is
 * added to the outputs the way that frontend shows it (see InputEcho).
 */
import type { InputEcho, StdinExchange } from './conversation-types.js';
import { msOf, requestKey, type ConversationState, type FrontendEcho } from './conversation-state.js';
import type { MessageRecord } from './decode-record.js';
import type { InputReplyMsg, InputRequestMsg } from './messages.js';

interface PendingInput {
  state: ConversationState;
  exchange: StdinExchange;
  requestedMs: number | null;
  kernelId: string | null;
  client: string | null;
}

export class StdinExchanges {
  private readonly pending = new Map<string, PendingInput>();

  constructor(private readonly inputEcho: InputEcho) {}

  /** An input_request of the request `state` is for. */
  request(state: ConversationState, r: MessageRecord<InputRequestMsg>): void {
    const exchange: StdinExchange = {
      prompt: r.content.prompt,
      password: r.content.password === true,
      requested: r.iso,
      value: null,
      replied: null,
      echo: null,
    };
    state.conv.stdin.push(exchange);
    this.pending.set(requestKey(r.kernel_id, r.msg_id), { state, exchange, requestedMs: msOf(r), kernelId: r.kernel_id, client: r.frame.session_id });
  }

  /** Whether an input prompt of `state` is still unanswered. */
  waits(state: ConversationState): boolean {
    for (const pending of this.pending.values()) if (pending.state === state && pending.exchange.replied === null) return true;
    return false;
  }

  /** Drops the prompts of a conversation that has been written. */
  forget(state: ConversationState): void {
    for (const [key, pending] of this.pending) if (pending.state === state) this.pending.delete(key);
  }

  /**
   * Records the answer in its exchange and adds the frontend's echo. Returns the conversation
   * answered, or undefined when no input_request in the capture matches.
   */
  reply(r: MessageRecord<InputReplyMsg>): ConversationState | undefined {
    const pending = this.pendingFor(r);
    if (pending === undefined) return undefined;
    const { state, exchange } = pending;
    exchange.value = r.content.value;
    exchange.replied = r.iso;
    const repliedMs = msOf(r);
    if (repliedMs !== null && pending.requestedMs !== null) state.inputWaitMs += repliedMs - pending.requestedMs;
    const echo = this.inputEcho === 'auto' ? state.autoEcho : this.inputEcho;
    if (echo === 'none') return state;
    exchange.echo = echo;
    const shown = exchange.password ? '········' : exchange.value;
    state.area.add({ output_type: 'stream', name: echo, text: echo === 'stdout' ? `${exchange.prompt}${shown}\n` : `${shown}\n` });
    return state;
  }

  /**
   * The input_request an input_reply answers: its parent, or (Classic Notebook sends an empty
   * parent_header) the latest unanswered one on the same kernel and client session.
   */
  private pendingFor(r: MessageRecord): PendingInput | undefined {
    if (r.parent_msg_id !== null) return this.pending.get(requestKey(r.kernel_id, r.parent_msg_id));
    const candidates = [...this.pending.values()].reverse();
    return candidates.find((p) => p.exchange.replied === null && p.kernelId === r.kernel_id && p.client === r.frame.session_id);
  }
}

/**
 * JupyterLab's notebook puts cellId/recordTiming/deletedCells in execute_request metadata;
 * Classic Notebook 6 sends username "username" and 32-hex msg_ids (`utils.uuid()`). Any other
 * client (consoles, scripts on @jupyterlab/services) gets no echo: the kernel's output only.
 */
export function frontendEcho(request: MessageRecord): FrontendEcho {
  if (['cellId', 'recordTiming', 'deletedCells'].some((key) => key in request.metadata)) return 'stdin';
  if (request.header.username === 'username' && /^[0-9a-f]{32}$/i.test(request.msg_id)) return 'stdout';
  return 'none';
}
