/**
 * The inverse of wire-layout.ts: parts back into a binary frame with a valid offset table, so a
 * frame whose JSON parts were rewritten (redaction) still decodes as the same message.
 */

/** v1: uint64 LE count (parts + 1), the offsets (the last is the frame length), then the parts. */
export function joinV1(parts: readonly Uint8Array[]): Uint8Array {
  const count = parts.length + 1;
  const tableEnd = 8 * (count + 1);
  const length = parts.reduce((sum, part) => sum + part.byteLength, tableEnd);
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(count), true /* littleEndian */);
  let offset = tableEnd;
  for (let i = 0; i < parts.length; i++) {
    view.setBigUint64(8 * (i + 1), BigInt(offset), true /* littleEndian */);
    bytes.set(parts[i]!, offset);
    offset += parts[i]!.byteLength;
  }
  view.setBigUint64(8 * count, BigInt(offset), true /* littleEndian */);
  return bytes;
}

/** Legacy binary: uint32 BE count (= parts), one offset per part, then the parts. */
export function joinLegacyBinary(parts: readonly Uint8Array[]): Uint8Array {
  const count = parts.length;
  const tableEnd = 4 * (count + 1);
  const length = parts.reduce((sum, part) => sum + part.byteLength, tableEnd);
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, count);
  let offset = tableEnd;
  for (let i = 0; i < count; i++) {
    view.setUint32(4 * (i + 1), offset);
    bytes.set(parts[i]!, offset);
    offset += parts[i]!.byteLength;
  }
  return bytes;
}
