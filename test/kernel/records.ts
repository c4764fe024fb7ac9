/** Hand-made message records for conversation tests: only what a test cares about is spelled out. */
import type { MessageRecord } from '../../src/kernel/decode-record.js';
import type { Channel, JsonObject } from '../../src/kernel/messages.js';
import { harTimeToIso } from '../../src/ws/har-time.js';

export interface RecordOptions {
  time: number;
  type: string;
  id: string;
  channel?: Channel;
  direction?: 'send' | 'receive';
  parent?: { id: string; type: string; session?: string } | null;
  content?: JsonObject;
  metadata?: JsonObject;
  /** header.session; defaults to the kernel session for received messages, the client's for sent ones. */
  session?: string;
  date?: string;
  username?: string;
  kernel?: string;
  /** Connection: HAR entry index and its URL session_id. */
  entry?: number;
  client?: string;
}

const IOPUB_TYPES = new Set(['status', 'stream', 'display_data', 'update_display_data', 'execute_result', 'error', 'clear_output', 'execute_input']);

let index = 0;

export function record(o: RecordOptions): MessageRecord {
  const direction = o.direction ?? (o.type.endsWith('_request') && o.type !== 'input_request' ? 'send' : 'receive');
  const client = o.client ?? 'client-A';
  const session = o.session ?? (direction === 'send' ? client : 'kernel-1');
  const channel = o.channel ?? (o.type.startsWith('input_') ? 'stdin' : IOPUB_TYPES.has(o.type) ? 'iopub' : 'shell');
  const header = { msg_id: o.id, msg_type: o.type, session, username: o.username ?? '', version: '5.3', ...(o.date === undefined ? {} : { date: o.date }) };
  const parent_header: JsonObject = o.parent ? { msg_id: o.parent.id, msg_type: o.parent.type, session: o.parent.session ?? client } : {};
  return {
    kind: 'message',
    frame: { entry: o.entry ?? 0, index: index++, session_id: client },
    time: o.time,
    iso: harTimeToIso(o.time),
    direction,
    kernel_id: o.kernel ?? 'k-1',
    channel,
    msg_id: o.id,
    msg_type: o.type,
    parent_msg_id: o.parent ? o.parent.id : null,
    parent_msg_type: o.parent ? o.parent.type : null,
    session,
    wire: 'legacy-text',
    header,
    parent_header,
    metadata: o.metadata ?? {},
    content: o.content ?? {},
    buffers: [],
  };
}

/** A sent execute_request and the usual iopub/shell traffic around it, at times t0 + offsets (seconds). */
export function execute(
  id: string,
  code: string,
  t0: number,
  extra: { count?: number; outputs?: [number, string, JsonObject][]; replyAt?: number; idleAt?: number; status?: string; kernelSession?: string; client?: string; entry?: number } = {},
): MessageRecord[] {
  const parent = { id, type: 'execute_request', session: extra.client ?? 'client-A' };
  const common = { parent, session: extra.kernelSession ?? 'kernel-1', client: extra.client ?? 'client-A', entry: extra.entry ?? 0 };
  const count = extra.count ?? 1;
  return [
    record({ time: t0, type: 'execute_request', id, content: { code, silent: false }, metadata: { cellId: `cell-${id}` }, client: common.client, entry: common.entry }),
    record({ ...common, time: t0 + 0.1, type: 'status', id: `${id}-busy`, content: { execution_state: 'busy' } }),
    record({ ...common, time: t0 + 0.2, type: 'execute_input', id: `${id}-in`, content: { code, execution_count: count } }),
    ...(extra.outputs ?? []).map(([dt, type, content], i) => record({ ...common, time: t0 + dt, type, id: `${id}-out${i}`, content })),
    record({ ...common, time: t0 + (extra.replyAt ?? 0.8), type: 'execute_reply', id: `${id}-reply`, content: { status: extra.status ?? 'ok', execution_count: count } }),
    record({ ...common, time: t0 + (extra.idleAt ?? 0.9), type: 'status', id: `${id}-idle`, content: { execution_state: 'idle' } }),
  ];
}
