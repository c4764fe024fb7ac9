import { availableParallelism } from 'node:os';
import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';
import { filteredEntries } from '../read/entries.js';
import type { EntryItem } from '../read/har.js';
import { checkInputs, inputSources, type InputSource } from '../read/input.js';
import { PARALLEL_MIN_BYTES } from '../read/split.js';
import { listOf, type EntryFilterOptions } from '../select/filter.js';
import type { RecordFormat, RecordWriteOptions } from '../write/records.js';
import type { CliIO, CommandContext } from './io.js';
import { withProgress } from './progress.js';

export interface FilesArgs {
  files?: string[];
}

export interface SelectionArgs {
  limit?: number;
  'exit-status': boolean;
}

export interface FilterArgs {
  url?: string;
  method?: string[];
  status?: string[];
  mime?: string[];
  type?: string[];
  page?: string[];
}

/** The process's standard input (read from its descriptor, its bytes counted) or a test's stream. */
function standardInputOf(io: CliIO, source: InputSource): InputSource {
  if (io.stdin !== null) return { ...source, stdin: io.stdin };
  return io.onStdinRead === undefined ? source : { ...source, onProgress: io.onStdinRead };
}

/** `stdin` for `-` or no files; a Buffer-backed stdin in tests is read like a file. */
export function sourcesOf(io: CliIO, files: readonly string[] | undefined): InputSource[] {
  if ((files === undefined || files.length === 0) && io.stdinIsTTY) {
    throw new UsageError('no input: name a HAR file, or pipe one in');
  }
  const sources = inputSources(files);
  checkInputs(sources);
  return sources.map((source) => (source.path === null ? standardInputOf(io, source) : withProgress(io, source)));
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
  const list = { type: 'string', array: true, nargs: 1, requiresArg: true, coerce: asList, group: 'Entry filters:' } as const;
  return yargs
    .option('url', { describe: 'only entries whose request URL matches this regular expression', type: 'string', requiresArg: true, group: 'Entry filters:' })
    .option('method', { ...list, describe: 'only these HTTP methods (repeat or comma-separate)' })
    .option('status', { ...list, describe: 'only these statuses: 404, 4xx, 500-599' })
    .option('mime', { ...list, describe: 'only response MIME types containing this (json, image/)' })
    .option('type', { ...list, describe: "only these _resourceType values (websocket, xhr, fetch, document …)" })
    .option('page', { ...list, describe: 'only entries of these pageref ids' }) as Argv<T & FilterArgs>;
}

/** `-f/--format`: the same option in every command, offering the formats that command has. */
export function formatOption<const C extends readonly string[]>(choices: C, defaultText = 'table on a terminal, json when piped') {
  return { requiresArg: true, alias: 'f', describe: `output format (default: ${defaultText})`, choices } as const;
}

/** The format asked for, else a table for a person at a terminal and `piped` for a program. */
export function chosenFormat<F extends string>(ctx: CommandContext, asked: F | undefined, piped: F, terminal: F): F {
  return asked ?? (ctx.io.stdoutIsTTY ? terminal : piped);
}

/** Table decoration and width for this run's stdout. */
export function tableOptions(ctx: CommandContext): RecordWriteOptions {
  return { decorate: ctx.color, ...(ctx.io.stdoutIsTTY ? { width: ctx.io.columns, humanSizes: true } : {}) };
}

export function filterOptionsOf(args: FilterArgs): EntryFilterOptions {
  return { url: args.url, method: args.method, status: args.status, mime: args.mime, type: args.type, page: args.page };
}

/** The filtered entries of the command line's files: the library's reader with this run's stdin, warnings and stop. */
export function entriesOf(ctx: CommandContext, files: readonly string[] | undefined, filters: FilterArgs, fields: string[][] | null, fieldLimit?: number): AsyncGenerator<EntryItem> {
  const limit = fieldLimit === undefined ? {} : { fieldLimit };
  const parallelFrom = parallelFromOf(ctx.io);
  const parallel = parallelFrom === undefined ? {} : { parallelFrom };
  return filteredEntries(sourcesOf(ctx.io, files), filterOptionsOf(filters), { fields, onWarning: ctx.warn, stopped: () => ctx.out.isClosed, ...parallel, ...limit });
}

/**
 * From what size a pretty-printed file is read on two threads: PARALLEL_MIN_BYTES (never on a
 * machine with one core), or
 * HARKNIFE_PARALLEL_MIN_BYTES (tests force the parallel read on small files with it; a huge
 * value keeps every read on one thread).
 */
function parallelFromOf(io: CliIO): number | undefined {
  const asked = io.env['HARKNIFE_PARALLEL_MIN_BYTES'];
  const bytes = asked === undefined || asked === '' ? NaN : Number(asked);
  if (Number.isInteger(bytes) && bytes >= 0) return bytes;
  // On one core a second thread only adds its start-up.
  return availableParallelism() >= 2 ? PARALLEL_MIN_BYTES : undefined;
}

export type { RecordFormat };

/** `--limit N` and `-e/--exit-status`, for the commands that select records. */
export function withSelection<T>(yargs: Argv<T>): Argv<T & SelectionArgs> {
  return yargs
    .option('limit', {
      describe: 'stop after N records (the rest of the input is not read)',
      type: 'number',
      requiresArg: true,
      coerce: (value: unknown) => {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0) throw new UsageError(`--limit ${JSON.stringify(String(value))}: not a whole number of records`);
        return n;
      },
    })
    .option('exit-status', { alias: 'e', describe: 'exit 1 when nothing was selected (as jq -e)', type: 'boolean', default: false }) as Argv<T & SelectionArgs>;
}

/**
 * `selected` for records in batches, when there is no --limit (a limit stops the read at its
 * record, and with it the counts a command reports): with -e, no record at all makes the
 * answer "no" (exit 1).
 */
export async function* selectedBatches<T>(ctx: CommandContext, args: SelectionArgs, batches: AsyncIterable<readonly T[]>): AsyncGenerator<readonly T[]> {
  if (args.limit !== undefined) throw new Error('selectedBatches: --limit needs selected()');
  let count = 0;
  try {
    for await (const batch of batches) {
      count += batch.length;
      yield batch;
    }
  } finally {
    if (count === 0 && args['exit-status']) ctx.answerNo();
  }
}

/**
 * The records a command selected, at most --limit of them (stopping the read there); with -e,
 * none at all makes the answer "no" (exit 1).
 */
export async function* selected<T>(ctx: CommandContext, args: SelectionArgs, records: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
  let count = 0;
  const limit = args.limit ?? Infinity;
  try {
    if (limit > 0) {
      for await (const record of records) {
        count++;
        yield record;
        if (count >= limit) break;
      }
    }
  } finally {
    if (count === 0 && args['exit-status']) ctx.answerNo();
  }
}
