/** Text from captured data made safe for a terminal, several lines at a time. */
import { stripAnsi } from '../kernel/index.js';
import { visibleText } from '../write/terminal-text.js';

const SGR = /\u001b\[[0-9;]*m/g;

/**
 * Each line with its control characters made visible (write/terminal-text.ts); with
 * `keepColour`, SGR colour sequences (IPython's coloured tracebacks) survive and every other
 * escape sequence is dropped.
 */
export function terminalText(text: string, keepColour = false): string {
  return text
    .split('\n')
    .map((line) => (keepColour ? keepingColour(line) : visibleText(stripAnsi(line))))
    .join('\n');
}

function keepingColour(line: string): string {
  let out = '';
  let at = 0;
  for (const match of line.matchAll(SGR)) {
    out += visibleText(stripAnsi(line.slice(at, match.index))) + match[0];
    at = match.index + match[0].length;
  }
  return out + visibleText(stripAnsi(line.slice(at)));
}
