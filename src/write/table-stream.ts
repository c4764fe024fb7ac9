/**
 * A table whose rows are written as they come: column widths are fixed from the first rows (and
 * the terminal), later cells are cut to them. cli-table3 lays out a whole table at once, which on
 * tens of thousands of rows means minutes before the first line; this is used past the first
 * STREAM_AFTER rows, so small tables keep cli-table3's exact layout.
 */
import { cutText } from './terminal-text.js';

export interface StreamedTableLayout {
  head: readonly string[];
  align: readonly ('left' | 'right')[];
  widths: readonly number[];
  decorate: boolean;
}

const GREY = (text: string) => `\u001b[90m${text}\u001b[39m`;
const CYAN = (text: string) => `\u001b[36m${text}\u001b[39m`;

/** A cell at its column's width: text is cut to it, numbers (right-aligned) never are. */
function pad(text: string, width: number, align: 'left' | 'right'): string {
  const cut = align === 'right' ? text : cutText(text, width);
  const room = width - cut.length;
  return align === 'right' ? ' '.repeat(Math.max(0, room)) + cut : cut + ' '.repeat(Math.max(0, room));
}

/** Widths from a sample of rows: each column as wide as its widest sampled cell or its header. */
export function sampledWidths(head: readonly string[], rows: readonly (readonly string[])[]): number[] {
  return head.map((header, i) => rows.reduce((max, row) => Math.max(max, row[i]!.length), header.length));
}

function rule(layout: StreamedTableLayout, left: string, middle: string, right: string): string {
  return GREY(`${left}${layout.widths.map((w) => '─'.repeat(w + 2)).join(middle)}${right}`);
}

function line(layout: StreamedTableLayout, cells: readonly string[], color?: (text: string) => string): string {
  const shown = cells.map((cell, i) => pad(cell, layout.widths[i]!, layout.align[i] ?? 'left'));
  if (!layout.decorate) return `${shown.join('  ').replace(/ +$/, '')}\n`;
  const bar = GREY('│');
  return `${bar}${shown.map((cell) => ` ${color ? color(cell) : cell} `).join(bar)}${bar}\n`;
}

/** The top rule and header line. */
export function tableHead(layout: StreamedTableLayout): string {
  if (!layout.decorate) return line(layout, layout.head);
  return `${rule(layout, '┌', '┬', '┐')}\n${line(layout, layout.head, CYAN)}${rule(layout, '├', '┼', '┤')}\n`;
}

/** One row, its cells cut or padded to the layout's widths. */
export function tableRow(layout: StreamedTableLayout, cells: readonly string[]): string {
  return line(layout, cells);
}

/** The bottom rule (nothing for a plain table). */
export function tableFoot(layout: StreamedTableLayout): string {
  return layout.decorate ? `${rule(layout, '└', '┴', '┘')}\n` : '';
}
