import { ArrayWriter } from './array-writer.js';
import { cellText, csvRow, tsvRow } from './delimited.js';
import { toJson } from './json.js';
import type { Output } from './output.js';
import { renderTable } from './table.js';
import { sampledWidths, tableFoot, tableHead, tableRow, type StreamedTableLayout } from './table-stream.js';
import { cutText, humanBytes, visibleText } from './terminal-text.js';

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
  /** A byte count: shown as 1.5 MB in a table for a person (RecordWriteOptions.humanSizes). */
  bytes?: boolean;
}

/** How a record type shows as rows: declared beside the record type, used by every row format. */
export interface RowSpec<T> {
  columns: readonly Column<T>[];
  /**
   * The record's NDJSON line: exactly `JSON.stringify(record)`, made faster by what the record
   * type knows (a frame's base64 data needs no escaping). Absent: JSON.stringify.
   */
  compactJson?: (record: T) => string;
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
  /** Byte columns as 1.5 MB instead of 1534211 (a table on a terminal). */
  humanSizes?: boolean;
}

/** A record's NDJSON line: the record type's own `compactJson`, else `JSON.stringify`. */
function ndjsonLine<T>(spec: RowSpec<T>): (record: T) => string {
  return spec.compactJson ?? ((record: T) => toJson(record, true));
}

/** Tables with more rows than this stream, their widths fixed by these first rows. */
export const STREAM_AFTER = 500;

/** Columns a table spends on borders and padding: 3 per column plus 1 decorated, 2 between columns plain. */
function tableOverhead(columns: number, decorate: boolean): number {
  return decorate ? 3 * columns + 1 : 2 * (columns - 1);
}

/** Table cells: one visible line each, the flexible column cut so the table fits `width`. */
/** One record's cells: visible text, byte counts human-readable when asked. */
function rowCells<T>(record: T, spec: RowSpec<T>, options: RecordWriteOptions): string[] {
  return spec.columns.map((column) => {
    const value = column.value(record);
    if (column.bytes === true && options.humanSizes === true && typeof value === 'number') return humanBytes(value);
    return visibleText(cellText(value));
  });
}

/** The narrowest a cut text column gets: room for a few characters and the ellipsis. */
const MIN_CUT = 6;

/** Takes one column at a time, the widest `can` allows, down by one until the table fits. */
function shrink(fitted: number[], excess: () => number, floor: (i: number) => number): void {
  while (excess() > 0) {
    let widest = -1;
    for (let i = 0; i < fitted.length; i++) if (fitted[i]! > floor(i) && (widest === -1 || fitted[i]! > fitted[widest]!)) widest = i;
    if (widest === -1) return;
    fitted[widest]!--;
  }
}

/**
 * Column widths that fit `options.width`: the flexible column gives way first (down to its
 * header or 12), then the widest left-aligned text columns, then the flexible one further, and
 * last the headers wider than their numbers; a number itself is never cut.
 */
function fittedWidths<T>(spec: RowSpec<T>, widths: readonly number[], valueWidths: readonly number[], options: RecordWriteOptions): number[] {
  const fitted = [...widths];
  if (options.width === undefined) return fitted;
  const budget = options.width - tableOverhead(fitted.length, options.decorate === true);
  const excess = () => fitted.reduce((sum, w) => sum + w, 0) - budget;
  const flexible = spec.columns.findIndex((column) => column.flexible === true);
  const isText = (i: number) => (spec.columns[i]!.align ?? 'left') === 'left';
  const never = Number.MAX_SAFE_INTEGER;
  if (flexible !== -1) shrink(fitted, excess, (i) => (i === flexible ? Math.max(spec.columns[i]!.header.length, 12) : never));
  shrink(fitted, excess, (i) => (i !== flexible && isText(i) ? MIN_CUT : never));
  shrink(fitted, excess, (i) => (isText(i) ? MIN_CUT : never));
  shrink(fitted, excess, (i) => (isText(i) ? MIN_CUT : Math.max(valueWidths[i]!, 3)));
  // A very narrow terminal: text down to two characters and an ellipsis rather than wrapping.
  shrink(fitted, excess, (i) => (isText(i) ? 3 : never));
  return fitted;
}

/** Headers and cells of a table: one visible line each, cut so the table fits `width`. */
export function tableCells<T>(records: readonly T[], spec: RowSpec<T>, options: RecordWriteOptions = {}): { head: string[]; rows: string[][] } {
  const rows = records.map((record) => rowCells(record, spec, options));
  const head = spec.columns.map((column) => column.header);
  const widths = sampledWidths(head, rows);
  const fitted = fittedWidths(spec, widths, sampledWidths(head.map(() => ''), rows), options);
  const cut = (cells: string[]) => cells.map((cell, i) => (fitted[i]! < cell.length ? cutText(cell, fitted[i]!) : cell));
  return { head: cut(head), rows: rows.map(cut) };
}

/** A table of records as text (cli-table3), fitted to `options.width`. */
export function recordTable<T>(records: readonly T[], spec: RowSpec<T>, options: RecordWriteOptions = {}): string {
  const { head, rows } = tableCells(records, spec, options);
  return renderTable(rows, {
    head,
    align: spec.columns.map((column) => column.align ?? 'left'),
    decorate: options.decorate === true,
  });
}

/** A table of many records, written as they come: widths from the first STREAM_AFTER rows. */
async function streamTable<T>(out: Output, first: readonly T[], rest: AsyncIterator<T> | Iterator<T>, spec: RowSpec<T>, options: RecordWriteOptions): Promise<void> {
  const header = spec.columns.map((column) => column.header);
  const sample = first.map((record) => rowCells(record, spec, options));
  // Numbers are never cut and grow as the rows go on (an index 499 becomes 4999): one digit spare.
  const spare = (widths: number[]) => widths.map((w, i) => ((spec.columns[i]!.align ?? 'left') === 'right' ? w + 1 : w));
  const widths = fittedWidths(spec, spare(sampledWidths(header, sample)), spare(sampledWidths(header.map(() => ''), sample)), options);
  const head = header.map((text, i) => cutText(text, widths[i]!));
  const layout: StreamedTableLayout = { head, align: spec.columns.map((column) => column.align ?? 'left'), widths, decorate: options.decorate === true };
  await out.write(tableHead(layout));
  for (const cells of sample) await out.write(tableRow(layout, cells));
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) {
    if (out.isClosed) return;
    await out.write(tableRow(layout, rowCells(next.value, spec, options)));
  }
  await out.write(tableFoot(layout));
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
    case 'ndjson': {
      const line = ndjsonLine(spec);
      for await (const record of records) {
        if (out.isClosed) return;
        await out.write(`${line(record)}\n`);
      }
      return;
    }
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
      const iterator = Symbol.asyncIterator in records ? records[Symbol.asyncIterator]() : (records as Iterable<T>)[Symbol.iterator]();
      const first: T[] = [];
      try {
        for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
          first.push(next.value);
          if (first.length === STREAM_AFTER) return await streamTable(out, first, iterator, spec, options);
        }
      } finally {
        await iterator.return?.();
      }
      await out.write(recordTable(first, spec, options));
      return;
    }
  }
}

/**
 * `writeRecords` for records that come in batches (one per chunk read): ndjson is written a batch
 * at a time, each record straight into the output's buffer, sparing a step of async iteration
 * and a promise per record; the other formats take the records one by one.
 */
export async function writeRecordBatches<T extends object>(
  out: Output,
  batches: AsyncIterable<readonly T[]>,
  format: RecordFormat,
  spec: RowSpec<T>,
  options: RecordWriteOptions = {},
): Promise<void> {
  if (format !== 'ndjson') {
    await writeRecords(out, flatten(batches), format, spec, options);
    return;
  }
  const line = ndjsonLine(spec);
  for await (const batch of batches) {
    if (out.isClosed) return;
    for (const record of batch) {
      const text = line(record);
      if (!out.writeLineNow(text)) await out.write(`${text}\n`);
    }
  }
  // The records are out before the closing notes go to stderr.
  await out.flush();
}

async function* flatten<T>(batches: AsyncIterable<readonly T[]>): AsyncGenerator<T> {
  for await (const batch of batches) yield* batch;
}

