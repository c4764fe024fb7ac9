import { writeRecords } from '../../write/records.js';
import { visibleText } from '../../write/terminal-text.js';
import { ACTIVITY_ROW_SPEC, activityText, sessionActivity } from '../../views/activity.js';
import { defineCommand } from '../command.js';
import { chosenFormat, filterOptionsOf, formatOption, sourcesOf, tableOptions, withFiles, withFilters, type FilesArgs, type FilterArgs } from '../common.js';

interface ActivityArgs extends FilesArgs, FilterArgs {
  format?: 'text' | 'table' | 'json' | 'ndjson' | 'tsv' | 'csv';
  summary: boolean;
}

export const activityCommand = defineCommand<ActivityArgs>({
  command: 'activity [files..]',
  describe: "The server's kernel activity log (`activity on <kernel_id>: <msg_type>`), then per kernel its last activity, state and message counts",
  builder: (yargs) =>
    withFilters(withFiles(yargs))
      .option('summary', { describe: 'only the per-kernel summaries, not the log lines', type: 'boolean', default: false })
      .option('format', formatOption(['text', 'table', 'json', 'ndjson', 'tsv', 'csv'], 'text on a terminal, ndjson when piped'))
      .example('$0 activity -f text s.har', "the server's debug log, as it would have written it")
      .example('$0 activity --summary s.har', 'last activity, execution_state and message counts per kernel'),
  run: async (args, ctx) => {
    const records = sessionActivity(sourcesOf(ctx.io, args.files), { ...filterOptionsOf(args), onWarning: ctx.warn, summaryOnly: args.summary });
    const format = chosenFormat(ctx, args.format, 'ndjson', 'text');
    if (format !== 'text') {
      await writeRecords(ctx.out, records, format, ACTIVITY_ROW_SPEC, tableOptions(ctx));
      return;
    }
    let first = true;
    for await (const record of records) {
      if (ctx.out.isClosed) return;
      // Kernel ids and msg_types are data: control characters in them are shown, not sent.
      const text = activityText(record, first).split('\n').map(visibleText).join('\n');
      await ctx.out.write(text);
      first = false;
    }
  },
});
