/** Cell text for the session views' row specs. */
import { oneLine } from '../kernel/index.js';

/** The first non-blank line of some code, cut for a table cell. */
export function firstLine(code: string, width = 40): string {
  const line = code.split('\n').find((l) => l.trim() !== '') ?? '';
  return oneLine(line.trim(), width);
}

/** An id or a name cut for a table cell. */
export function cut(text: string, width: number): string {
  return oneLine(text, width);
}
