/**
 * Per WebSocket connection, its frames with their decoded msg_type and channel
 * (analyse/kernel-records.ts decodes them). One pass; at most FRAMES_PER_CONNECTION rows per
 * connection and FRAME_LIMIT in all are kept, the rest are only counted.
 */
import { kernelRecords } from '../analyse/kernel-records.js';
import { isExecuteRequestMsg, isStatusMsg, isStreamMsg, oneLine, type DecodedRecord } from '../kernel/index.js';
import { firstLine } from '../views/connections-rows.js';
import type { InputSource } from '../read/input.js';
import { detached } from '../util/values.js';

export const FRAMES_PER_CONNECTION = 5000;
export const FRAME_LIMIT = 10_000;

export interface FrameRow {
  index: number | null;
  /** Milliseconds since the connection's first frame. */
  at_ms: number | null;
  direction: 'send' | 'receive' | null;
  kind: DecodedRecord['kind'];
  channel: string | null;
  msg_type: string | null;
  parent_msg_type: string | null;
  /** A short word on what the frame carries: a state, a stream's name, a first line of code, why it is not a message. */
  about: string;
}

export interface ConnectionFrames {
  file: string;
  entry: number | null;
  kernel_id: string | null;
  session_id: string | null;
  first_time: number | null;
  frames: number;
  rows: FrameRow[];
}

export interface FrameSide {
  connections: ConnectionFrames[];
  frames: number;
  messages: number;
  /** Frames on a kernel channel that are not Jupyter messages. */
  malformed: number;
  /** `error` messages (an exception in a cell). */
  errors: number;
  rows_left_out: number;
}


/** Detached from the message's text, which the row would otherwise keep whole. */
function about(record: DecodedRecord): string {
  if (record.kind !== 'message') return record.reason;
  if (isStatusMsg(record)) return record.content.execution_state;
  if (isStreamMsg(record)) return detached(`${record.content.name}: ${oneLine(record.content.text, 80)}`);
  if (isExecuteRequestMsg(record)) return detached(firstLine(record.content.code, 80));
  return '';
}

/** Epoch ms of a frame: its ISO time, since producers write `time` in seconds or in milliseconds. */
function epochMs(record: DecodedRecord): number | null {
  if (record.iso === null) return null;
  const ms = Date.parse(record.iso);
  return Number.isNaN(ms) ? null : ms;
}

export async function readFrameSide(sources: readonly InputSource[], onWarning: (message: string) => void): Promise<FrameSide> {
  const side: FrameSide = { connections: [], frames: 0, messages: 0, malformed: 0, errors: 0, rows_left_out: 0 };
  let kept = 0;
  for (const source of sources) {
    const byEntry = new Map<string, ConnectionFrames>();
    for await (const record of kernelRecords(source, { onWarning })) {
      side.frames++;
      if (record.kind === 'message') side.messages++;
      else if (record.kind === 'malformed') side.malformed++;
      if (record.kind === 'message' && record.msg_type === 'error') side.errors++;
      const key = `${record.frame.entry ?? ''}\u0000${record.frame.session_id ?? ''}`;
      let connection = byEntry.get(key);
      if (connection === undefined) {
        connection = { file: source.name, entry: record.frame.entry, kernel_id: record.kernel_id, session_id: record.frame.session_id, first_time: epochMs(record), frames: 0, rows: [] };
        byEntry.set(key, connection);
        side.connections.push(connection);
      }
      connection.frames++;
      if (connection.rows.length >= FRAMES_PER_CONNECTION || kept >= FRAME_LIMIT) {
        side.rows_left_out++;
        continue;
      }
      kept++;
      const ms = epochMs(record);
      connection.first_time ??= ms;
      const isMessage = record.kind === 'message';
      connection.rows.push({
        index: record.frame.index,
        at_ms: ms === null || connection.first_time === null ? null : ms - connection.first_time,
        direction: record.direction,
        kind: record.kind,
        channel: isMessage ? record.channel : null,
        msg_type: isMessage ? record.msg_type : null,
        parent_msg_type: isMessage ? record.parent_msg_type : null,
        about: about(record),
      });
    }
  }
  return side;
}
