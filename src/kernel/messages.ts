/**
 * Jupyter kernel messages as harknife sees them after decoding a WebSocket frame.
 *
 * Types follow JupyterLab's `packages/services/src/kernel/messages.ts` (names minus the `I`):
 * literal unions per channel, `Header<T>`, `Message<T>`, one interface per msg_type with its
 * channel pinned, a closed union `KnownMessage`, and a guard after each type.
 * See https://jupyter-client.readthedocs.io/en/latest/messaging.html
 *
 * #### Notes
 * A capture can hold anything a kernel or a custom client ever sent, so the base `Message`
 * takes any msg_type string and any content object: an unknown message stays a `Message`.
 * Unlike JupyterLab's, a guard here checks more than the msg_type: the channel, and every
 * content field its type declares. A content type lists the fields harknife reads, so code
 * behind a guard can trust each of them; a message that fails its guard is listed, never
 * interpreted.
 *
 * This module is the one to import. The model (channels, Header, Message, replies) is in
 * message-model.ts, the message types with their guards in shell-messages.ts and iopub-messages.ts.
 */
import { isReplyMsg, type Message } from './message-model.js';
import {
  isCommCloseMsg,
  isCommMsgMsg,
  isCommOpenMsg,
  isCompleteReplyMsg,
  isCompleteRequestMsg,
  isExecuteReplyMsg,
  isExecuteRequestMsg,
  isInspectRequestMsg,
  isIsCompleteReplyMsg,
  isIsCompleteRequestMsg,
  isKernelInfoReplyMsg,
  isShutdownReplyMsg,
  isShutdownRequestMsg,
  type CommCloseMsg,
  type CommMsgMsg,
  type CommOpenMsg,
  type CompleteReplyMsg,
  type CompleteRequestMsg,
  type ExecuteReplyMsg,
  type ExecuteRequestMsg,
  type InspectRequestMsg,
  type IsCompleteReplyMsg,
  type IsCompleteRequestMsg,
  type KernelInfoReplyMsg,
  type ShutdownReplyMsg,
  type ShutdownRequestMsg,
} from './shell-messages.js';
import {
  isClearOutputMsg,
  isDisplayDataMsg,
  isErrorMsg,
  isExecuteInputMsg,
  isExecuteResultMsg,
  isInputReplyMsg,
  isInputRequestMsg,
  isStatusMsg,
  isStreamMsg,
  isUpdateDisplayDataMsg,
  type ClearOutputMsg,
  type DisplayDataMsg,
  type ErrorMsg,
  type ExecuteInputMsg,
  type ExecuteResultMsg,
  type InputReplyMsg,
  type InputRequestMsg,
  type StatusMsg,
  type StreamMsg,
  type UpdateDisplayDataMsg,
} from './iopub-messages.js';

export { isJsonObject, type JsonObject } from './content-guards.js';
// The model without its guard-building helpers (messageGuard, replyContent…), which stay internal.
export {
  CHANNELS,
  isChannel,
  isReplyChannel,
  isReplyMsg,
  isReplyTo,
  parentMsgId,
  parentMsgType,
  type BufferRef,
  type Channel,
  type ControlMessage,
  type ControlMessageType,
  type ExecuteCountContent,
  type Header,
  type IOPubMessage,
  type IOPubMessageType,
  type Message,
  type MessageType,
  type ParentHeader,
  type ReplyAbortContent,
  type ReplyContent,
  type ReplyErrorContent,
  type ReplyMsg,
  type ReplyOkContent,
  type ShellControlMessage,
  type ShellMessage,
  type ShellMessageType,
  type StdinMessage,
  type StdinMessageType,
} from './message-model.js';
export * from './shell-messages.js';
export * from './iopub-messages.js';

/** The closed union of the message types harknife interprets; anything else is a `Message`. */
export type KnownMessage =
  | ExecuteRequestMsg
  | ExecuteReplyMsg
  | IsCompleteRequestMsg
  | IsCompleteReplyMsg
  | CompleteRequestMsg
  | CompleteReplyMsg
  | InspectRequestMsg
  | KernelInfoReplyMsg
  | ShutdownRequestMsg
  | ShutdownReplyMsg
  | CommOpenMsg
  | CommMsgMsg
  | CommCloseMsg
  | StatusMsg
  | ExecuteInputMsg
  | StreamMsg
  | DisplayDataMsg
  | UpdateDisplayDataMsg
  | ExecuteResultMsg
  | ErrorMsg
  | ClearOutputMsg
  | InputRequestMsg
  | InputReplyMsg;

type KnownType = KnownMessage['header']['msg_type'];

/** One guard per msg_type of the union: the compiler refuses a member without one. */
const KNOWN_GUARDS: { [T in KnownType]: (msg: Message) => msg is Extract<KnownMessage, { header: { msg_type: T } }> } = {
  execute_request: isExecuteRequestMsg,
  execute_reply: isExecuteReplyMsg,
  is_complete_request: isIsCompleteRequestMsg,
  is_complete_reply: isIsCompleteReplyMsg,
  complete_request: isCompleteRequestMsg,
  complete_reply: isCompleteReplyMsg,
  inspect_request: isInspectRequestMsg,
  kernel_info_reply: isKernelInfoReplyMsg,
  shutdown_request: isShutdownRequestMsg,
  shutdown_reply: isShutdownReplyMsg,
  comm_open: isCommOpenMsg,
  comm_msg: isCommMsgMsg,
  comm_close: isCommCloseMsg,
  status: isStatusMsg,
  execute_input: isExecuteInputMsg,
  stream: isStreamMsg,
  display_data: isDisplayDataMsg,
  update_display_data: isUpdateDisplayDataMsg,
  execute_result: isExecuteResultMsg,
  error: isErrorMsg,
  clear_output: isClearOutputMsg,
  input_request: isInputRequestMsg,
  input_reply: isInputReplyMsg,
};

/** True when the message is one of the union: a known msg_type whose guard it passes. */
export function isKnownMessage(msg: Message): msg is KnownMessage {
  const type = msg.header.msg_type;
  // Own keys only: a frame may say msg_type "constructor".
  const guard: ((msg: Message) => boolean) | undefined = Object.hasOwn(KNOWN_GUARDS, type) ? KNOWN_GUARDS[type as KnownType] : undefined;
  return guard !== undefined && guard(msg);
}

/** The status a reply reports (`ok`, `error`, `aborted`, is_complete's verdict…), or null when its content is not a reply's. */
export function replyStatus(msg: Message): string | null {
  if (isReplyMsg(msg)) return msg.content.status;
  if (isIsCompleteReplyMsg(msg)) return msg.content.status;
  if (isKernelInfoReplyMsg(msg)) return msg.content.status ?? null;
  return null;
}
