/**
 * The part of each kernel message the session views need, before it goes to the
 * ConversationBuilder (which keeps every distinct message until it finishes, to order them by
 * time). Messages of other requests (comms, completions, kernel_info …) are left out, and so
 * are headers, metadata and contents nobody reads; for `har cells` the output payloads too
 * (their sizes are counted before). This is what keeps a capture of many GB in bounded memory.
 */
import { isJsonObject, type JsonObject, type MessageRecord } from '../kernel/index.js';

export type Detail = 'outputs' | 'sizes';

/** Lifecycle states the kernel summary tracks (restarts); busy/idle of other requests are not needed. */
const LIFECYCLE = new Set(['starting', 'restarting', 'dead']);
const OUTPUTS = new Set(['stream', 'display_data', 'execute_result', 'error', 'update_display_data']);

export function slimRecord(r: MessageRecord, detail: Detail): MessageRecord | null {
  if (!isViewed(r)) return null;
  return {
    ...r,
    header: pick(r.header, ['msg_id', 'msg_type', 'session', 'username', 'date', 'version']) as MessageRecord['header'],
    parent_header: pick(r.parent_header, ['msg_id', 'msg_type', 'session', 'date']),
    metadata: r.direction === 'send' ? pick(r.metadata, ['cellId', 'recordTiming', 'deletedCells']) : pick(r.metadata, ['started']),
    content: detail === 'sizes' && OUTPUTS.has(r.msg_type) ? withoutPayload(r) : r.content,
    buffers: [],
  };
}

function isViewed(r: MessageRecord): boolean {
  if (r.direction === 'send') return r.msg_type === 'execute_request' || r.msg_type === 'input_reply';
  if (r.msg_type === 'update_display_data') return true;
  if (r.msg_type === 'status' && LIFECYCLE.has(String(r.content.execution_state))) return true;
  // Without a parent type the message may still be output of a request the capture missed.
  return r.parent_msg_type === null || r.parent_msg_type === 'execute_request';
}

/** The output's kind, ids and error names stay; text and bundles go (rate-limit notices stay whole). */
function withoutPayload(r: MessageRecord): JsonObject {
  const c = r.content;
  switch (r.msg_type) {
    case 'stream': {
      const text = typeof c.text === 'string' ? c.text : '';
      return { name: c.name, text: text.startsWith('IOPub ') ? text : '' };
    }
    case 'error':
      return { ename: c.ename, evalue: c.evalue, traceback: [] };
    default:
      return {
        data: {},
        metadata: {},
        ...(isJsonObject(c.transient) ? { transient: c.transient } : {}),
        ...(c.execution_count === undefined ? {} : { execution_count: c.execution_count }),
      };
  }
}

function pick(object: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const key of keys) if (Object.hasOwn(object, key)) out[key] = object[key];
  return out;
}
