/**
 * Byte classes and token checks of JSON text, for the scanner's JavaScript paths (scanner.ts):
 * tables indexed by byte, so a test per byte is one load, and numbers checked in place.
 */
import { ScalarKind } from './scan-listener.js';

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;

export const LITERALS: Record<number, { text: Buffer; kind: ScalarKind }> = {
  0x74: { text: Buffer.from('true'), kind: ScalarKind.True },
  0x66: { text: Buffer.from('false'), kind: ScalarKind.False },
  0x6e: { text: Buffer.from('null'), kind: ScalarKind.Null },
};

export const IS_WS = new Uint8Array(256);
IS_WS[0x20] = IS_WS[0x09] = IS_WS[0x0a] = IS_WS[0x0d] = 1;
export const IS_NUM_CHAR = new Uint8Array(256);
for (const c of '0123456789+-.eE') IS_NUM_CHAR[c.charCodeAt(0)] = 1;
export const IS_HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') IS_HEX[c.charCodeAt(0)] = 1;
/** Bytes that can appear unescaped inside a string without ending it. */
export const STRING_PLAIN = new Uint8Array(256).fill(1, 0x20);
STRING_PLAIN[0x22] = STRING_PLAIN[0x5c] = 0;
export const IS_SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') IS_SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;

/**
 * Whether bytes[start, end) spell a JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
 * (checked in place: a regular expression would need a string per number).
 */
export function isJsonNumber(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  if (i < end && bytes[i] === 0x2d) i++;
  if (i >= end) return false;
  const first = bytes[i]!;
  if (first === 0x30) {
    i++;
  } else if (first >= 0x31 && first <= 0x39) {
    i++;
    while (i < end && bytes[i]! >= 0x30 && bytes[i]! <= 0x39) i++;
  } else {
    return false;
  }
  if (i < end && bytes[i] === 0x2e) {
    const digits = ++i;
    while (i < end && bytes[i]! >= 0x30 && bytes[i]! <= 0x39) i++;
    if (i === digits) return false;
  }
  if (i < end && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
    i++;
    if (i < end && (bytes[i] === 0x2b || bytes[i] === 0x2d)) i++;
    const digits = i;
    while (i < end && bytes[i]! >= 0x30 && bytes[i]! <= 0x39) i++;
    if (i === digits) return false;
  }
  return i === end;
}

export function describeByte(byte: number): string {
  if (byte >= 0x20 && byte < 0x7f) return `"${String.fromCharCode(byte)}"`;
  return `byte 0x${byte.toString(16).padStart(2, '0')}`;
}
