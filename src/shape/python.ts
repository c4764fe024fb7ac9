/**
 * Python's text forms, for `--compat dictknife`: `str()` and `repr()` of the values json.load
 * makes (None, bool, int, float, str, list, dict), and json.dumps(indent=2, ensure_ascii=False).
 */
import { RawNumber, type ShapeValue } from './model.js';

/** float.__repr__: shortest round-trip digits; exponent form below 1e-4 and from 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mantissa, expText] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const exp = Number(expText);
  const decpt = exp + 1;
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
    if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  const rest = digits.length > 1 ? `.${digits.slice(1)}` : '';
  const e = Math.abs(exp);
  return `${sign}${digits[0]}${rest}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
}

/** str() of a JSON number as Python's json module reads it. */
export function pyNumber(value: RawNumber): string {
  if (value.integer) return BigInt(value.text).toString();
  return pyFloatRepr(Number(value.text));
}

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

/** repr() of a str. */
export function pyStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${hex(code, 2)}`;
    else if (code < 0x7f) out += ch;
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) out += code <= 0xff ? `\\x${hex(code, 2)}` : code <= 0xffff ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
    else out += ch;
  }
  return out + quote;
}

/** repr() of any loaded JSON value. */
export function pyRepr(value: ShapeValue): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return pyStrRepr(value);
  if (value instanceof RawNumber) return pyNumber(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  const parts: string[] = [];
  for (const [key, item] of value) parts.push(`${pyStrRepr(key)}: ${pyRepr(item)}`);
  return `{${parts.join(', ')}}`;
}

/** str() of any loaded JSON value. */
export function pyStr(value: ShapeValue): string {
  if (typeof value === 'string') return value;
  return pyRepr(value);
}

/** The repr of a list of str, e.g. `['NoneType', 'str']`. */
export function pyStrList(items: readonly string[]): string {
  return `[${items.map(pyStrRepr).join(', ')}]`;
}

/** A JSON-ish value for python-style dumping: rows are plain objects, examples ShapeValues. */
export type PyJson = ShapeValue | readonly PyJson[] | { readonly [key: string]: PyJson | undefined };

function pyJsonScalar(value: RawNumber): string {
  if (value.integer) return BigInt(value.text).toString();
  const x = Number(value.text);
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return pyFloatRepr(x);
}

/**
 * Pretty JSON with two-space indents, where `scalar` prints numbers (RawNumber) and the other
 * scalars: Python's json.dumps and plain JSON differ only there.
 */
export function prettyJson(value: PyJson, scalar: (value: PyJson) => string, indent = ''): string {
  if (value === null || typeof value !== 'object' || value instanceof RawNumber) return scalar(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + prettyJson(item as PyJson, scalar, inner)).join(',\n')}\n${indent}]`;
  }
  const entries: [string, PyJson][] =
    value instanceof Map
      ? [...(value as Map<string, ShapeValue>)]
      : Object.entries(value as { [key: string]: PyJson | undefined }).filter((entry): entry is [string, PyJson] => entry[1] !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${prettyJson(item, scalar, inner)}`).join(',\n')}\n${indent}}`;
}

/** json.dumps(value, indent=2, ensure_ascii=False), without a trailing newline. */
export function pyJsonDumps(value: PyJson): string {
  return prettyJson(value, (scalar) => (scalar instanceof RawNumber ? pyJsonScalar(scalar) : JSON.stringify(scalar)));
}
