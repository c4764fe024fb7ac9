import { SUMMARY_FIELDS, entryRows, startTime, summarizeEntry, type EntrySummary } from '../../analyse/entry-summary.js';
import { writeRecords } from '../../write/records.js';
import { defineCommand } from '../command.js';
import { type FilesArgs, type FilterArgs, type SelectionArgs, chosenFormat, entriesOf, formatOption, selected, tableOptions, withFiles, withFilters, withSelection } from '../common.js';

interface EntriesArgs extends FilesArgs, FilterArgs, SelectionArgs {
  format?: 'table' | 'json' | 'ndjson' | 'tsv' | 'csv';
}

export const entriesCommand = defineCommand<EntriesArgs>({
  command: 'entries [files..]',
  describe: 'A table of entries: start, method, status, type, size, time, URL',
  builder: (yargs) =>
    withSelection(withFilters(withFiles(yargs)))
      .option('format', formatOption(['table', 'json', 'ndjson', 'tsv', 'csv']))
      .example('$0 entries s.har', 'what happened, in order')
      .example('$0 entries --type websocket -f ndjson s.har', 'the WebSocket connections as JSON lines'),
  run: async (args, ctx) => {
    const format = chosenFormat(ctx, args.format, 'json', 'table');
    const files = new Set(args.files ?? []);
    let origin: number | null = null;
    // Opened before any output: a missing file is exit 4 before a header is written.
    const entries = entriesOf(ctx, args.files, args, SUMMARY_FIELDS);
    const summaries = (async function* (): AsyncGenerator<EntrySummary> {
      for await (const { file, index, entry } of entries) {
        origin ??= startTime(entry);
        yield summarizeEntry(file, index, entry, origin);
      }
    })();
    await writeRecords(ctx.out, selected(ctx, args, summaries), format, entryRows(files.size > 1), tableOptions(ctx));
  },
});
