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
 * binary frame's bytes (ws/frames.ts) and decodes them again (kernel/codec.ts), a batch of
 * frames apart, and each of the two had allocated a Buffer per frame.
 */
const SCRATCH_BYTES = 2 ** 20;
let scratch: Buffer | null = null;

/**
 * Buffer's own base64 decoder, which `write(text, offset, length, 'base64')` calls after checking
 * its arguments and looking the encoding up by name: in a run of a few thousand frames, too short
 * for V8 to optimise, those steps cost more than decoding the bytes.
 */
type Base64Writable = Buffer & { base64Write(text: string, offset: number, length: number): number };

/**
 * The length `text` decodes to, or -1 when a check that needs no decoding already fails:
 * the length and padding, `=` before the padding, base64url's `-` and `_`, characters past ASCII.
 */
function expectedLength(text: string): number {
  const remainder = text.length % 4;
  if (remainder === 1) return -1;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if (padding > 0 && remainder !== 0) return -1;
  const body = text.length - padding;
  const equals = text.indexOf('=');
  if (equals !== -1 && equals < body) return -1;
  if (text.indexOf('-') !== -1 || text.indexOf('_') !== -1) return -1;
  if (Buffer.byteLength(text, 'utf8') !== text.length) return -1;
  return Math.floor((body * 3) / 4);
}

/** Decodes `text` into `bytes`: strict when the decoder skipped nothing (a skip leaves fewer bytes). */
function decodesWhole(text: string, bytes: Buffer, length: number): boolean {
  return (bytes as Base64Writable).base64Write(text, 0, length) === length;
}

/** Room for `length` decoded bytes: the shared buffer when they fit, else a buffer of their own. */
function transientRoom(length: number): Buffer {
  return length <= SCRATCH_BYTES ? (scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES)) : Buffer.allocUnsafe(length);
}

/** Decoded length (frames can be many MB; no bytes are kept); null when not strict base64. */
export function base64ByteLength(text: string): number | null {
  const length = expectedLength(text);
  return length !== -1 && decodesWhole(text, transientRoom(length), length) ? length : null;
}

export function isStrictBase64(text: string): boolean {
  return base64ByteLength(text) !== null;
}

/** The decoded bytes, the caller's own; null when `text` is not strict base64. */
export function decodeBase64(text: string): Buffer | null {
  const length = expectedLength(text);
  if (length === -1) return null;
  const bytes = Buffer.allocUnsafe(length);
  return decodesWhole(text, bytes, length) ? bytes : null;
}

/**
 * `decodeBase64` for a caller that reads the bytes at once and keeps none of them (copies what it
 * keeps): they may be in a buffer the next call into this module overwrites.
 */
export function decodeBase64Transient(text: string): Buffer | null {
  const length = expectedLength(text);
  if (length === -1) return null;
  const room = transientRoom(length);
  if (!decodesWhole(text, room, length)) return null;
  return room.length === length ? room : room.subarray(0, length);
}
