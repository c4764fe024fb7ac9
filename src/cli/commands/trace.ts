import { closeSync, openSync, writeSync } from 'node:fs';
import { ExitCode, HarknifeError } from '../../errors.js';
import { sessionTraceUntilError, traceJsonParts, type TraceParts } from '../../views/trace.js';
import { defineCommand } from '../command.js';
import { filterOptionsOf, sourcesOf, withFiles, withFilters, type FilesArgs, type FilterArgs } from '../common.js';

interface TraceArgs extends FilesArgs, FilterArgs {
  output?: string;
}

export const traceCommand = defineCommand<TraceArgs>({
  command: 'trace [files..]',
  describe: 'The session as Chrome trace-event JSON for Perfetto / chrome://tracing: a process per kernel, a slice per cell',
  builder: (yargs) =>
    withFilters(withFiles(yargs))
      .option('output', { alias: 'o', describe: 'write the trace to this file (default: stdout)', type: 'string', requiresArg: true })
      .example('$0 trace s.har -o trace.json', 'then open trace.json in https://ui.perfetto.dev')
      .example("$0 trace s.har | jq '.traceEvents | length'", 'the number of trace events'),
  run: async (args, ctx) => {
    // A file cut short still gives the trace of what was read; its error comes after it.
    const { trace, error } = await sessionTraceUntilError(sourcesOf(ctx.io, args.files), { ...filterOptionsOf(args), onWarning: ctx.warn });
    if (args.output === undefined) for (const part of traceJsonParts(trace)) await ctx.out.write(part);
    else writeTrace(args.output, trace);
    if (error !== null) throw error;
  },
});

function writeTrace(path: string, trace: TraceParts): void {
  try {
    const fd = openSync(path, 'w');
    try {
      for (const part of traceJsonParts(trace)) writeSync(fd, part);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    // Output that cannot be written has its own exit code (70), as for stdout.
    throw new HarknifeError(`${path}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`, ExitCode.internal);
  }
}
