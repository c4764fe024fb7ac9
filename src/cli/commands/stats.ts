import type { CommandModule } from 'yargs';
import { STATS_DIMENSIONS, STATS_FIELDS, StatsCollector } from '../../analyse/stats.js';
import { toJson } from '../../write/json.js';
import { renderTable } from '../../write/table.js';
import { type FilesArgs, type FilterArgs, filteredEntries, formatOption, withFiles, withFilters } from '../common.js';
import type { CommandContext } from '../io.js';

interface StatsArgs extends FilesArgs, FilterArgs {
  format?: 'table' | 'json';
}

export function statsCommand(ctx: CommandContext): CommandModule<object, StatsArgs> {
  return {
    command: 'stats [files..]',
    describe: 'Counts, bytes and p50/p95/max time by host, status class, resource type and MIME type',
    builder: (yargs) =>
      withFilters(withFiles(yargs))
        .option('format', formatOption(['table', 'json']))
        .example('$0 stats s.har', 'where the time and bytes went')
        .example('$0 stats -f json s.har | jq .groups.host', 'per-host numbers for a script'),
    handler: async (args) => {
      const collector = new StatsCollector();
      for await (const { entry } of filteredEntries(ctx, args.files, args, STATS_FIELDS)) collector.add(entry);
      const report = collector.report();
      const format = args.format ?? (ctx.io.stdoutIsTTY ? 'table' : 'json');
      if (format === 'json') {
        await ctx.out.write(`${toJson(report, false)}\n`);
        return;
      }
      await ctx.out.write(`${report.entries} entries, ${report.bytes} bytes\n`);
      for (const dimension of STATS_DIMENSIONS) {
        const rows = report.groups[dimension].map((g) => [g.key, g.count, g.bytes, g.p50_ms ?? '', g.p95_ms ?? '', g.max_ms ?? '']);
        await ctx.out.write(
          `\n${renderTable(rows, {
            head: [dimension, 'count', 'bytes', 'p50 ms', 'p95 ms', 'max ms'],
            decorate: ctx.color,
            align: ['left', 'right', 'right', 'right', 'right', 'right'],
          })}`,
        );
      }
    },
  };
}
