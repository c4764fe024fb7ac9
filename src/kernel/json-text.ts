/**
 * JSON text from a frame, parsed without throwing.
 *
 * Legacy servers re-serialize kernel messages with Python's `json.dumps`, which writes bare
 * `NaN`, `Infinity` and `-Infinity`. Those become `null` rather than failing
 * the whole message.
 */
import { describeJsonError } from '../read/build.js';

export type JsonParse = { ok: true; value: unknown } | { ok: false; reason: string };

/** As deep as harknife reads anywhere (the scanner's limit): deeper values would overflow the stack when printed. */
const MAX_NESTING = 1000;

/** True when brackets outside strings nest deeper than `limit`; strings are stepped over with indexOf. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  // Each level takes at least two characters.
  if (text.length <= limit * 2 || !opensMoreThan(text, limit)) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let end = text.indexOf('"', i + 1);
      while (end !== -1 && isEscaped(text, end)) end = text.indexOf('"', end + 1);
      if (end === -1) return false;
      i = end;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}

/**
 * Are there more than `limit` opening brackets at all (inside strings too)? If not, nothing
 * nests deeper; indexOf finds the few brackets of a message without a step per character.
 */
function opensMoreThan(text: string, limit: number): boolean {
  let count = 0;
  for (const bracket of ['{', '[']) {
    for (let at = text.indexOf(bracket); at !== -1; at = text.indexOf(bracket, at + 1)) if (++count > limit) return true;
  }
  return false;
}

/** Is the character at `at` preceded by an odd number of backslashes? */
function isEscaped(text: string, at: number): boolean {
  let count = 0;
  for (let k = at - 1; k >= 0 && text.charCodeAt(k) === 0x5c; k--) count++;
  return count % 2 === 1;
}

/**
 * The value of `text` when JSON.parse reads it as it is (nested no deeper than MAX_NESTING), else
 * undefined (JSON.parse never gives that): no result object per part, for the common case of a
 * frame; `parseJsonText` reads what this refuses and says why.
 */
export function parseJsonOrUndefined(text: string): unknown {
  // A quarter of a v1 capture's parts (most parent_header and metadata): no parser for them.
  if (text === '{}') return {};
  if (nestsDeeperThan(text, MAX_NESTING)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function parseJsonText(text: string): JsonParse {
  const value = parseJsonOrUndefined(text);
  if (value !== undefined) return { ok: true, value };
  if (nestsDeeperThan(text, MAX_NESTING)) return { ok: false, reason: `JSON nested deeper than ${MAX_NESTING} levels` };
  // Not V8's message: it quotes the text, which may hold a token.
  const reason = describeJsonError(text);
  const lenient = replacePythonConstants(text);
  if (lenient === null) return { ok: false, reason: `invalid JSON: ${reason}` };
  try {
    return { ok: true, value: JSON.parse(lenient) };
  } catch {
    return { ok: false, reason: `invalid JSON: ${reason}` };
  }
}

const PYTHON_CONSTANTS = /-?Infinity|NaN/y;

/** The text with Python's non-JSON number constants outside strings turned into null, or null if it has none. */
function replacePythonConstants(text: string): string | null {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    if (c !== 0x2d /* - */ && c !== 0x49 /* I */ && c !== 0x4e /* N */) continue;
    PYTHON_CONSTANTS.lastIndex = i;
    const match = PYTHON_CONSTANTS.exec(text);
    if (match === null) continue;
    out += text.slice(last, i) + 'null';
    i += match[0].length - 1;
    last = i + 1;
  }
  return last === 0 ? null : out + text.slice(last);
}
