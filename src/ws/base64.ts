/**
 * Strict base64 for CDP's binary payloads (standard alphabet, padded). Node's Buffer decoder
 * skips characters it doesn't know, which would turn a corrupt frame into plausible bytes.
 *
 * Checked by decoding rather than by a regular expression over every character (four times
 * slower on big frames, bench/notes.md "kernel-decode: per-frame cost"): the decoder skips any
 * character outside its table, so the text is strict exactly when nothing was skipped (the
 * decoded length is the full one) and the table's extras are absent: `-` and `_` (base64url),
 * `=` before the padding, and characters past ASCII (the decoder looks at their low byte only).
 */

/** The decoded bytes of `text`, or null when it is not strict base64. */
function strictDecode(text: string): Buffer | null {
  const remainder = text.length % 4;
  if (remainder === 1) return null;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if (padding > 0 && remainder !== 0) return null;
  const body = text.length - padding;
  const equals = text.indexOf('=');
  if (equals !== -1 && equals < body) return null;
  if (text.indexOf('-') !== -1 || text.indexOf('_') !== -1) return null;
  if (Buffer.byteLength(text, 'utf8') !== text.length) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === Math.floor((body * 3) / 4) ? bytes : null;
}

export function isStrictBase64(text: string): boolean {
  return strictDecode(text) !== null;
}

/**
 * The bytes `base64ByteLength` counted last, for a `decodeBase64` of the same text: kernel-decode
 * counts a frame's bytes (ws/frames.ts) and decodes them (kernel/codec.ts) right after. Handed
 * out once, so no caller shares them; frames over MEMO_LIMIT are not kept.
 */
let countedText: string | null = null;
let countedBytes: Buffer | null = null;
const MEMO_LIMIT = 2 ** 20;

/** Decoded length (frames can be many MB; big frames' bytes are dropped at once); null when not strict base64. */
export function base64ByteLength(text: string): number | null {
  const bytes = strictDecode(text);
  const keep = bytes !== null && bytes.length <= MEMO_LIMIT;
  countedText = keep ? text : null;
  countedBytes = keep ? bytes : null;
  return bytes?.length ?? null;
}

export function decodeBase64(text: string): Buffer | null {
  if (countedBytes !== null && countedText === text) {
    const bytes = countedBytes;
    countedText = null;
    countedBytes = null;
    return bytes;
  }
  return strictDecode(text);
}
