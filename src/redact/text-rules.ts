/**
 * The rules that find secrets inside free text (a URL, a header value, a line a cell printed,
 * an HTML page): `name=value` assignments of secret names, JWTs, bearer credentials. Each rule
 * hands the secret it found to `replace`, which answers with the placeholder (or the value
 * itself when it must stay). All patterns are linear: they start on a fixed word and every
 * repetition is bounded or stops at a delimiter.
 */
import { isPlaceholder } from './placeholder.js';
import { isSecretName, NOT_A_VALUE, SECRET_WORD_SOURCE } from './rules.js';

/** Gives the placeholder for `secret` found by `rule` (or `secret` itself to keep it). */
export type Replace = (secret: string, rule: string, name?: string) => string;

const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(bearer\s+)([A-Za-z0-9._~+/=-]{8,})/gi;
/**
 * A name holding a secret word, a separator (`=`, `:`, URL-encoded `%3D`, optionally quoted or
 * JSON-escaped), an optional auth scheme, and the value up to a delimiter.
 */
const ASSIGNMENT = new RegExp(
  String.raw`${SECRET_WORD_SOURCE}[\w.-]{0,40}?(\\?["']?\s{0,4}(?:=|:|%3D)\s{0,4}\\?["']?)((?:(?:bearer|basic|token|digest)\s+)?)([^\s&;,"'<>(){}\[\]\\#]+)`,
  'gi',
);
/** `<input name="_xsrf" value="…">`: a form field of a secret name in a page. */
const HTML_FIELD = /\bname=(["'])([\w.-]{1,64})\1(\s[^<>]{0,200}?\bvalue=)(["'])([^"'<>]+)\4/gi;
/** A multipart/form-data part of a secret name: its value is the first line after the blank line. */
const MULTIPART_FIELD = /(\bname=")([^"\r\n]{1,64})("[^\r\n]{0,200}\r?\n(?:[^\r\n]{1,200}\r?\n){0,4}\r?\n)([^\r\n]+)/gi;
const NAME_CHAR = /[\w.-]/;

/** The name an assignment match belongs to: the name characters before the secret word too. */
function fullName(text: string, wordStart: number, nameEnd: number): { name: string; start: number } {
  let start = wordStart;
  while (start > 0 && wordStart - start < 64 && NAME_CHAR.test(text[start - 1]!)) start--;
  return { name: text.slice(start, nameEnd), start };
}

function replaceAssignments(text: string, replace: Replace, keep: ReadonlySet<string>): string {
  if (!ASSIGNMENT.test(text)) return text;
  ASSIGNMENT.lastIndex = 0;
  return text.replace(ASSIGNMENT, (match: string, separator: string, scheme: string, rawValue: string, offset: number) => {
    const nameEnd = offset + match.length - separator.length - scheme.length - rawValue.length;
    const { name } = fullName(text, offset, nameEnd);
    if (!isSecretName(name) || keep.has(name.toLowerCase())) return match;
    // Inside a URL-encoded URL the value ends at an encoded & or #.
    const value = /%3D/i.test(separator) ? rawValue.split(/%26|%23/i)[0]! : rawValue;
    if (value === '' || NOT_A_VALUE.has(value.toLowerCase()) || isPlaceholder(value)) return match;
    const head = match.slice(0, match.length - rawValue.length);
    return head + replace(value, 'key=value', name) + rawValue.slice(value.length);
  });
}

function replaceHtmlFields(text: string, replace: Replace, keep: ReadonlySet<string>): string {
  if (!text.includes('value=')) return text;
  return text.replace(HTML_FIELD, (match: string, quote: string, name: string, between: string, valueQuote: string, value: string) => {
    if (!isSecretName(name) || keep.has(name.toLowerCase()) || isPlaceholder(value)) return match;
    return `name=${quote}${name}${quote}${between}${valueQuote}${replace(value, 'html-field', name)}${valueQuote}`;
  });
}

function replaceMultipartFields(text: string, replace: Replace, keep: ReadonlySet<string>): string {
  if (!text.includes('name="') || !/\r?\n\r?\n/.test(text)) return text;
  return text.replace(MULTIPART_FIELD, (match: string, head: string, name: string, between: string, value: string) => {
    if (!isSecretName(name) || keep.has(name.toLowerCase()) || isPlaceholder(value)) return match;
    return `${head}${name}${between}${replace(value, 'form-field', name)}`;
  });
}

/** Every free-text rule, in order: JWTs, bearer credentials, HTML and multipart form fields, assignments. */
export function redactFreeText(text: string, replace: Replace, keep: ReadonlySet<string>): string {
  let out = text;
  if (out.includes('eyJ')) out = out.replace(JWT, (jwt) => replace(jwt, 'jwt'));
  if (/bearer/i.test(out)) {
    out = out.replace(BEARER, (match: string, scheme: string, value: string) => (isPlaceholder(value) ? match : scheme + replace(value, 'bearer')));
  }
  out = replaceHtmlFields(out, replace, keep);
  out = replaceMultipartFields(out, replace, keep);
  return replaceAssignments(out, replace, keep);
}
