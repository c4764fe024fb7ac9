/**
 * The two binary frame layouts, read without trusting a single number: the legacy binary
 * message and `v1.kernel.websocket.jupyter.org`
 * (https://jupyter-server.readthedocs.io/en/latest/developers/websocket-protocols.html).
 *
 * Both start with a count and an offset table measured from the start of the frame; a frame
 * from a truncated capture or a non-Jupyter socket can put anything there, so every count and
 * offset is checked against the frame length before it is used, and 64-bit values are compared
 * as bigints before they are turned into numbers.
 */
export type Layout = { ok: true; parts: Uint8Array[] } | { ok: false; reason: string };

/**
 * `v1.kernel.websocket.jupyter.org`: uint64 LE N = 6 + buffers, then N offsets; parts are
 * channel, header, parent_header, metadata, content, buffers…; the last offset is the length.
 */
export function splitV1(bytes: Uint8Array): Layout {
  const offsets = v1Offsets(bytes);
  if (typeof offsets === 'string') return { ok: false, reason: offsets };
  const parts: Uint8Array[] = [];
  for (let i = 0; i + 1 < offsets.length; i++) parts.push(bytes.subarray(offsets[i], offsets[i + 1]));
  return { ok: true, parts };
}

/**
 * The offset table of a v1 frame, checked (the first offset is the table's end, none decreases,
 * the last is the frame length), or why it is not one. Read as pairs of 32-bit words: a frame
 * this reads is under 4 GiB, so a count or offset with its high word set can only fail, and
 * then `v1OffsetsExact` reads the table again as 64-bit values to say where, in the same words.
 * (BigInt reads and compares per offset were most of the split's cost.)
 */
export function v1Offsets(bytes: Uint8Array): number[] | string {
  const length = bytes.byteLength;
  if (length < 8) return `v1: ${length} bytes, too short for the offset count`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  if (view.getUint32(4, true /* littleEndian */) !== 0) return v1OffsetsExact(view, length);
  const count = view.getUint32(0, true);
  if (count < 6) return `v1: offset count ${count} is below 6`;
  // At most 8 × 2^32: exact in a double.
  const tableEnd = 8 * (count + 1);
  if (tableEnd > length) return `v1: offset count ${count} needs ${tableEnd} bytes, frame has ${length}`;
  const offsets: number[] = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const at = 8 * (i + 1);
    if (view.getUint32(at + 4, true) !== 0) return v1OffsetsExact(view, length);
    const offset = view.getUint32(at, true);
    if (offset > length) return `v1: offsets[${i}] = ${offset} is past the end (${length})`;
    offsets[i] = offset;
  }
  return checkedV1(offsets, tableEnd, length);
}

/** `v1Offsets` with every count and offset read as a 64-bit value and compared as a bigint. */
function v1OffsetsExact(view: DataView, length: number): number[] | string {
  const count = view.getBigUint64(0, true /* littleEndian */);
  if (count < 6n) return `v1: offset count ${count} is below 6`;
  const tableEnd = 8n * (count + 1n);
  if (tableEnd > BigInt(length)) return `v1: offset count ${count} needs ${tableEnd} bytes, frame has ${length}`;
  const n = Number(count);
  const offsets: number[] = [];
  for (let i = 0; i < n; i++) {
    const offset = view.getBigUint64(8 * (i + 1), true);
    if (offset > BigInt(length)) return `v1: offsets[${i}] = ${offset} is past the end (${length})`;
    offsets.push(Number(offset));
  }
  return checkedV1(offsets, Number(tableEnd), length);
}

function checkedV1(offsets: number[], tableEnd: number, length: number): number[] | string {
  if (offsets[0] !== tableEnd) return `v1: offsets[0] = ${offsets[0]}, expected ${tableEnd}`;
  const decreasing = firstDecrease(offsets);
  if (decreasing !== -1) return `v1: offsets[${decreasing}] is below offsets[${decreasing - 1}]`;
  const last = offsets[offsets.length - 1];
  if (last !== length) return `v1: last offset ${last} is not the frame length ${length}`;
  return offsets;
}

/**
 * Legacy binary: uint32 BE nbufs = 1 + buffers, then nbufs offsets; parts are the message JSON
 * then the buffers, the last running to the end of the frame.
 */
export function splitLegacyBinary(bytes: Uint8Array): Layout {
  const length = bytes.byteLength;
  if (length < 8) return { ok: false, reason: `legacy binary: ${length} bytes, too short for a count and one offset` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  // Python reads the count as a signed int32, so the top bit can never be set.
  const count = view.getUint32(0);
  if (count < 1 || count > 0x7fffffff) return { ok: false, reason: `legacy binary: buffer count ${count} is out of range` };
  const tableEnd = 4 * (count + 1);
  if (tableEnd > length) {
    return { ok: false, reason: `legacy binary: buffer count ${count} needs ${tableEnd} bytes, frame has ${length}` };
  }
  const offsets: number[] = [];
  for (let i = 0; i < count; i++) {
    const offset = view.getUint32(4 * (i + 1));
    if (offset > length) return { ok: false, reason: `legacy binary: offsets[${i}] = ${offset} is past the end (${length})` };
    offsets.push(offset);
  }
  if (offsets[0] !== tableEnd) return { ok: false, reason: `legacy binary: offsets[0] = ${offsets[0]}, expected ${tableEnd}` };
  const decreasing = firstDecrease(offsets);
  if (decreasing !== -1) {
    return { ok: false, reason: `legacy binary: offsets[${decreasing}] is below offsets[${decreasing - 1}]` };
  }
  offsets.push(length);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < count; i++) parts.push(bytes.subarray(offsets[i], offsets[i + 1]));
  return { ok: true, parts };
}

function firstDecrease(offsets: readonly number[]): number {
  for (let i = 1; i < offsets.length; i++) if (offsets[i]! < offsets[i - 1]!) return i;
  return -1;
}
