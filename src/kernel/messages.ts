/**
 * Jupyter kernel messages as harknife sees them after decoding a WebSocket frame.
 *
 * Types follow JupyterLab's `packages/services/src/kernel/messages.ts` (names minus the `I`):
 * literal unions per channel, `Header<T>`, `Message<T>`, one type per msg_type, and a guard
 * after each. See https://jupyter-client.readthedocs.io/en/latest/messaging.html
 *
 * #### Notes
 * A capture can hold anything a kernel or a custom client ever sent, so `Message` (the base)
 * accepts any msg_type string and any content object. The per-type guards check the content
 * fields harknife reads (table below), so code behind a guard can trust them.
 */

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

export type JsonObject = { [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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

/** A binary buffer kept as base64: buffers are never decoded as text (§10.4 of the research). */
export interface BufferRef {
  size: number;
  base64: string;
}

export interface Message<T extends string = string, C extends JsonObject = JsonObject> {
  channel: Channel;
  header: Header<T>;
  parent_header: ParentHeader;
  metadata: JsonObject;
  content: C;
  buffers: BufferRef[];
}

export function parentMsgId(msg: Message): string | null {
  const id = msg.parent_header.msg_id;
  return typeof id === 'string' && id !== '' ? id : null;
}

export function parentMsgType(msg: Message): string | null {
  const type = msg.parent_header.msg_type;
  return typeof type === 'string' && type !== '' ? type : null;
}

// //// Protocol 4 names

/**
 * Old kernels (protocol 4.x) reach the browser unadapted on the v1 path, where the server
 * passes kernel frames through. See messaging.rst "Changelog 5.0".
 */
const PROTOCOL_4_NAMES: Readonly<Record<string, MessageType>> = {
  pyin: 'execute_input',
  pyerr: 'error',
  pyout: 'execute_result',
  object_info_request: 'inspect_request',
  object_info_reply: 'inspect_reply',
};

export function modernMsgType(msgType: string): string {
  // Own keys only: a frame may say msg_type "__proto__" or "constructor".
  return Object.hasOwn(PROTOCOL_4_NAMES, msgType) ? PROTOCOL_4_NAMES[msgType]! : msgType;
}

/** Renames protocol-4 msg_types (header and parent) and the stream `data` field to `text`. */
export function modernizeMessage(msg: Message): Message {
  const msgType = modernMsgType(msg.header.msg_type);
  const parentType = parentMsgType(msg);
  const header = msgType === msg.header.msg_type ? msg.header : { ...msg.header, msg_type: msgType };
  const parent_header =
    parentType !== null && modernMsgType(parentType) !== parentType
      ? { ...msg.parent_header, msg_type: modernMsgType(parentType) }
      : msg.parent_header;
  let content = msg.content;
  if (msgType === 'stream' && content.text === undefined && typeof content.data === 'string') {
    const { data, ...rest } = content;
    content = { ...rest, text: data };
  }
  if (header === msg.header && parent_header === msg.parent_header && content === msg.content) return msg;
  return { ...msg, header, parent_header, content };
}

// //// Content field checks, table-driven like JupyterLab's validate.ts

type FieldKind = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'number|null';

const CONTENT_FIELDS: Readonly<Record<string, Readonly<Record<string, FieldKind>>>> = {
  execute_request: { code: 'string' },
  execute_reply: { status: 'string' },
  execute_input: { code: 'string' },
  stream: { name: 'string', text: 'string' },
  display_data: { data: 'object' },
  update_display_data: { data: 'object', transient: 'object' },
  execute_result: { data: 'object', execution_count: 'number|null' },
  error: { ename: 'string', evalue: 'string', traceback: 'array' },
  status: { execution_state: 'string' },
  clear_output: { wait: 'boolean' },
  input_request: { prompt: 'string' },
  input_reply: { value: 'string' },
  comm_open: { comm_id: 'string' },
  comm_msg: { comm_id: 'string' },
  comm_close: { comm_id: 'string' },
};

function fieldMatches(value: unknown, kind: FieldKind): boolean {
  switch (kind) {
    case 'object':
      return isJsonObject(value);
    case 'array':
      return Array.isArray(value);
    case 'number|null':
      return value === null || typeof value === 'number';
    default:
      return typeof value === kind;
  }
}

/** True when the message has msg_type `type` and the content fields harknife reads. */
export function hasShape(msg: Message, type: string): boolean {
  if (msg.header.msg_type !== type) return false;
  if (!Object.hasOwn(CONTENT_FIELDS, type)) return true;
  const fields = CONTENT_FIELDS[type]!;
  return Object.entries(fields).every(([name, kind]) => fieldMatches(msg.content[name], kind));
}

// //// Shell messages

export type ExecuteRequestContent = {
  code: string;
  silent?: boolean;
  store_history?: boolean;
  user_expressions?: JsonObject;
  allow_stdin?: boolean;
  stop_on_error?: boolean;
};
/** See [Execute](https://jupyter-client.readthedocs.io/en/latest/messaging.html#execute). */
export type ExecuteRequestMsg = Message<'execute_request', ExecuteRequestContent>;
export function isExecuteRequestMsg(msg: Message): msg is ExecuteRequestMsg {
  return hasShape(msg, 'execute_request');
}

/**
 * #### Notes
 * ipykernel sends `'aborted'` while the docs say `'abort'`; both are accepted as strings.
 */
export type ExecuteReplyContent = {
  status: 'ok' | 'error' | 'aborted' | 'abort' | string;
  execution_count?: number | null;
  ename?: string;
  evalue?: string;
  traceback?: string[];
};
/** See [Execution results](https://jupyter-client.readthedocs.io/en/latest/messaging.html#execution-results). */
export type ExecuteReplyMsg = Message<'execute_reply', ExecuteReplyContent>;
export function isExecuteReplyMsg(msg: Message): msg is ExecuteReplyMsg {
  return hasShape(msg, 'execute_reply');
}

export type CommContent = { comm_id: string; target_name?: string; data?: JsonObject };
export type CommOpenMsg = Message<'comm_open', CommContent>;
export type CommMsgMsg = Message<'comm_msg', CommContent>;
export type CommCloseMsg = Message<'comm_close', CommContent>;
/** See [Custom Messages](https://jupyter-client.readthedocs.io/en/latest/messaging.html#custom-messages). */
export function isCommOpenMsg(msg: Message): msg is CommOpenMsg {
  return hasShape(msg, 'comm_open');
}
export function isCommMsgMsg(msg: Message): msg is CommMsgMsg {
  return hasShape(msg, 'comm_msg');
}
export function isCommCloseMsg(msg: Message): msg is CommCloseMsg {
  return hasShape(msg, 'comm_close');
}

// //// IOPub messages

export type ExecutionState = 'busy' | 'idle' | 'starting' | 'restarting' | 'dead' | string;
export type StatusMsg = Message<'status', { execution_state: ExecutionState }>;
/** See [Kernel status](https://jupyter-client.readthedocs.io/en/latest/messaging.html#kernel-status). */
export function isStatusMsg(msg: Message): msg is StatusMsg {
  return hasShape(msg, 'status');
}

export type ExecuteInputMsg = Message<'execute_input', { code: string; execution_count?: number | null }>;
/** See [Code inputs](https://jupyter-client.readthedocs.io/en/latest/messaging.html#code-inputs). */
export function isExecuteInputMsg(msg: Message): msg is ExecuteInputMsg {
  return hasShape(msg, 'execute_input');
}

export type StreamMsg = Message<'stream', { name: 'stdout' | 'stderr' | string; text: string }>;
/** See [Streams](https://jupyter-client.readthedocs.io/en/latest/messaging.html#streams-stdout-stderr-etc). */
export function isStreamMsg(msg: Message): msg is StreamMsg {
  return hasShape(msg, 'stream');
}

export type DisplayDataContent = {
  data: JsonObject;
  metadata?: JsonObject;
  transient?: { display_id?: string; [key: string]: unknown };
};
export type DisplayDataMsg = Message<'display_data', DisplayDataContent>;
/** See [Display Data](https://jupyter-client.readthedocs.io/en/latest/messaging.html#display-data). */
export function isDisplayDataMsg(msg: Message): msg is DisplayDataMsg {
  return hasShape(msg, 'display_data');
}

export type UpdateDisplayDataMsg = Message<'update_display_data', DisplayDataContent>;
/** See [Update Display Data](https://jupyter-client.readthedocs.io/en/latest/messaging.html#update-display-data). */
export function isUpdateDisplayDataMsg(msg: Message): msg is UpdateDisplayDataMsg {
  return hasShape(msg, 'update_display_data');
}

export type ExecuteResultMsg = Message<'execute_result', DisplayDataContent & { execution_count: number | null }>;
/** See [Execution results](https://jupyter-client.readthedocs.io/en/latest/messaging.html#id7). */
export function isExecuteResultMsg(msg: Message): msg is ExecuteResultMsg {
  return hasShape(msg, 'execute_result');
}

export type ErrorMsg = Message<'error', { ename: string; evalue: string; traceback: unknown[] }>;
/** See [Execution errors](https://jupyter-client.readthedocs.io/en/latest/messaging.html#execution-errors). */
export function isErrorMsg(msg: Message): msg is ErrorMsg {
  return hasShape(msg, 'error');
}

export type ClearOutputMsg = Message<'clear_output', { wait: boolean }>;
/** See [Clear output](https://jupyter-client.readthedocs.io/en/latest/messaging.html#clear-output). */
export function isClearOutputMsg(msg: Message): msg is ClearOutputMsg {
  return hasShape(msg, 'clear_output');
}

// //// Stdin messages

export type InputRequestMsg = Message<'input_request', { prompt: string; password?: boolean }>;
/** See [Messages on the stdin channel](https://jupyter-client.readthedocs.io/en/latest/messaging.html#messages-on-the-stdin-router-dealer-channel). */
export function isInputRequestMsg(msg: Message): msg is InputRequestMsg {
  return hasShape(msg, 'input_request');
}

export type InputReplyMsg = Message<'input_reply', { value: string; status?: string }>;
export function isInputReplyMsg(msg: Message): msg is InputReplyMsg {
  return hasShape(msg, 'input_reply');
}

/** The closed union of the message types harknife interprets. */
export type KnownMessage =
  | ExecuteRequestMsg
  | ExecuteReplyMsg
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

/** `foo_reply` answers `foo_request`. */
export function isReplyTo(replyType: string, requestType: string): boolean {
  return replyType.endsWith('_reply') && requestType.endsWith('_request') && replyType.slice(0, -6) === requestType.slice(0, -8);
}
