/**
 * A small block-style YAML emitter that follows ruamel.yaml's choices as dictknife configures it
 * (`indent(mapping=2, sequence=2, offset=0)`): plain scalars when they read back as the same
 * string, else single quotes, else double quotes. Long plain scalars are not folded at column 80
 * as ruamel does.
 */
import { RawNumber, type ShapeValue } from './model.js';
import { pyFloatRepr } from './python.js';

export type YamlValue = ShapeValue | readonly YamlValue[] | ReadonlyMap<string, YamlValue>;

const IMPLICIT = [
  /^(?:true|True|TRUE|false|False|FALSE)$/,
  /^(?:~|null|Null|NULL)$/,
  /^[-+]?[0-9_]+$/,
  /^0o[0-7_]+$/,
  /^0x[0-9a-fA-F_]+$/,
  /^0b[01_]+$/,
  /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/,
  /^(?:<<|=)$/,
];

const SPACE_OR_BREAK = new Set(['\0', ' ', '\t', '\r', '\n', '\x85', '\u2028', '\u2029']);
const BREAKS = new Set(['\n', '\x85', '\u2028', '\u2029']);

/** PyYAML/ruamel's analyze_scalar, reduced to what picks the style in a block value. */
function analyse(text: string): { plain: boolean; singleQuoted: boolean } {
  let blockIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  if (text.startsWith('---') || text.startsWith('...')) {
    blockIndicators = true;
  }
  const chars = [...text];
  let precededByWhitespace = true;
  let followedByWhitespace = chars.length === 1 || SPACE_OR_BREAK.has(chars[1]!);
  let previousSpace = false;
  let previousBreak = false;
  for (let index = 0; index < chars.length; index++) {
    const ch = chars[index]!;
    if (index === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        blockIndicators = true;
      }
      if ((ch === '?' || ch === ':') && followedByWhitespace) blockIndicators = true;
      if (ch === '-' && followedByWhitespace) {
        blockIndicators = true;
      }
    } else {
      if (ch === ':') {
        if (followedByWhitespace) blockIndicators = true;
      }
      if (ch === '#' && precededByWhitespace) {
        blockIndicators = true;
      }
    }
    if (BREAKS.has(ch)) lineBreaks = true;
    const code = ch.codePointAt(0)!;
    if (!(ch === '\n' || (code >= 0x20 && code <= 0x7e))) {
      const printable = code === 0x85 || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code < 0x10ffff);
      if (!printable || code === 0xfeff) special = true;
    }
    if (ch === ' ') {
      if (index === 0) leadingSpace = true;
      if (index === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (BREAKS.has(ch)) {
      if (index === 0) leadingBreak = true;
      if (index === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = SPACE_OR_BREAK.has(ch);
    followedByWhitespace = index + 2 >= chars.length || SPACE_OR_BREAK.has(chars[index + 2]!);
  }
  let plain = true;
  let singleQuoted = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) plain = false;
  if (breakSpace) plain = singleQuoted = false;
  if (spaceBreak || special) plain = singleQuoted = false;
  if (lineBreaks) plain = false;
  if (blockIndicators) plain = false;
  // Multi-line single-quoted scalars fold their line breaks; use double quotes for those instead.
  if (lineBreaks) singleQuoted = false;
  return { plain, singleQuoted };
}

function doubleQuoted(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

export function yamlString(text: string): string {
  if (text === '') return "''";
  const { plain, singleQuoted } = analyse(text);
  if (plain && !IMPLICIT.some((pattern) => pattern.test(text))) return text;
  if (singleQuoted) return `'${text.replace(/'/g, "''")}'`;
  return doubleQuoted(text);
}

function yamlNumber(value: RawNumber): string {
  if (value.integer) return BigInt(value.text).toString();
  const x = Number(value.text);
  if (Number.isNaN(x)) return '.nan';
  if (x === Infinity) return '.inf';
  if (x === -Infinity) return '-.inf';
  const text = pyFloatRepr(x).toLowerCase();
  return !text.includes('.') && text.includes('e') ? text.replace('e', '.0e') : text;
}

function isContainer(value: YamlValue): value is readonly YamlValue[] | ReadonlyMap<string, YamlValue> {
  return Array.isArray(value) || value instanceof Map;
}

function scalar(value: YamlValue): string {
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'string') return yamlString(value);
  if (value instanceof RawNumber) return yamlNumber(value);
  return Array.isArray(value) ? '[]' : '{}';
}

function isEmpty(value: YamlValue): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return value instanceof Map && value.size === 0;
}

/** Text after `key:` — a scalar on the same line, or a nested block. */
function afterKey(value: YamlValue, indent: number): string {
  if (!isContainer(value) || isEmpty(value)) return ` ${scalar(value)}\n`;
  if (Array.isArray(value)) return `\n${sequence(value as readonly YamlValue[], indent, ' '.repeat(indent))}`;
  return `\n${mapping(value as ReadonlyMap<string, YamlValue>, indent + 2, ' '.repeat(indent + 2))}`;
}

function mapping(map: ReadonlyMap<string, YamlValue>, indent: number, firstPrefix: string): string {
  let out = '';
  let first = true;
  for (const [key, value] of map) {
    out += `${first ? firstPrefix : ' '.repeat(indent)}${yamlString(key)}:${afterKey(value, indent)}`;
    first = false;
  }
  return out;
}

function sequence(items: readonly YamlValue[], indent: number, firstPrefix: string): string {
  let out = '';
  let first = true;
  for (const item of items) {
    const prefix = `${first ? firstPrefix : ' '.repeat(indent)}- `;
    first = false;
    if (isContainer(item) && !isEmpty(item)) {
      if (Array.isArray(item)) out += sequence(item as readonly YamlValue[], indent + 2, prefix);
      else out += mapping(item as ReadonlyMap<string, YamlValue>, indent + 2, prefix);
    } else {
      out += `${prefix}${scalar(item)}\n`;
    }
  }
  return out;
}

/** A YAML document for a top-level sequence or mapping. */
export function dumpYaml(value: YamlValue): string {
  if (Array.isArray(value)) return value.length === 0 ? '[]\n' : sequence(value as readonly YamlValue[], 0, '');
  if (value instanceof Map) return value.size === 0 ? '{}\n' : mapping(value as ReadonlyMap<string, YamlValue>, 0, '');
  return `${scalar(value)}\n`;
}
