/**
 * The message model every message type builds on: channels and their msg_type unions,
 * `Header<T>`, `Message<T>`, the per-channel message interfaces, reply content, and the
 * guard factory the per-type guards are made with. Import from messages.ts.
 */
import { fields, isJsonObject, isNumber, isString, literal, nullable, optional, type Guard, type JsonObject } from './content-guards.js';

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
export function messageGuard<M extends Message>(
  msgType: M['header']['msg_type'],
  channels: readonly M['channel'][],
  content: Guard<M['content']>,
): (msg: Message) => msg is M {
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
export function replyContent<T>(ok: Guard<T>): Guard<ReplyContent<T>> {
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

/** Content guard for any reply: ok, error or abort. */
export const isReplyContent = replyContent(fields<ReplyOkContent>({ status: literal('ok') }));

export function isReplyMsg(msg: Message): msg is ReplyMsg {
  return msg.header.msg_type.endsWith('_reply') && isReplyChannel(msg.channel) && isReplyContent(msg.content);
}

/** `foo_reply` answers `foo_request`. */
export function isReplyTo(replyType: string, requestType: string): boolean {
  return replyType.endsWith('_reply') && requestType.endsWith('_request') && replyType.slice(0, -6) === requestType.slice(0, -8);
}

/** True for the channels a reply comes back on. */
export function isReplyChannel(channel: Channel): boolean {
  return (REPLY_CHANNELS as readonly Channel[]).includes(channel);
}

/** execute_reply, execute_input and execute_result may say the execution count (null when not counted). */
export type ExecuteCountContent = { execution_count?: number | null };
export const isExecuteCount = fields<ExecuteCountContent>({ execution_count: optional(nullable(isNumber)) });
