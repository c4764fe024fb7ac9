/**
 * `Buffer.byteLength(JSON.stringify(value))` without the string: an output bundle (a PNG in
 * base64, a long HTML table) is measured where it lies instead of copied once more. Such copies
 * are big enough to go straight to V8's old generation, so on a big capture they were a large
 * part of the garbage `har notebook` made.
 */

/** Characters JSON.stringify writes as two characters (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`), other controls as `\u00XX`, lone surrogates as `\uXXXX`. */
const ESCAPED = /["\\\b\f\n\r\t]|[\u0000-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const HAS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const SHORT_ESCAPES = new Set(['"', '\\', '\b', '\f', '\n', '\r', '\t']);

export function jsonBytes(value: unknown): number {
  if (value === null) return 4;
  switch (typeof value) {
    case 'string':
      return stringBytes(value);
    case 'number':
      return Number.isFinite(value) ? String(value).length : 4;
    case 'boolean':
      return value ? 4 : 5;
    case 'object': {
      if (Array.isArray(value)) {
        let total = 2 + Math.max(0, value.length - 1);
        for (const item of value) total += item === undefined || typeof item === 'function' ? 4 : jsonBytes(item);
        return total;
      }
      let total = 2;
      let members = 0;
      for (const key of Object.keys(value)) {
        const item = (value as Record<string, unknown>)[key];
        if (item === undefined || typeof item === 'function') continue;
        total += stringBytes(key) + 1 + jsonBytes(item);
        members++;
      }
      return total + Math.max(0, members - 1);
    }
    default:
      return 0;
  }
}

function stringBytes(text: string): number {
  // A lone surrogate counts 3 bytes (U+FFFD) in Buffer.byteLength and 6 once escaped.
  let bytes = Buffer.byteLength(text, 'utf8') + 2;
  if (!HAS_ESCAPE.test(text)) return bytes;
  for (const [match] of text.matchAll(ESCAPED)) bytes += SHORT_ESCAPES.has(match) ? 1 : match.charCodeAt(0) < 0x20 ? 5 : 3;
  return bytes;
}
