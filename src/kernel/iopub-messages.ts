/**
 * IOPub messages (what a request makes the kernel broadcast) and stdin messages, with their
 * guards. Import from messages.ts.
 */
import { fields, isBoolean, isJsonObject, isNumber, isString, isStringArray, nullable, optional, type JsonObject } from './content-guards.js';
import { messageGuard, type ExecuteCountContent, type IOPubMessage, type StdinMessage } from './message-model.js';

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
