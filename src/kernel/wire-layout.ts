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
  const length = bytes.byteLength;
  if (length < 8) return { ok: false, reason: `v1: ${length} bytes, too short for the offset count` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  const count = view.getBigUint64(0, true /* littleEndian */);
  if (count < 6n) return { ok: false, reason: `v1: offset count ${count} is below 6` };
  const tableEnd = 8n * (count + 1n);
  if (tableEnd > BigInt(length)) {
    return { ok: false, reason: `v1: offset count ${count} needs ${tableEnd} bytes, frame has ${length}` };
  }
  const n = Number(count);
  const offsets: number[] = [];
  for (let i = 0; i < n; i++) {
    const offset = view.getBigUint64(8 * (i + 1), true /* littleEndian */);
    if (offset > BigInt(length)) return { ok: false, reason: `v1: offsets[${i}] = ${offset} is past the end (${length})` };
    offsets.push(Number(offset));
  }
  if (offsets[0] !== Number(tableEnd)) {
    return { ok: false, reason: `v1: offsets[0] = ${offsets[0]}, expected ${tableEnd}` };
  }
  const decreasing = firstDecrease(offsets);
  if (decreasing !== -1) return { ok: false, reason: `v1: offsets[${decreasing}] is below offsets[${decreasing - 1}]` };
  if (offsets[n - 1] !== length) {
    return { ok: false, reason: `v1: last offset ${offsets[n - 1]} is not the frame length ${length}` };
  }
  const parts: Uint8Array[] = [];
  for (let i = 0; i + 1 < n; i++) parts.push(bytes.subarray(offsets[i], offsets[i + 1]));
  return { ok: true, parts };
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
