import { STATS_DIMENSIONS, STATS_FIELDS, STATS_FIELD_LIMIT, StatsCollector, groupRows } from '../../analyse/stats.js';
import { toJson } from '../../write/json.js';
import { humanBytes } from '../../write/terminal-text.js';
import { recordTable } from '../../write/records.js';
import { defineCommand } from '../command.js';
import { type FilesArgs, type FilterArgs, chosenFormat, entriesOf, formatOption, tableOptions, withFiles, withFilters } from '../common.js';

interface StatsArgs extends FilesArgs, FilterArgs {
  format?: 'table' | 'json';
}

export const statsCommand = defineCommand<StatsArgs>({
  command: 'stats [files..]',
  describe: 'Counts, bytes and p50/p95/max time by host, status class, resource type and MIME type',
  builder: (yargs) =>
    withFilters(withFiles(yargs))
      .option('format', formatOption(['table', 'json']))
      .example('$0 stats s.har', 'where the time and bytes went')
      .example('$0 stats -f json s.har | jq .groups.host', 'per-host numbers for a script'),
  run: async (args, ctx) => {
    const collector = new StatsCollector();
    for await (const { entry } of entriesOf(ctx, args.files, args, STATS_FIELDS, STATS_FIELD_LIMIT)) collector.add(entry);
    const report = collector.report();
    if (chosenFormat(ctx, args.format, 'json', 'table') === 'json') {
      await ctx.out.write(`${toJson(report, false)}\n`);
      return;
    }
    const bytes = ctx.io.stdoutIsTTY ? humanBytes(report.bytes) : `${report.bytes} bytes`;
    await ctx.out.write(`${report.entries} entries, ${bytes}\n`);
    for (const dimension of STATS_DIMENSIONS) {
      await ctx.out.write(`\n${recordTable(report.groups[dimension], groupRows(dimension), tableOptions(ctx))}`);
    }
  },
});
