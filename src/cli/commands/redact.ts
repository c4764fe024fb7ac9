import { promises as fs } from 'node:fs';
import { basename, join } from 'node:path';
import { UsageError } from '../../errors.js';
import { checkHar, PLACE_ROWS, redactHarFile, redactHarTo, type RedactionReport, type RedactOptions } from '../../redact/index.js';
import { toJson } from '../../write/json.js';
import { writeRecords } from '../../write/records.js';
import { defineCommand } from '../command.js';
import { asList, chosenFormat, formatOption, sourcesOf, tableOptions, withFiles, type FilesArgs } from '../common.js';
import type { CommandContext } from '../io.js';

interface RedactArgs extends FilesArgs {
  output?: string;
  'in-place': boolean;
  check: boolean;
  report?: string;
  salt?: string;
  keep?: string[];
  also?: string[];
  format?: 'table' | 'json' | 'ndjson' | 'tsv' | 'csv';
}

const repeated = { type: 'string', array: true, nargs: 1, requiresArg: true, coerce: asList } as const;

function libraryOptions(args: RedactArgs, ctx: CommandContext): RedactOptions {
  return {
    ...(args.salt !== undefined ? { salt: args.salt } : {}),
    keep: args.keep ?? [],
    // --also patterns are regular expressions: commas belong to them, so only repetition separates them.
    also: (args.also ?? []).flatMap((value) => (Array.isArray(value) ? value : [value])),
    onWarning: ctx.warn,
  };
}

/** A summary for a person at a terminal; scripts read the exit code and the report. */
function tell(ctx: CommandContext, message: string): void {
  if (ctx.io.stderrIsTTY) ctx.note(message);
}

async function isDirectory(path: string): Promise<boolean> {
  return fs.stat(path).then((stat) => stat.isDirectory(), () => false);
}

async function sameFile(a: string, b: string): Promise<boolean> {
  const [statA, statB] = await Promise.all([fs.stat(a).catch(() => null), fs.stat(b).catch(() => null)]);
  return statA !== null && statB !== null && statA.dev === statB.dev && statA.ino === statB.ino;
}

function summary(report: RedactionReport): string {
  const rules = Object.entries(report.rules)
    .map(([rule, count]) => `${rule} ${count}`)
    .join(', ');
  return `${report.redactions} secret${report.redactions === 1 ? '' : 's'} in ${report.entries} entries and ${report.frames} frames${rules ? ` (${rules})` : ''}`;
}

async function writeReport(ctx: CommandContext, report: RedactionReport, target: string, harOnStdout: boolean): Promise<void> {
  const text = `${toJson(report, false)}\n`;
  if (target === '' || target === '-') {
    if (harOnStdout) ctx.io.stderr.write(text);
    else await ctx.out.write(text);
  } else {
    await fs.writeFile(target, text);
  }
}

async function check(args: RedactArgs, ctx: CommandContext): Promise<void> {
  // The list stops at the report's place limit (memory stays bounded on a huge file); the counts do not.
  const report = await checkHar(sourcesOf(ctx.io, args.files), libraryOptions(args, ctx));
  await writeRecords(ctx.out, report.places, chosenFormat(ctx, args.format, 'ndjson', 'table'), PLACE_ROWS, tableOptions(ctx));
  if (report.redactions > 0) {
    const omitted = report.placesOmitted > 0 ? `; ${report.placesOmitted} more places not listed` : '';
    ctx.note(`not clean: ${summary(report)} would be redacted${omitted}`);
    ctx.answerNo();
  } else {
    tell(ctx, `clean: nothing to redact in ${report.entries} entries and ${report.frames} frames`);
  }
}

async function redact(args: RedactArgs, ctx: CommandContext): Promise<void> {
  const files = args.files ?? [];
  const options = libraryOptions(args, ctx);
  if (args['in-place']) {
    if (args.output !== undefined) throw new UsageError('--in-place and -o do not go together');
    if (files.length === 0 || files.includes('-')) throw new UsageError('--in-place needs files (not stdin)');
    for (const file of files) {
      const report = await redactHarFile(file, file, options);
      tell(ctx, `${file}: ${summary(report)} redacted in place`);
      if (args.report !== undefined) await writeReport(ctx, report, args.report, false);
    }
    return;
  }
  if (args.output === undefined) {
    if (files.length > 1) throw new UsageError('several inputs need -o DIR (or --in-place)');
    if (ctx.io.stdoutIsTTY) throw new UsageError('refusing to write a HAR to the terminal: use -o FILE or a pipe');
    const report = await redactHarTo(sourcesOf(ctx.io, files), (text) => ctx.out.write(text), options);
    await ctx.out.flush();
    if (args.report !== undefined) await writeReport(ctx, report, args.report, true);
    return;
  }
  if (files.length > 1) {
    if (!(await isDirectory(args.output))) throw new UsageError(`several inputs need -o to name a directory; ${args.output} is not one`);
    for (const file of files) {
      if (file === '-') throw new UsageError('stdin cannot be one of several inputs');
      const output = join(args.output, basename(file));
      if (await sameFile(file, output)) throw new UsageError(`${output} is the input: use --in-place to replace it`);
      const report = await redactHarFile(file, output, options);
      tell(ctx, `${file}: ${summary(report)} redacted`);
      if (args.report !== undefined) await writeReport(ctx, report, args.report, false);
    }
    return;
  }
  const input = files[0];
  if (input === undefined || input === '-') throw new UsageError('-o needs a file to read (stdin output goes to a pipe: omit -o)');
  const output = (await isDirectory(args.output)) ? join(args.output, basename(input)) : args.output;
  if (await sameFile(input, output)) throw new UsageError(`${output} is the input: use --in-place to replace it`);
  const report = await redactHarFile(input, output, options);
  tell(ctx, `${input}: ${summary(report)} redacted into ${output}`);
  if (args.report !== undefined) await writeReport(ctx, report, args.report, false);
}

export const redactCommand = defineCommand<RedactArgs>({
  command: 'redact [files..]',
  describe: 'Replace tokens, cookies, credentials and secrets with REDACTED-<hash> (or --check that none remain)',
  builder: (yargs) =>
    withFiles(yargs)
      .option('output', { alias: 'o', describe: 'write the redacted HAR here (a directory for several inputs); default stdout', type: 'string', requiresArg: true })
      .option('in-place', { describe: 'replace each input (through a temporary file and an atomic rename)', type: 'boolean', default: false })
      .option('check', { describe: 'write nothing; list what would be redacted and exit 1 if anything would', type: 'boolean', default: false })
      .option('report', { describe: 'the JSON report (pointers, rules, counts; never a value) to FILE, or stdout/stderr', type: 'string' })
      .option('salt', { describe: 'placeholders keyed by this salt (stable across runs) instead of a random key', type: 'string', requiresArg: true })
      .option('keep', { ...repeated, describe: 'never redact this header, cookie or field name (repeatable)' })
      .option('also', { type: 'string', array: true, nargs: 1, requiresArg: true, describe: 'also redact matches of this RE2 pattern (its first group if it has one; repeatable)' })
      .option('format', formatOption(['table', 'json', 'ndjson', 'tsv', 'csv'], 'for --check: table on a terminal, ndjson when piped'))
      .example('$0 redact s.har -o shared.har', 'a copy safe to share')
      .example('$0 redact --check shared.har', 'exit 1 and list the places if secrets remain')
      .example("$0 redact --also 'user-(\\d+)' --keep _xsrf s.har > out.har", 'one more pattern, one name kept'),
  run: async (args, ctx) => {
    if (args.check) {
      if (args.output !== undefined || args['in-place']) throw new UsageError('--check writes nothing: drop -o/--in-place');
      await check(args, ctx);
      return;
    }
    await redact(args, ctx);
  },
});
