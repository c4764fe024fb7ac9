import { ArrayWriter } from './array-writer.js';
import { csvRow, tsvRow } from './delimited.js';
import { toJson } from './json.js';
import type { Output } from './output.js';
import { renderTable, type TableOptions } from './table.js';

export type RecordFormat = 'json' | 'ndjson' | 'table' | 'tsv' | 'csv';

export interface RecordWriteOptions {
  format: RecordFormat;
  /** Column names for table, tsv and csv. */
  columns: readonly string[];
  /** The cells of a record, in column order, for table, tsv and csv. */
  cells: (record: object) => readonly unknown[];
  compact?: boolean;
  /** Header row for tsv/csv. */
  header?: boolean;
  table?: Omit<TableOptions, 'head'>;
}

/**
 * Writes records in one of the record formats. Every format but table streams; a table needs
 * all rows to size its columns.
 */
export async function writeRecords(out: Output, records: AsyncIterable<object>, options: RecordWriteOptions): Promise<void> {
  switch (options.format) {
    case 'json': {
      const writer = new ArrayWriter(out, options.compact === true);
      for await (const record of records) await writer.item(record);
      await writer.close();
      return;
    }
    case 'ndjson':
      for await (const record of records) await out.write(`${toJson(record, true)}\n`);
      return;
    case 'tsv':
    case 'csv': {
      const row = options.format === 'tsv' ? tsvRow : csvRow;
      if (options.header !== false) await out.write(row(options.columns));
      for await (const record of records) await out.write(row(options.cells(record)));
      return;
    }
    case 'table': {
      const rows: unknown[][] = [];
      for await (const record of records) rows.push([...options.cells(record)]);
      await out.write(renderTable(rows, { decorate: false, ...options.table, head: options.columns }));
      return;
    }
  }
}
