import { writeRecords } from '../../write/records.js';
import { sessionTimelineUntilError } from '../../views/timeline-build.js';
import { TIMELINE_ROW_SPEC } from '../../views/timeline-types.js';
import { defineCommand } from '../command.js';
import { chosenFormat, filterOptionsOf, formatOption, sourcesOf, tableOptions, withFiles, withFilters, type FilesArgs, type FilterArgs } from '../common.js';

interface TimelineArgs extends FilesArgs, FilterArgs {
  format?: 'table' | 'json' | 'ndjson' | 'tsv' | 'csv';
}

export const timelineCommand = defineCommand<TimelineArgs>({
  command: 'timeline [files..]',
  describe: 'Per kernel: connections and the gaps between them, busy intervals per request, restarts, interrupts, shutdowns',
  builder: (yargs) =>
    withFilters(withFiles(yargs))
      .option('format', formatOption(['table', 'json', 'ndjson', 'tsv', 'csv']))
      .example('$0 timeline s.har', 'what the kernel did, and when the page was not connected')
      .example("$0 timeline -f ndjson s.har | jq -c 'select(.kind==\"gap\")'", 'connection gaps and the cells running across them'),
  run: async (args, ctx) => {
    // A file cut short still gives the timeline of what was read; its error comes after it.
    const { records, error } = await sessionTimelineUntilError(sourcesOf(ctx.io, args.files), { ...filterOptionsOf(args), onWarning: ctx.warn });
    await writeRecords(ctx.out, records, chosenFormat(ctx, args.format, 'json', 'table'), TIMELINE_ROW_SPEC, tableOptions(ctx));
    if (error !== null) throw error;
  },
});
