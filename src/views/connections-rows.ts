/**
 * Row-spec helpers shared by the session views. `RowSpec` has the shape of the output seam's
 * (issue 9): a column is a header and a value taken from the record.
 */
import { oneLine } from '../kernel/index.js';

export interface RowColumn<T> {
  header: string;
  value: (record: T) => unknown;
  align?: 'left' | 'right';
  /** This column takes what width is left, and is cut to fit. */
  flexible?: boolean;
}

export interface RowSpec<T> {
  columns: RowColumn<T>[];
}

/** The first line of some code, cut for a table cell. */
export function firstLine(code: string, width = 40): string {
  const line = code.split('\n').find((l) => l.trim() !== '') ?? '';
  return oneLine(line.trim(), width);
}

export function cut(text: string, width: number): string {
  return oneLine(text, width);
}
