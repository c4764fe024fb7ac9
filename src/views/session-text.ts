/** Text from captured data made safe for a terminal. */

const SGR = /\u001b\[[0-9;]*m/g;
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
// C0 controls but tab and newline, DEL and the C1 range: never written raw.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Control characters become visible escapes (`\x1b`); with `keepColour`, SGR colour sequences
 * (IPython's coloured tracebacks) survive and every other escape sequence is dropped.
 */
export function terminalText(text: string, keepColour = false): string {
  if (!keepColour) return clean(text);
  let out = '';
  let at = 0;
  for (const match of text.matchAll(SGR)) {
    out += clean(text.slice(at, match.index)) + match[0];
    at = match.index + match[0].length;
  }
  return out + clean(text.slice(at));
}

function clean(text: string): string {
  return text.replace(ANSI, '').replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
