import type { CommandModule } from 'yargs';
import { SUMMARY_FIELDS, startTime, summarizeEntry, type EntrySummary } from '../../analyse/entry-summary.js';
import { renderTable } from '../../write/table.js';
import { writeRecords } from '../../write/records.js';
import { type FilesArgs, type FilterArgs, filteredEntries, formatOption, withFiles, withFilters } from '../common.js';
import type { CommandContext } from '../io.js';

interface EntriesArgs extends FilesArgs, FilterArgs {
  format?: 'table' | 'json' | 'ndjson';
}

const HEAD = ['#', 'start ms', 'method', 'status', 'type', 'size', 'time ms', 'url'];

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(1, width - 1))}…`;
}

function fixed(value: number | null, digits: number): string {
  return value === null ? '' : value.toFixed(digits);
}

export function entriesCommand(ctx: CommandContext): CommandModule<object, EntriesArgs> {
  return {
    command: 'entries [files..]',
    describe: 'A table of entries: start, method, status, type, size, time, URL',
    builder: (yargs) =>
      withFilters(withFiles(yargs))
        .option('format', formatOption(['table', 'json', 'ndjson']))
        .example('$0 entries s.har', 'what happened, in order')
        .example('$0 entries --type websocket -f ndjson s.har', 'the WebSocket connections as JSON lines'),
    handler: async (args) => {
      const format = args.format ?? (ctx.io.stdoutIsTTY ? 'table' : 'json');
      let origin: number | null = null;
      const summaries = (async function* () {
        for await (const { file, index, entry } of filteredEntries(ctx, args.files, args, SUMMARY_FIELDS)) {
          origin ??= startTime(entry);
          yield summarizeEntry(file, index, entry, origin);
        }
      })();
      if (format !== 'table') {
        await writeRecords(ctx.out, summaries, { format, columns: [], cells: () => [] });
        return;
      }
      const rows: EntrySummary[] = [];
      for await (const summary of summaries) rows.push(summary);
      const multiFile = new Set(rows.map((r) => r.file)).size > 1;
      const cells = rows.map((r) => [
        multiFile ? `${r.file}:${r.index}` : r.index,
        fixed(r.start_ms, 0),
        r.method ?? '',
        r.status ?? '',
        r.type ?? '',
        r.size ?? '',
        fixed(r.time, 1),
        r.url ?? '',
      ]);
      const widths: number[] = HEAD.map((h) => h.length);
      for (const row of cells) row.forEach((cell, i) => (widths[i] = Math.max(widths[i]!, String(cell).length)));
      const fixedWidth = widths.slice(0, 7).reduce((sum, w) => sum + w + 3, 0);
      // Cut URLs to what is left of the terminal line; pipes get them whole.
      const urlWidth = ctx.io.stdoutIsTTY ? Math.max(20, ctx.io.columns - fixedWidth - 4) : Infinity;
      for (const row of cells) row[7] = cut(String(row[7]), urlWidth);
      await ctx.out.write(
        renderTable(cells, { head: HEAD, decorate: ctx.color, align: ['right', 'right', 'left', 'right', 'left', 'right', 'right', 'left'] }),
      );
    },
  };
}
