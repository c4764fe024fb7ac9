import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';
import { compileFilter, filterFields, listOf, type EntryFilterOptions } from '../select/filter.js';
import { projectionOf, readEntryBatches, type HarEntry } from '../read/har.js';
import { inputSources, type InputSource } from '../read/input.js';
import type { CliIO, CommandContext } from './io.js';
import { withProgress } from './progress.js';

export interface FilesArgs {
  files?: string[];
}

export interface FilterArgs {
  url?: string;
  method?: string[];
  status?: string[];
  mime?: string[];
  type?: string[];
  page?: string[];
}

/** `stdin` for `-` or no files; a Buffer-backed stdin in tests is read like a file. */
export function sourcesOf(io: CliIO, files: readonly string[] | undefined): InputSource[] {
  if ((files === undefined || files.length === 0) && io.stdinIsTTY) {
    throw new UsageError('no input: name a HAR file, or pipe one in');
  }
  return inputSources(files).map((source) => (source.path === null ? { ...source, stdin: io.stdin } : withProgress(io, source)));
}

export function withFiles<T>(yargs: Argv<T>): Argv<T & FilesArgs> {
  return yargs.positional('files', {
    describe: 'HAR files (gzip is detected); - or none reads stdin',
    type: 'string',
    array: true,
  }) as Argv<T & FilesArgs>;
}

/**
 * Repeatable options without yargs' greedy arrays, which would swallow the file arguments;
 * values may also be comma-separated: `--status 4xx,500 --status 302`.
 */
export function asList(value: string | string[]): string[] {
  return listOf(Array.isArray(value) ? value : [value]);
}

/** `--default 0` is the number 0; `--default=-` or `--default '"-"'` the string "-". */
export function parseDefault(text: string | undefined): unknown {
  if (text === undefined) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function withFilters<T>(yargs: Argv<T>): Argv<T & FilterArgs> {
  return yargs
    .option('url', { describe: 'only entries whose request URL matches this regular expression', type: 'string', requiresArg: true, group: 'Entry filters:' })
    .option('method', { describe: 'only these HTTP methods (repeat or comma-separate)', type: 'string', array: true, nargs: 1, requiresArg: true, coerce: asList, group: 'Entry filters:' })
    .option('status', { describe: 'only these statuses: 404, 4xx, 500-599', type: 'string', array: true, nargs: 1, requiresArg: true, coerce: asList, group: 'Entry filters:' })
    .option('mime', { describe: 'only response MIME types containing this (json, image/)', type: 'string', array: true, nargs: 1, requiresArg: true, coerce: asList, group: 'Entry filters:' })
    .option('type', { describe: "only these _resourceType values (websocket, xhr, fetch, document …)", type: 'string', array: true, nargs: 1, requiresArg: true, coerce: asList, group: 'Entry filters:' })
    .option('page', { describe: 'only entries of these pageref ids', type: 'string', array: true, nargs: 1, requiresArg: true, coerce: asList, group: 'Entry filters:' }) as Argv<
    T & FilterArgs
  >;
}

/** `-f/--format` of the commands whose default is a table on a terminal and JSON in a pipe. */
export function formatOption<const C extends readonly string[]>(choices: C) {
  return { requiresArg: true, alias: 'f', describe: 'output format (default: table on a terminal, json when piped)', choices } as const;
}

export function filterOptionsOf(args: FilterArgs): EntryFilterOptions {
  return { url: args.url, method: args.method, status: args.status, mime: args.mime, type: args.type, page: args.page };
}

/**
 * The entries of every input in order, filtered; `fields` (key paths) lets the reader skip the
 * rest of each entry, null keeps entries whole.
 */
export async function* filteredEntries(
  ctx: CommandContext,
  files: readonly string[] | undefined,
  filters: FilterArgs,
  fields: string[][] | null,
): AsyncGenerator<{ file: string; index: number; entry: HarEntry }> {
  const options = filterOptionsOf(filters);
  const predicate = compileFilter(options);
  const project = fields === null ? null : projectionOf([...fields, ...filterFields(options)]);
  for await (const batch of readEntryBatches(sourcesOf(ctx.io, files), { project, onWarning: ctx.warn })) {
    if (ctx.out.isClosed) return;
    for (const item of batch) if (predicate === null || predicate(item.entry)) yield item;
  }
}
