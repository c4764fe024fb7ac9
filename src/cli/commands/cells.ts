import { CELL_ROWS, CELL_SORT_KEYS, cellSummaryText, cellsReport, summarizeCells, type CellSortKey } from '../../views/index.js';
import { writeRecords } from '../../write/records.js';
import { defineCommand } from '../command.js';
import { chosenFormat, filterOptionsOf, formatOption, sourcesOf, tableOptions, withFiles, withFilters, type FilesArgs, type FilterArgs } from '../common.js';
import { UsageError } from '../../errors.js';

interface CellsArgs extends FilesArgs, FilterArgs {
  sort: CellSortKey;
  top?: number;
  format?: 'table' | 'json' | 'ndjson' | 'tsv' | 'csv';
}

export const cellsCommand = defineCommand<CellsArgs>({
  command: 'cells [files..]',
  describe: 'One row per executed cell: count, status, queued/running/wall ms, output size, flags, code',
  builder: (yargs) =>
    withFilters(withFiles(yargs))
      .option('sort', { describe: 'order rows by: start (session order), wall/running/queued/bytes/messages (largest first), count', choices: CELL_SORT_KEYS, default: 'start' as CellSortKey, requiresArg: true })
      .option('top', { describe: 'only the first N rows after sorting (the summary still covers every cell)', type: 'number', requiresArg: true })
      .option('format', formatOption(['table', 'json', 'ndjson', 'tsv', 'csv']))
      .example('$0 cells --sort wall --top 3 s.har', 'the three slowest cells')
      .example('$0 cells -f ndjson s.har', 'one JSON line per cell, with flags and notes')
      .example('$0 ws-messages s.har | $0 cells', 'the same from ws-messages NDJSON'),
  run: async (args, ctx) => {
    if (args.top !== undefined && (!Number.isInteger(args.top) || args.top < 0)) throw new UsageError(`--top ${String(args.top)}: not a count`);
    const report = await cellsReport(sourcesOf(ctx.io, args.files), { ...filterOptionsOf(args), sort: args.sort, top: args.top, onWarning: ctx.warn });
    const format = chosenFormat(ctx, args.format, 'json', 'table');
    await writeRecords(ctx.out, report.records, format, CELL_ROWS, tableOptions(ctx));
    // The summary belongs to the table a person reads; piped formats carry the records only.
    if (format === 'table' && report.all.length > 0) await ctx.out.write(`\n${cellSummaryText(summarizeCells(report.all), report.records.length, report.all.length)}`);
  },
});
