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
 */
import {
  both,
  fields,
  isBoolean,
  isJsonObject,
  isNumber,
  isString,
  isStringArray,
  literal,
  nullable,
  optional,
  type Guard,
  type JsonObject,
} from './content-guards.js';

export { isJsonObject, type JsonObject } from './content-guards.js';

export type Channel = 'shell' | 'control' | 'iopub' | 'stdin';
export const CHANNELS: readonly Channel[] = ['shell', 'control', 'iopub', 'stdin'];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

export type ShellMessageType =
  | 'comm_close'
  | 'comm_info_reply'
  | 'comm_info_request'
  | 'comm_msg'
  | 'comm_open'
  | 'complete_reply'
  | 'complete_request'
  | 'execute_reply'
  | 'execute_request'
  | 'history_reply'
  | 'history_request'
  | 'inspect_reply'
  | 'inspect_request'
  | 'is_complete_reply'
  | 'is_complete_request'
  | 'kernel_info_reply'
  | 'kernel_info_request'
  | 'shutdown_reply'
  | 'shutdown_request';

export type ControlMessageType =
  | 'debug_request'
  | 'debug_reply'
  | 'interrupt_request'
  | 'interrupt_reply'
  | 'shutdown_request'
  | 'shutdown_reply'
  | 'create_subshell_request'
  | 'create_subshell_reply'
  | 'delete_subshell_request'
  | 'delete_subshell_reply'
  | 'list_subshell_request'
  | 'list_subshell_reply';

export type IOPubMessageType =
  | 'clear_output'
  | 'comm_close'
  | 'comm_msg'
  | 'comm_open'
  | 'display_data'
  | 'error'
  | 'execute_input'
  | 'execute_result'
  | 'status'
  | 'stream'
  | 'update_display_data'
  | 'debug_event'
  | 'iopub_welcome'
  | 'shutdown_reply';

export type StdinMessageType = 'input_request' | 'input_reply';

export type MessageType = ShellMessageType | ControlMessageType | IOPubMessageType | StdinMessageType;

/** See [Message Header](https://jupyter-client.readthedocs.io/en/latest/messaging.html#message-header). */
export interface Header<T extends string = string> {
  msg_id: string;
  msg_type: T;
  /** Kernel incarnation for kernel messages; the client's ws session_id for client and server-made ones. */
  session?: string;
  username?: string;
  /** ISO 8601; missing before spec 5.1, sometimes naive. Never compare as strings. */
  date?: string;
  version?: string;
  subshell_id?: string | null;
  [key: string]: unknown;
}

/**
 * A copy of the causing message's header, or `{}` when there is none (the spec's "empty dict").
 * Kept as the wire had it: read it through `parentMsgId` / `parentMsgType`.
 */
export type ParentHeader = JsonObject;

/** A binary buffer kept as base64: buffers are opaque bytes (arrays, images), never text. */
export interface BufferRef {
  size: number;
  base64: string;
}

/** Any message, known msg_type or not. */
export interface Message<T extends string = string> {
  channel: Channel;
  header: Header<T>;
  parent_header: ParentHeader;
  metadata: JsonObject;
  content: JsonObject;
  buffers: BufferRef[];
}

export interface ShellMessage<T extends ShellMessageType = ShellMessageType> extends Message<T> {
  channel: 'shell';
}

export interface ControlMessage<T extends ControlMessageType = ControlMessageType> extends Message<T> {
  channel: 'control';
}

/** shutdown_request and shutdown_reply may travel on shell or control. */
export interface ShellControlMessage<T extends ShellMessageType & ControlMessageType = ShellMessageType & ControlMessageType> extends Message<T> {
  channel: 'shell' | 'control';
}

export interface IOPubMessage<T extends IOPubMessageType = IOPubMessageType> extends Message<T> {
  channel: 'iopub';
}

export interface StdinMessage<T extends StdinMessageType = StdinMessageType> extends Message<T> {
  channel: 'stdin';
}

export function parentMsgId(msg: Message): string | null {
  const id = msg.parent_header.msg_id;
  return typeof id === 'string' && id !== '' ? id : null;
}

export function parentMsgType(msg: Message): string | null {
  const type = msg.parent_header.msg_type;
  return typeof type === 'string' && type !== '' ? type : null;
}

/** A guard for `M`: its msg_type, one of its channels, and content that passes `content`. */
function messageGuard<M extends Message>(msgType: M['header']['msg_type'], channels: readonly M['channel'][], content: Guard<M['content']>) {
  return (msg: Message): msg is M => msg.header.msg_type === msgType && (channels as readonly Channel[]).includes(msg.channel) && content(msg.content);
}

// //// Replies

/** See [Request-Reply](https://jupyter-client.readthedocs.io/en/latest/messaging.html#request-reply). */
export type ReplyOkContent = { status: 'ok' };

/**
 * The spec asks for ename, evalue and traceback, but not every kernel fills them in (the error
 * output on iopub carries them too), so they are optional here and checked when present.
 */
export type ReplyErrorContent = { status: 'error'; ename?: string; evalue?: string };

/** ipykernel sends `'aborted'` while the spec says `'abort'`: both are read. */
export type ReplyAbortContent = { status: 'abort' | 'aborted' };

/** A reply's content: `T` when it went well, told apart from errors and aborts by `status`. */
export type ReplyContent<T> = T | ReplyErrorContent | ReplyAbortContent;

const isReplyError = fields<ReplyErrorContent>({ status: literal('error'), ename: optional(isString), evalue: optional(isString) });
const isReplyAbort = fields<ReplyAbortContent>({ status: literal('abort', 'aborted') });

/** Content guard for `ReplyContent<T>`: the error and abort shapes by status, else `ok`. */
function replyContent<T>(ok: Guard<T>): Guard<ReplyContent<T>> {
  return (value): value is ReplyContent<T> => {
    const status = isJsonObject(value) ? value.status : undefined;
    if (status === 'error') return isReplyError(value);
    if (status === 'abort' || status === 'aborted') return isReplyAbort(value);
    return ok(value);
  };
}

const REPLY_CHANNELS = ['shell', 'control'] as const;

/** Any `*_reply` on shell or control whose content is a reply's. */
export interface ReplyMsg extends Message<`${string}_reply`> {
  channel: (typeof REPLY_CHANNELS)[number];
  content: ReplyContent<ReplyOkContent>;
}

const isReplyOk = fields<ReplyOkContent>({ status: literal('ok') });
const isReplyOfAnyType = replyContent(isReplyOk);

export function isReplyMsg(msg: Message): msg is ReplyMsg {
  return msg.header.msg_type.endsWith('_reply') && (REPLY_CHANNELS as readonly Channel[]).includes(msg.channel) && isReplyOfAnyType(msg.content);
}

/** `foo_reply` answers `foo_request`. */
export function isReplyTo(replyType: string, requestType: string): boolean {
  return replyType.endsWith('_reply') && requestType.endsWith('_request') && replyType.slice(0, -6) === requestType.slice(0, -8);
}

/** True for the channels a reply comes back on. */
export function isReplyChannel(channel: Channel): boolean {
  return (REPLY_CHANNELS as readonly Channel[]).includes(channel);
}

// //// Shell messages

export type ExecuteRequestContent = { code: string; silent?: boolean };
/** See [Execute](https://jupyter-client.readthedocs.io/en/latest/messaging.html#execute). */
export interface ExecuteRequestMsg extends ShellMessage<'execute_request'> {
  content: ExecuteRequestContent;
}
export const isExecuteRequestMsg = messageGuard<ExecuteRequestMsg>('execute_request', ['shell'], fields<ExecuteRequestContent>({ code: isString, silent: optional(isBoolean) }));

/** Every execute_reply, whatever its status, may say the execution count. */
export type ExecuteCountContent = { execution_count?: number | null };
export type ExecuteReplyContent = ReplyContent<ReplyOkContent> & ExecuteCountContent;
/** See [Execution results](https://jupyter-client.readthedocs.io/en/latest/messaging.html#execution-results). */
export interface ExecuteReplyMsg extends ShellMessage<'execute_reply'> {
  content: ExecuteReplyContent;
}
const isExecuteCount = fields<ExecuteCountContent>({ execution_count: optional(nullable(isNumber)) });
export const isExecuteReplyMsg = messageGuard<ExecuteReplyMsg>('execute_reply', ['shell'], both(isReplyOfAnyType, isExecuteCount));

export type CodeContent = { code: string };
/** See [Code completeness](https://jupyter-client.readthedocs.io/en/latest/messaging.html#code-completeness). */
export interface IsCompleteRequestMsg extends ShellMessage<'is_complete_request'> {
  content: CodeContent;
}
export const isIsCompleteRequestMsg = messageGuard<IsCompleteRequestMsg>('is_complete_request', ['shell'], fields<CodeContent>({ code: isString }));

export type IsCompleteReplyContent = { status: 'complete' | 'incomplete' | 'invalid' | 'unknown' };
export interface IsCompleteReplyMsg extends ShellMessage<'is_complete_reply'> {
  content: ReplyContent<IsCompleteReplyContent>;
}
export const isIsCompleteReplyMsg = messageGuard<IsCompleteReplyMsg>(
  'is_complete_reply',
  ['shell'],
  replyContent(fields<IsCompleteReplyContent>({ status: literal('complete', 'incomplete', 'invalid', 'unknown') })),
);

export type CursorContent = { code: string; cursor_pos: number };
const isCursorContent = fields<CursorContent>({ code: isString, cursor_pos: isNumber });
/** See [Completion](https://jupyter-client.readthedocs.io/en/latest/messaging.html#completion). */
export interface CompleteRequestMsg extends ShellMessage<'complete_request'> {
  content: CursorContent;
}
export const isCompleteRequestMsg = messageGuard<CompleteRequestMsg>('complete_request', ['shell'], isCursorContent);

/** See [Introspection](https://jupyter-client.readthedocs.io/en/latest/messaging.html#introspection). */
export interface InspectRequestMsg extends ShellMessage<'inspect_request'> {
  content: CursorContent;
}
export const isInspectRequestMsg = messageGuard<InspectRequestMsg>('inspect_request', ['shell'], isCursorContent);

export type CompleteReplyContent = { status: 'ok'; matches: string[] };
export interface CompleteReplyMsg extends ShellMessage<'complete_reply'> {
  content: ReplyContent<CompleteReplyContent>;
}
export const isCompleteReplyMsg = messageGuard<CompleteReplyMsg>(
  'complete_reply',
  ['shell'],
  replyContent(fields<CompleteReplyContent>({ status: literal('ok'), matches: isStringArray })),
);

export type LanguageInfo = { name: string; version: string };
/** `status` is optional: some kernels leave it out of kernel_info_reply (IRuby did until 2019). */
export type KernelInfoReplyContent = { status?: 'ok'; implementation: string; implementation_version: string; language_info: LanguageInfo };
/** See [Kernel info](https://jupyter-client.readthedocs.io/en/latest/messaging.html#kernel-info). */
export interface KernelInfoReplyMsg extends ShellMessage<'kernel_info_reply'> {
  content: ReplyContent<KernelInfoReplyContent>;
}
export const isKernelInfoReplyMsg = messageGuard<KernelInfoReplyMsg>(
  'kernel_info_reply',
  ['shell'],
  replyContent(
    fields<KernelInfoReplyContent>({
      status: optional(literal('ok')),
      implementation: isString,
      implementation_version: isString,
      language_info: fields<LanguageInfo>({ name: isString, version: isString }),
    }),
  ),
);

export type ShutdownContent = { restart: boolean };
/** See [Kernel shutdown](https://jupyter-client.readthedocs.io/en/latest/messaging.html#kernel-shutdown). */
export interface ShutdownRequestMsg extends ShellControlMessage<'shutdown_request'> {
  content: ShutdownContent;
}
export const isShutdownRequestMsg = messageGuard<ShutdownRequestMsg>('shutdown_request', ['shell', 'control'], fields<ShutdownContent>({ restart: isBoolean }));

/** The server also broadcasts shutdown_reply on iopub, so every client learns of the shutdown. */
export interface ShutdownReplyMsg extends Message<'shutdown_reply'> {
  channel: 'shell' | 'control' | 'iopub';
  content: ReplyContent<ReplyOkContent & ShutdownContent>;
}
export const isShutdownReplyMsg = messageGuard<ShutdownReplyMsg>(
  'shutdown_reply',
  ['shell', 'control', 'iopub'],
  replyContent(fields<ReplyOkContent & ShutdownContent>({ status: literal('ok'), restart: isBoolean })),
);

// //// Comm messages: shell from the client, iopub from the kernel

export type CommChannel = 'shell' | 'iopub';
/** `data` is the comm's own payload (a widget's state, say): only its object shape is checked. */
export type CommOpenContent = { comm_id: string; target_name: string; data: JsonObject };
export type CommMsgContent = { comm_id: string; data: JsonObject };
const isCommMsgContent = fields<CommMsgContent>({ comm_id: isString, data: isJsonObject });
const COMM_CHANNELS: readonly CommChannel[] = ['shell', 'iopub'];

/** See [Custom Messages](https://jupyter-client.readthedocs.io/en/latest/messaging.html#custom-messages). */
export interface CommOpenMsg<C extends CommChannel = CommChannel> extends Message<'comm_open'> {
  channel: C;
  content: CommOpenContent;
}
export const isCommOpenMsg = messageGuard<CommOpenMsg>('comm_open', COMM_CHANNELS, fields<CommOpenContent>({ comm_id: isString, target_name: isString, data: isJsonObject }));

export interface CommMsgMsg<C extends CommChannel = CommChannel> extends Message<'comm_msg'> {
  channel: C;
  content: CommMsgContent;
}
export const isCommMsgMsg = messageGuard<CommMsgMsg>('comm_msg', COMM_CHANNELS, isCommMsgContent);

export interface CommCloseMsg<C extends CommChannel = CommChannel> extends Message<'comm_close'> {
  channel: C;
  content: CommMsgContent;
}
export const isCommCloseMsg = messageGuard<CommCloseMsg>('comm_close', COMM_CHANNELS, isCommMsgContent);

// //// IOPub messages

/** busy/idle/starting from the kernel; restarting/dead (and others) from the server. */
export type StatusContent = { execution_state: string };
/** See [Kernel status](https://jupyter-client.readthedocs.io/en/latest/messaging.html#kernel-status). */
export interface StatusMsg extends IOPubMessage<'status'> {
  content: StatusContent;
}
export const isStatusMsg = messageGuard<StatusMsg>('status', ['iopub'], fields<StatusContent>({ execution_state: isString }));

export type ExecuteInputContent = { code: string } & ExecuteCountContent;
/** See [Code inputs](https://jupyter-client.readthedocs.io/en/latest/messaging.html#code-inputs). */
export interface ExecuteInputMsg extends IOPubMessage<'execute_input'> {
  content: ExecuteInputContent;
}
export const isExecuteInputMsg = messageGuard<ExecuteInputMsg>('execute_input', ['iopub'], fields<ExecuteInputContent>({ code: isString, execution_count: optional(nullable(isNumber)) }));

/** `name` is stdout or stderr from a kernel; other names are kept as they are. */
export type StreamContent = { name: string; text: string };
/** See [Streams](https://jupyter-client.readthedocs.io/en/latest/messaging.html#streams-stdout-stderr-etc). */
export interface StreamMsg extends IOPubMessage<'stream'> {
  content: StreamContent;
}
export const isStreamMsg = messageGuard<StreamMsg>('stream', ['iopub'], fields<StreamContent>({ name: isString, text: isString }));

export type Transient = { display_id?: string };
export type DisplayDataContent = { data: JsonObject; metadata?: JsonObject; transient?: Transient };
const displayFields = {
  data: isJsonObject,
  metadata: optional(isJsonObject),
  transient: optional(fields<Transient>({ display_id: optional(isString) })),
};
/** See [Display Data](https://jupyter-client.readthedocs.io/en/latest/messaging.html#display-data). */
export interface DisplayDataMsg extends IOPubMessage<'display_data'> {
  content: DisplayDataContent;
}
export const isDisplayDataMsg = messageGuard<DisplayDataMsg>('display_data', ['iopub'], fields<DisplayDataContent>(displayFields));

/** Without a display_id an update has nothing to update. */
export type UpdateDisplayDataContent = { data: JsonObject; metadata?: JsonObject; transient: { display_id: string } };
/** See [Update Display Data](https://jupyter-client.readthedocs.io/en/latest/messaging.html#update-display-data). */
export interface UpdateDisplayDataMsg extends IOPubMessage<'update_display_data'> {
  content: UpdateDisplayDataContent;
}
export const isUpdateDisplayDataMsg = messageGuard<UpdateDisplayDataMsg>(
  'update_display_data',
  ['iopub'],
  fields<UpdateDisplayDataContent>({ ...displayFields, transient: fields<{ display_id: string }>({ display_id: isString }) }),
);

export type ExecuteResultContent = DisplayDataContent & ExecuteCountContent;
/** See [Execution results](https://jupyter-client.readthedocs.io/en/latest/messaging.html#id7). */
export interface ExecuteResultMsg extends IOPubMessage<'execute_result'> {
  content: ExecuteResultContent;
}
export const isExecuteResultMsg = messageGuard<ExecuteResultMsg>(
  'execute_result',
  ['iopub'],
  fields<ExecuteResultContent>({ ...displayFields, execution_count: optional(nullable(isNumber)) }),
);

export type ErrorContent = { ename: string; evalue: string; traceback: string[] };
/** See [Execution errors](https://jupyter-client.readthedocs.io/en/latest/messaging.html#execution-errors). */
export interface ErrorMsg extends IOPubMessage<'error'> {
  content: ErrorContent;
}
export const isErrorMsg = messageGuard<ErrorMsg>('error', ['iopub'], fields<ErrorContent>({ ename: isString, evalue: isString, traceback: isStringArray }));

/** `wait` left out means clear now. */
export type ClearOutputContent = { wait?: boolean };
/** See [Clear output](https://jupyter-client.readthedocs.io/en/latest/messaging.html#clear-output). */
export interface ClearOutputMsg extends IOPubMessage<'clear_output'> {
  content: ClearOutputContent;
}
export const isClearOutputMsg = messageGuard<ClearOutputMsg>('clear_output', ['iopub'], fields<ClearOutputContent>({ wait: optional(isBoolean) }));

// //// Stdin messages

export type InputRequestContent = { prompt: string; password?: boolean };
/** See [Messages on the stdin channel](https://jupyter-client.readthedocs.io/en/latest/messaging.html#messages-on-the-stdin-router-dealer-channel). */
export interface InputRequestMsg extends StdinMessage<'input_request'> {
  content: InputRequestContent;
}
export const isInputRequestMsg = messageGuard<InputRequestMsg>('input_request', ['stdin'], fields<InputRequestContent>({ prompt: isString, password: optional(isBoolean) }));

export type InputReplyContent = { value: string };
export interface InputReplyMsg extends StdinMessage<'input_reply'> {
  content: InputReplyContent;
}
export const isInputReplyMsg = messageGuard<InputReplyMsg>('input_reply', ['stdin'], fields<InputReplyContent>({ value: isString }));

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

/** The status a reply reports (`ok`, `error`, `aborted`, is_complete's verdict…), or null when its content is not a reply's. */
export function replyStatus(msg: Message): string | null {
  if (isReplyMsg(msg)) return msg.content.status;
  if (isIsCompleteReplyMsg(msg)) return msg.content.status;
  if (isKernelInfoReplyMsg(msg)) return msg.content.status ?? null;
  return null;
}
