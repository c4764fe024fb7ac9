/**
 * Frame record (a `har ws-messages` line) → message record (a `kernel-decode` line).
 *
 * Adds what the bytes can't say: which connection and direction a frame came from, and
 * whether it was on a kernel channel. On a kernel channel every frame but Chrome's error frames
 * must be a Jupyter message, so one that isn't is malformed; on any other socket it is `other`.
 */
import type { FrameRecord } from '../ws/frames.js';
import { decodeMessage, type WireFormat } from './codec.js';
import { parentMsgId, parentMsgType, type Message } from './messages.js';
import { stringOrNull } from '../util/values.js';

export type Direction = 'send' | 'receive';

/** Where a record came from: enough to find the frame again and to tell connections apart. */
export interface FrameRef {
  entry: number | null;
  index: number | null;
  /** The client session of the connection (URL `session_id`). */
  session_id: string | null;
}

/** Where and when a frame was seen: what every decoded record carries. */
export interface RecordContext {
  frame: FrameRef;
  time: number | null;
  iso: string | null;
  direction: Direction | null;
  kernel_id: string | null;
}

/**
 * A decoded message with its frame context: the message's own fields (channel, header,
 * parent_header, metadata, content, buffers) plus the header fields lifted for jq and the
 * wire it came in. `M` narrows with the message guards: `isStreamMsg(record)` makes
 * `record.content` a StreamContent.
 */
export type MessageRecord<M extends Message = Message> = { kind: 'message' } & RecordContext & {
    msg_id: string;
    msg_type: string;
    parent_msg_id: string | null;
    parent_msg_type: string | null;
    /** header.session: the kernel incarnation, or the client session for client and server-made messages. */
    session: string | null;
    wire: WireFormat;
  } & M;

export type OtherRecord = { kind: 'other'; reason: string } & RecordContext;
export type MalformedRecord = { kind: 'malformed'; reason: string; size: number | null } & RecordContext;
export type DecodedRecord = MessageRecord | OtherRecord | MalformedRecord;

/** A frame record as read back from NDJSON: nothing about it is trusted. */
export type FrameRecordLike = { [K in keyof FrameRecord]?: unknown };

export function decodeFrameRecord(record: FrameRecordLike): DecodedRecord {
  const frame: FrameRef = { entry: integerOrNull(record.entry), index: integerOrNull(record.index), session_id: stringOrNull(record.session_id) };
  const time = typeof record.time === 'number' && Number.isFinite(record.time) ? record.time : null;
  const iso = stringOrNull(record.iso);
  const direction = record.type === 'send' || record.type === 'receive' ? record.type : null;
  const kernel_id = stringOrNull(record.kernel_id);
  const decoded = decodeMessage(record, stringOrNull(record.protocol));
  if (decoded.kind === 'message') {
    const msg = decoded.msg;
    // One literal in output order, no spreads: this runs once per frame.
    return {
      kind: 'message',
      frame,
      time,
      iso,
      direction,
      kernel_id,
      channel: msg.channel,
      msg_id: msg.header.msg_id,
      msg_type: msg.header.msg_type,
      parent_msg_id: parentMsgId(msg),
      parent_msg_type: parentMsgType(msg),
      session: msg.header.session ?? null,
      wire: decoded.wire,
      header: msg.header,
      parent_header: msg.parent_header,
      metadata: msg.metadata,
      content: msg.content,
      buffers: msg.buffers,
    };
  }
  // Chrome's error frames (opcode -1) carry an error text, never a message.
  const isErrorFrame = record.type === 'error' || record.opcode === -1;
  const onKernelChannel = kernel_id !== null;
  if (onKernelChannel && !isErrorFrame) {
    return { kind: 'malformed', frame, time, iso, direction, kernel_id, reason: decoded.reason, size: integerOrNull(record.size) };
  }
  return { kind: 'other', frame, time, iso, direction, kernel_id, reason: onKernelChannel ? decoded.reason : `not a kernel channel: ${decoded.reason}` };
}

function integerOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}
