import { ArrayWriter } from './array-writer.js';
import { cellText, csvRow, tsvRow } from './delimited.js';
import { toJson } from './json.js';
import type { Output } from './output.js';
import { renderTable } from './table.js';
import { cutText, visibleText } from './terminal-text.js';

/** Every format a command's records can be written in; a command offers the ones that make sense. */
export const RECORD_FORMATS = ['json', 'ndjson', 'table', 'tsv', 'csv'] as const;
export type RecordFormat = (typeof RECORD_FORMATS)[number];

export interface Column<T> {
  header: string;
  value: (record: T) => unknown;
  align?: 'left' | 'right';
  /**
   * The column that gives way when a table is wider than the terminal (URLs, code, summaries):
   * its cells are cut to what the other columns leave.
   */
  flexible?: boolean;
}

/** How a record type shows as rows: declared beside the record type, used by every row format. */
export interface RowSpec<T> {
  columns: readonly Column<T>[];
}

export interface RecordWriteOptions {
  /** Compact JSON for `json` (one line). */
  compact?: boolean;
  /** Header row for tsv/csv (default true). */
  header?: boolean;
  /** Borders and colour (a terminal without NO_COLOR). */
  decorate?: boolean;
  /** Fit tables to this many columns by cutting the flexible column; absent: no limit. */
  width?: number;
}

/** Columns a table spends on borders and padding: 3 per column plus 1 decorated, 2 between columns plain. */
function tableOverhead(columns: number, decorate: boolean): number {
  return decorate ? 3 * columns + 1 : 2 * (columns - 1);
}

/** Table cells: one visible line each, the flexible column cut so the table fits `width`. */
export function tableCells<T>(records: readonly T[], spec: RowSpec<T>, options: RecordWriteOptions = {}): string[][] {
  const rows = records.map((record) => spec.columns.map((column) => visibleText(cellText(column.value(record)))));
  const flexible = spec.columns.findIndex((column) => column.flexible === true);
  if (options.width === undefined || flexible === -1) return rows;
  const widths = spec.columns.map((column, i) => rows.reduce((max, row) => Math.max(max, row[i]!.length), column.header.length));
  const others = widths.reduce((sum, w, i) => (i === flexible ? sum : sum + w), 0);
  const room = Math.max(spec.columns[flexible]!.header.length, 12, options.width - others - tableOverhead(widths.length, options.decorate === true));
  for (const row of rows) row[flexible] = cutText(row[flexible]!, room);
  return rows;
}

/** A table of records as text (cli-table3), fitted to `options.width`. */
export function recordTable<T>(records: readonly T[], spec: RowSpec<T>, options: RecordWriteOptions = {}): string {
  return renderTable(tableCells(records, spec, options), {
    head: spec.columns.map((column) => column.header),
    align: spec.columns.map((column) => column.align ?? 'left'),
    decorate: options.decorate === true,
  });
}

/**
 * The one place records become output: json (an array, written element by element), ndjson,
 * tsv and csv stream; a table needs its rows to size the columns.
 */
export async function writeRecords<T extends object>(
  out: Output,
  records: AsyncIterable<T> | Iterable<T>,
  format: RecordFormat,
  spec: RowSpec<T>,
  options: RecordWriteOptions = {},
): Promise<void> {
  switch (format) {
    case 'json': {
      const writer = new ArrayWriter(out, options.compact === true);
      for await (const record of records) {
        if (out.isClosed) return;
        await writer.item(record);
      }
      await writer.close();
      return;
    }
    case 'ndjson':
      for await (const record of records) {
        if (out.isClosed) return;
        await out.write(`${toJson(record, true)}\n`);
      }
      return;
    case 'tsv':
    case 'csv': {
      const row = format === 'tsv' ? tsvRow : csvRow;
      if (options.header !== false) await out.write(row(spec.columns.map((column) => column.header)));
      for await (const record of records) {
        if (out.isClosed) return;
        await out.write(row(spec.columns.map((column) => column.value(record))));
      }
      return;
    }
    case 'table': {
      const all: T[] = [];
      for await (const record of records) all.push(record);
      await out.write(recordTable(all, spec, options));
      return;
    }
  }
}
