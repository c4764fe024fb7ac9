/**
 * JSON text from a frame, parsed without throwing.
 *
 * Legacy servers re-serialize kernel messages with Python's `json.dumps`, which writes bare
 * `NaN`, `Infinity` and `-Infinity` (research §3.4). Those become `null` rather than failing
 * the whole message.
 */
import { describeJsonError } from '../read/build.js';

export type JsonParse = { ok: true; value: unknown } | { ok: false; reason: string };

export function parseJsonText(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
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
