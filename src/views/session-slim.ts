/**
 * The part of each kernel message the session views need, before it goes to the
 * ConversationBuilder (which keeps every distinct message until it finishes, to order them by
 * time). Messages of other requests (comms, completions, kernel_info …) are left out, and so
 * are headers, metadata and contents nobody reads; for `har cells` the output messages too
 * (SessionFacts has counted them) but errors and the server's rate-limit notices. This is what keeps a capture of many GB in bounded memory.
 */
import type { JsonObject, MessageRecord } from '../kernel/index.js';
import { OUTPUT_TYPES } from './session-facts.js';

export type Detail = 'outputs' | 'sizes';

/** Lifecycle states the kernel summary tracks (restarts); busy/idle of other requests are not needed. */
const LIFECYCLE = new Set(['starting', 'restarting', 'dead']);

/**
 * What the ConversationBuilder reads of each content, and what the message guards require of it
 * (kernel/shell-messages.ts, iopub-messages.ts); the output messages keep theirs whole.
 */
const CONTENT_KEYS: Readonly<Record<string, readonly string[]>> = {
  execute_request: ['code', 'silent'],
  execute_input: ['code', 'execution_count'],
  execute_reply: ['status', 'execution_count', 'ename', 'evalue'],
  status: ['execution_state'],
  input_request: ['prompt', 'password'],
  input_reply: ['value'],
  error: ['ename', 'evalue', 'traceback'],
};

export function slimRecord(r: MessageRecord, detail: Detail): MessageRecord | null {
  if (!isViewed(r)) return null;
  // Sizes and counts come from SessionFacts; the builder still needs errors and rate-limit notices.
  if (detail === 'sizes' && OUTPUT_TYPES.has(r.msg_type) && r.msg_type !== 'error' && !isNotice(r)) return null;
  return {
    ...r,
    // The message guards read header.msg_type and parent_header.msg_type; the run reads dates.
    header: pick(r.header, ['msg_id', 'msg_type', 'session', 'username', 'date', 'version']) as MessageRecord['header'],
    parent_header: pick(r.parent_header, ['msg_id', 'msg_type', 'session', 'date']),
    metadata: r.direction === 'send' ? pick(r.metadata, ['cellId', 'recordTiming', 'deletedCells']) : pick(r.metadata, ['started']),
    content: slimContent(r, detail),
    buffers: [],
  };
}

function slimContent(r: MessageRecord, detail: Detail): JsonObject {
  if (r.msg_type === 'error' && detail === 'sizes') return { ename: r.content.ename, evalue: r.content.evalue, traceback: [] };
  const keys = CONTENT_KEYS[r.msg_type];
  if (keys !== undefined) return pick(r.content, keys);
  // comm messages are only counted (their guards want comm_id, target_name and a data object);
  // outputs, and anything unforeseen, stay as they are.
  return r.msg_type.startsWith('comm_') ? { ...pick(r.content, ['comm_id', 'target_name']), data: {} } : r.content;
}

function isViewed(r: MessageRecord): boolean {
  if (r.direction === 'send') return r.msg_type === 'execute_request' || r.msg_type === 'input_reply';
  if (r.msg_type === 'update_display_data') return true;
  if (r.msg_type === 'status' && LIFECYCLE.has(String(r.content.execution_state))) return true;
  // Without a parent type the message may still be output of a request the capture missed.
  return r.parent_msg_type === null || r.parent_msg_type === 'execute_request';
}

function isNotice(r: MessageRecord): boolean {
  return r.msg_type === 'stream' && typeof r.content.text === 'string' && r.content.text.startsWith('IOPub ');
}

function pick(object: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const key of keys) if (Object.hasOwn(object, key)) out[key] = object[key];
  return out;
}
