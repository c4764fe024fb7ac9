/** Cell text for the session views' row specs. */
import { oneLine } from '../kernel/index.js';

/** The line that tells a cell apart: the first that is not blank, an import or a magic; cut for a table cell. */
export function firstLine(code: string, width = 40): string {
  const lines = code.split('\n').filter((l) => l.trim() !== '');
  const telling = lines.find((l) => !/^\s*(import |from \S+ import |%)/.test(l)) ?? lines[0] ?? '';
  return oneLine(telling.trim(), width);
}

/** An id or a name cut for a table cell. */
export function cut(text: string, width: number): string {
  return oneLine(text, width);
}
