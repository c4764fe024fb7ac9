import { open, rm } from 'node:fs/promises';
import { ExitCode, HarknifeError, UsageError } from '../../errors.js';
import { readReport, reportPage } from '../../report/index.js';
import type { InputSource } from '../../read/input.js';
import { CellSpill } from '../../views/cell-spill.js';
import { defineCommand } from '../command.js';
import type { CommandContext } from '../io.js';
import { sourcesOf, withFiles, type FilesArgs } from '../common.js';

interface ReportArgs extends FilesArgs {
  output?: string;
  redact: boolean;
}

export const reportCommand = defineCommand<ReportArgs>({
  command: 'report [files..]',
  describe: 'One self-contained HTML page of the session: timeline, notebook, HTTP entries, frames (safe to open)',
  builder: (yargs) =>
    withFiles(yargs)
      .option('output', { alias: 'o', describe: 'write the page to FILE (default: stdout when it is not a terminal)', type: 'string', requiresArg: true })
      .option('redact', { describe: 'redact tokens, cookies and secrets first (as har redact does), so the page can be shared', type: 'boolean', default: false })
      .example('$0 report s.har -o report.html', 'the page of a session, to open in any browser')
      .example('$0 report --redact s.har -o report.html', 'the same with tokens, cookies and secrets redacted, to attach to a bug report'),
  run: async (args, ctx) => {
    const sources = sourcesOf(ctx.io, args.files);
    if (sources.some((source) => source.path === null)) throw new UsageError('har report reads its input more than once: name a file (stdin cannot be read again)');
    if (args.output === undefined && ctx.io.stdoutIsTTY) throw new UsageError('the report is an HTML page: write it with -o FILE.html, or redirect stdout');
    // The cells wait in a temporary file; the page reads back the few it shows.
    const spill = new CellSpill();
    try {
      await writeReport(args, ctx, sources, spill);
    } finally {
      spill.close();
    }
  },
});

async function writeReport(args: ReportArgs, ctx: CommandContext, sources: InputSource[], spill: CellSpill): Promise<void> {
  if (args.output === undefined) {
    const data = await readReport(sources, { redact: args.redact, onWarning: ctx.warn, spill });
    for (const part of reportPage(data)) {
      if (ctx.out.isClosed) return;
      await ctx.out.write(part);
    }
    return;
  }
  const path = args.output;
  const failed = (error: unknown) => new HarknifeError(`${path}: cannot write (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, ExitCode.internal);
  // Opened first: a page that cannot be written is said before the input is read.
  const file = await open(path, 'w').catch((error: unknown) => {
    throw failed(error);
  });
  let complete = false;
  try {
    const data = await readReport(sources, { redact: args.redact, onWarning: ctx.warn, spill });
    for (const part of reportPage(data)) await file.write(part).catch((error: unknown) => {
      throw failed(error);
    });
    complete = true;
  } finally {
    await file.close();
    // No half page is left behind when the input turns out to be bad.
    if (!complete) await rm(path, { force: true });
  }
}
