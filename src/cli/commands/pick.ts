import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { compilePick, pick, pickRows, projectionKeys, type PickSpec } from '../../select/path.js';
import { RECORD_FORMATS, writeRecords, type RecordFormat } from '../../write/records.js';
import { InputError } from '../../errors.js';
import { defineCommand } from '../command.js';
import { type FilterArgs, type SelectionArgs, chosenFormat, selected, withSelection, entriesOf, formatOption, parseDefault, tableOptions, withFilters } from '../common.js';

interface PickArgs extends FilterArgs, SelectionArgs {
  args?: string[];
  format?: RecordFormat;
  compact: boolean;
  default?: string;
  header: boolean;
}

export const DEFAULT_PICKS = ['request/url', 'request/method', 'response/status'];

const FILE_LIKE = /\.(har|json|gz)$/i;

/** `/tmp/x` or `./x` whose folder exists names a file, even a missing one (so it gets "no such file"). */
function inExistingFolder(arg: string): boolean {
  if (!arg.includes('/')) return false;
  const folder = dirname(arg);
  return (arg.startsWith('/') || arg.startsWith('.')) && existsSync(folder) && statSync(folder).isDirectory();
}

/**
 * `har pick [PATH…] [FILE…]`: an argument is a file if it exists on disk, is `-`, looks like one
 * (`.har`, `.json`, `.gz`), or is an absolute or `./` path into an existing folder; the first
 * file ends the paths.
 */
export function splitPathsAndFiles(args: readonly string[]): { paths: string[]; files: string[] } {
  const isFile = (arg: string) => arg === '-' || FILE_LIKE.test(arg) || existsSync(arg) || inExistingFolder(arg);
  const firstFile = args.findIndex(isFile);
  if (firstFile === -1) return { paths: [...args], files: [] };
  return { paths: args.slice(0, firstFile), files: args.slice(firstFile) };
}


/** The keys of a HAR entry (and Chrome's `_…` extensions): where every pick path starts. */
const ENTRY_KEYS = new Set(['pageref', 'startedDateTime', 'time', 'request', 'response', 'cache', 'timings', 'serverIPAddress', 'connection', 'comment', '*', '*[]']);

function startsAtAnEntryKey(arg: string): boolean {
  const path = arg.includes('@') ? arg.slice(arg.indexOf('@') + 1) : arg;
  const first = path.replace(/^\/+/, '').split('/')[0]!.replace(/\[\]$/, '');
  return ENTRY_KEYS.has(first) || first.startsWith('_');
}

export const pickCommand = defineCommand<PickArgs>({
  command: 'pick [args..]',
  describe: "Per entry, the fields named by jqfpy paths (h.pick); default request/url request/method response/status",
  builder: (yargs) =>
    withSelection(withFilters(
      yargs.positional('args', {
        describe: 'paths relative to an entry (name@path renames), then HAR files',
        type: 'string',
        array: true,
      }),
    ))
      .option('format', formatOption(RECORD_FORMATS))
      .option('compact', { alias: 'c', describe: 'compact JSON for --format json', type: 'boolean', default: false })
      .option('default', { requiresArg: true, describe: 'value for missing fields (JSON, or a plain string)', type: 'string' })
      .option('header', { describe: 'header row for tsv/csv (--no-header to drop it)', type: 'boolean', default: true })
      .example('$0 pick s.har --format ndjson', 'url, method and status of each entry, one JSON object per line')
      .example("$0 pick url@request/url time s.har -f tsv", 'flat, renamed columns')
      .example("$0 pick request/url --status 4xx,5xx s.har", 'the failed requests'),
  run: async (args, ctx) => {
    const { paths, files } = splitPathsAndFiles(args.args ?? []);
    // `har pick request/url captur` at a terminal: the last word is a misspelt file, not a field.
    const last = paths[paths.length - 1];
    if (files.length === 0 && ctx.io.stdinIsTTY && last !== undefined && !startsAtAnEntryKey(last)) throw new InputError(last, 'no such file');
    const specs: PickSpec[] = (paths.length > 0 ? paths : DEFAULT_PICKS).map(compilePick);
    const fallback = parseDefault(args.default);
    const projection = specs.map((spec) => projectionKeys(spec.access));
    const fields = projection.some((keys) => keys === null) ? null : (projection as string[][]);
    // Opened before any output: a missing file is exit 4 before a header is written.
    const entries = entriesOf(ctx, files, args, fields);
    const records = (async function* () {
      for await (const { entry } of entries) yield pick(specs, entry, fallback);
    })();
    await writeRecords(ctx.out, selected(ctx, args, records), chosenFormat(ctx, args.format, 'json', 'table'), pickRows(specs), {
      ...tableOptions(ctx),
      compact: args.compact,
      header: args.header,
    });
  },
});
