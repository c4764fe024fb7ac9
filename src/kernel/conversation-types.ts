/**
 * Record shapes of `kernel-decode --conversations`: one `conversation` per
 * request, then `orphans` per missing parent, `unparented` and `kernel` summaries per kernel.
 * Times are ISO strings from the HAR (browser clock); durations are milliseconds.
 */
import type { NotebookOutput } from './output-area.js';
import type { Channel } from './messages.js';

/** One delivery of a message: the same iopub message reaches every connection of a kernel. */
export interface Arrival {
  entry: number | null;
  index: number | null;
  time: number | null;
  iso: string | null;
}

export interface MessageRef {
  msg_id: string;
  msg_type: string;
  channel: Channel;
  direction: 'send' | 'receive' | null;
  iso: string | null;
  /** status messages: the execution_state. */
  state?: string;
  /** Present when the message was delivered more than once; the first is the one used. */
  arrivals?: Arrival[];
}

export interface StdinExchange {
  prompt: string;
  password: boolean;
  requested: string | null;
  /** null while the user never answered in the capture. */
  value: string | null;
  replied: string | null;
  /** How the frontend showed the answer in the outputs (see ConversationOptions.inputEcho). */
  echo: 'stdout' | 'stdin' | null;
}

/**
 * The kernel never echoes what the user typed at an input() prompt; frontends add it to the
 * outputs themselves. Classic Notebook appends `prompt + value + "\n"` as stdout (merged with
 * the stdout around it); JupyterLab adds a stream named `stdin` with `value + "\n"`. `auto`
 * recognises those two frontends from the execute_request (JupyterLab's cellId/recordTiming/
 * deletedCells metadata; Classic's "username" and 32-hex msg_ids) and adds no echo for any
 * other client. Passwords are echoed as dots.
 */
export type InputEcho = 'auto' | 'none' | 'stdout' | 'stdin';

export interface ConversationOptions {
  inputEcho?: InputEcho;
}

export const DEFAULT_CONVERSATION_OPTIONS: Required<ConversationOptions> = { inputEcho: 'auto' };

export interface ConversationTimes {
  sent: string | null;
  busy: string | null;
  execute_input: string | null;
  reply: string | null;
  idle: string | null;
}

export interface ConversationDurations {
  /** busy − sent: waiting behind other requests plus transit. */
  queued_ms: number | null;
  /** idle − busy. */
  running_ms: number | null;
  /** last of reply/idle − sent: what the user waited. */
  wall_ms: number | null;
  /** From the kernel's own header dates: reply − metadata.started, else idle − busy. */
  kernel_ms: number | null;
  /** Time spent waiting for the user at input() prompts (browser clock). */
  input_wait_ms: number | null;
}

export interface ConversationFlags {
  /** Messages for this request arrived after its idle (asynchronous output). */
  after_idle: boolean;
  /** The server's "IOPub … rate exceeded" notice: outputs are incomplete. */
  rate_limited: boolean;
  /** The reply's status is aborted (a queued request after an error with stop_on_error). */
  aborted: boolean;
  /** Nothing came back: no status, no reply, no side effect. */
  no_response: boolean;
  /** The same msg_id had two different payloads (colliding ids from a custom kernel or client). */
  conflicting_ids: boolean;
}

export interface Conversation {
  kind: 'conversation';
  kernel_id: string | null;
  /** header.session of the kernel messages: changes on restart. */
  kernel_session: string | null;
  connection: { entry: number | null; session_id: string | null };
  msg_id: string;
  msg_type: string;
  channel: Channel;
  /** execute_request only. */
  code: string | null;
  /** execute_request `silent`: not a cell the user ran (variable inspectors and the like). */
  silent: boolean;
  /** JupyterLab's metadata.cellId, when sent. */
  cell_id: string | null;
  /** HAR time of the send frame, for ordering. */
  time: number | null;
  times: ConversationTimes;
  /** Reply and idle both seen (or idle alone for requests without a reply, like comm_msg). */
  done: boolean;
  status: string | null;
  execution_count: number | null;
  error: { ename: string; evalue: string } | null;
  outputs: NotebookOutput[];
  stdin: StdinExchange[];
  /** comm_open / comm_msg / comm_close caused by this request. */
  comm: Record<string, number>;
  durations: ConversationDurations;
  flags: ConversationFlags;
  /** Extra send frames with this msg_id (resends after a reconnect). */
  resent: number;
  messages: MessageRef[];
}

/** Messages whose parent request is not in the capture, grouped by that parent. */
export interface OrphanGroup {
  kind: 'orphans';
  kernel_id: string | null;
  parent_msg_id: string;
  parent_msg_type: string | null;
  parent_date: string | null;
  /** The parent's header.session: a connection's session_id here means the server's own nudge. */
  parent_session: string | null;
  outputs: NotebookOutput[];
  rate_limited: boolean;
  messages: MessageRef[];
}

export interface UnparentedGroup {
  kind: 'unparented';
  kernel_id: string | null;
  outputs: NotebookOutput[];
  messages: MessageRef[];
}

export type KernelEventKind = 'restart' | 'restarting' | 'dead' | 'starting';

export interface KernelEvent {
  kind: KernelEventKind;
  time: number | null;
  iso: string | null;
  /** For restart: the kernel sessions before and after. */
  from?: string | null;
  to?: string;
}

export interface KernelSummary {
  kind: 'kernel';
  kernel_id: string | null;
  connections: { entry: number | null; session_id: string | null; first: string | null }[];
  incarnations: { session: string; first: string | null }[];
  events: KernelEvent[];
  /** Deliveries dropped as copies of a message already seen (other connections, replays). */
  duplicates: number;
}

export interface ConversationReport {
  conversations: Conversation[];
  orphans: OrphanGroup[];
  unparented: UnparentedGroup[];
  kernels: KernelSummary[];
}

export type ConversationRecord = Conversation | OrphanGroup | UnparentedGroup | KernelSummary;
