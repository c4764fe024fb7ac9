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

/**
 * Room for the decoded bytes of a frame up to this size, reused: kernel-decode counts every
 * binary frame's bytes and then decodes them again, and a Buffer per frame for each was ~40 % of
 * the base64 cost (allocation, and the external memory the collector then has to account for).
 */
const SCRATCH_BYTES = 2 ** 20;
let scratch: Buffer | null = null;

/**
 * The decoded bytes of `text`, or null when it is not strict base64. `transient`: the bytes may
 * be in the shared scratch buffer, valid until the next call into this module.
 */
function strictDecode(text: string, transient: boolean): Buffer | null {
  const remainder = text.length % 4;
  if (remainder === 1) return null;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if (padding > 0 && remainder !== 0) return null;
  const body = text.length - padding;
  const equals = text.indexOf('=');
  if (equals !== -1 && equals < body) return null;
  if (text.indexOf('-') !== -1 || text.indexOf('_') !== -1) return null;
  if (Buffer.byteLength(text, 'utf8') !== text.length) return null;
  const length = Math.floor((body * 3) / 4);
  const target = transient && length <= SCRATCH_BYTES ? (scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES)) : Buffer.allocUnsafe(length);
  // A skipped character leaves fewer bytes than a strict text of this length decodes to.
  const written = target.write(text, 0, length, 'base64');
  if (written !== length) return null;
  return target.length === length ? target : target.subarray(0, length);
}

export function isStrictBase64(text: string): boolean {
  return strictDecode(text, true) !== null;
}

/** Decoded length (frames can be many MB; no bytes are kept); null when not strict base64. */
export function base64ByteLength(text: string): number | null {
  return strictDecode(text, true)?.length ?? null;
}

/** The decoded bytes, the caller's own; null when `text` is not strict base64. */
export function decodeBase64(text: string): Buffer | null {
  return strictDecode(text, false);
}

/**
 * `decodeBase64` for a caller that reads the bytes at once and keeps none of them (copies what it
 * keeps): they may be in a buffer the next call into this module overwrites.
 */
export function decodeBase64Transient(text: string): Buffer | null {
  return strictDecode(text, true);
}
