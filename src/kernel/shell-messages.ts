/**
 * Shell and control messages (requests and their replies) and comm messages, with their guards.
 * Import from messages.ts.
 */
import { both, fields, isBoolean, isJsonObject, isNumber, isString, isStringArray, literal, optional, type JsonObject } from './content-guards.js';
import {
  isExecuteCount,
  isReplyContent,
  messageGuard,
  replyContent,
  type ExecuteCountContent,
  type Message,
  type ReplyContent,
  type ReplyOkContent,
  type ShellControlMessage,
  type ShellMessage,
} from './message-model.js';

// //// Shell messages

export type ExecuteRequestContent = { code: string; silent?: boolean };
/** See [Execute](https://jupyter-client.readthedocs.io/en/latest/messaging.html#execute). */
export interface ExecuteRequestMsg extends ShellMessage<'execute_request'> {
  content: ExecuteRequestContent;
}
export const isExecuteRequestMsg = messageGuard<ExecuteRequestMsg>('execute_request', ['shell'], fields<ExecuteRequestContent>({ code: isString, silent: optional(isBoolean) }));

export type ExecuteReplyContent = ReplyContent<ReplyOkContent> & ExecuteCountContent;
/** See [Execution results](https://jupyter-client.readthedocs.io/en/latest/messaging.html#execution-results). */
export interface ExecuteReplyMsg extends ShellMessage<'execute_reply'> {
  content: ExecuteReplyContent;
}
export const isExecuteReplyMsg = messageGuard<ExecuteReplyMsg>('execute_reply', ['shell'], both(isReplyContent, isExecuteCount));

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
