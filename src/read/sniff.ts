import { isPlainObject } from '../util/values.js';

/** Is an input a HAR, or the NDJSON frames `har ws-messages` writes? Decided from its first bytes. */

/** The keys `har ws-messages` writes, and those of raw `_webSocketMessages` items. */
const FRAME_KEYS = new Set(['entry', 'url', 'kernel_id', 'session_id', 'protocol', 'index', 'type', 'time', 'iso', 'opcode', 'size', 'data']);

export type InputKind = 'har' | 'ndjson';

/**
 * A first line that is a whole JSON object is NDJSON unless it has `log` (a one-line HAR).
 * Otherwise NDJSON frames start with a frame key (`{"entry":…`, or `{"type":…` from jq), and
 * anything else that starts with `{` is taken for a HAR, whose reader then says if it is not one.
 */
export function sniffInput(head: string): InputKind {
  const newline = head.indexOf('\n');
  if (newline !== -1) {
    try {
      const first: unknown = JSON.parse(head.slice(0, newline));
      if (isPlainObject(first)) return 'log' in first ? 'har' : 'ndjson';
    } catch {
      // Not a whole line of JSON: a pretty-printed HAR, or a long frame line.
    }
  }
  const match = /^\s*\{\s*"((?:[^"\\]|\\.)*)"/.exec(head);
  return match !== null && FRAME_KEYS.has(match[1]!) ? 'ndjson' : /^\s*\{/.test(head) ? 'har' : 'ndjson';
}
