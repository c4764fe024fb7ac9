import { FormatError } from '../errors.js';
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

/** The first byte that is not JSON whitespace, or -1 when there is none. */
function firstSignificant(head: Buffer): number {
  for (const byte of head) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return byte;
  return -1;
}

/**
 * Like sniffInput, but first refuses (exit 5) what is neither: a HAR and `ws-messages` NDJSON
 * both start with `{`, so empty input, HTML, UTF-16, zlib or random bytes are known from the
 * first bytes, before any line is read.
 */
export function sniffInputBytes(name: string, head: Buffer): InputKind {
  const first = firstSignificant(head);
  if (first === -1) throw new FormatError(name, head.length === 0 ? 'empty input, not JSON' : 'only whitespace, not JSON');
  if (first !== 0x7b) {
    const shown = first >= 0x20 && first < 0x7f ? JSON.stringify(String.fromCharCode(first)) : `byte 0x${first.toString(16).padStart(2, '0')}`;
    throw new FormatError(name, `not a HAR or ws-messages NDJSON: starts with ${shown}, not "{"`);
  }
  return sniffInput(head.toString('utf8'));
}
