/**
 * Frame record (a `har ws-messages` line) → message record (a `kernel-decode` line).
 *
 * Adds what the bytes can't say: which connection and direction a frame came from, and
 * whether it was on a kernel channel. On a kernel channel every frame but Chrome's error frames
 * must be a Jupyter message, so one that isn't is malformed; on any other socket it is `other`.
 */
import type { FrameRecord } from '../ws/frames.js';
import { decodeFrame, type WireFormat } from './codec.js';
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
  const context: RecordContext = {
    frame: { entry: integerOrNull(record.entry), index: integerOrNull(record.index), session_id: stringOrNull(record.session_id) },
    time: typeof record.time === 'number' && Number.isFinite(record.time) ? record.time : null,
    iso: stringOrNull(record.iso),
    direction: record.type === 'send' || record.type === 'receive' ? record.type : null,
    kernel_id: stringOrNull(record.kernel_id),
  };
  const decoded = decodeFrame(record, stringOrNull(record.protocol));
  // Chrome's error frames (opcode -1) carry an error text, never a message.
  const isErrorFrame = record.type === 'error' || record.opcode === -1;
  const onKernelChannel = context.kernel_id !== null;
  if (decoded.kind === 'message') {
    const { wire, channel, header, parent_header, metadata, content, buffers } = decoded;
    return {
      kind: 'message',
      ...context,
      channel,
      msg_id: header.msg_id,
      msg_type: header.msg_type,
      parent_msg_id: parentMsgId(decoded),
      parent_msg_type: parentMsgType(decoded),
      session: header.session ?? null,
      wire,
      header,
      parent_header,
      metadata,
      content,
      buffers,
    };
  }
  if (onKernelChannel && !isErrorFrame) {
    return { kind: 'malformed', ...context, reason: decoded.reason, size: integerOrNull(record.size) };
  }
  return { kind: 'other', ...context, reason: onKernelChannel ? decoded.reason : `not a kernel channel: ${decoded.reason}` };
}

function integerOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}
