import type { AnyHarCommand } from './command.js';
import { HAR_COMMANDS, type RegisteredCommand } from './commands/index.js';
import type { CliIO } from './io.js';
import { runProgram } from './run.js';

/** Stands in for a command that is not on the command line, so yargs can list it but never run it. */
function listedOnly(command: RegisteredCommand): AnyHarCommand {
  return {
    command: command.command,
    describe: command.describe,
    builder: (yargs) => yargs,
    run: () => Promise.reject(new Error(`har ${command.name} was not loaded`)),
  };
}

/**
 * The commands for one run: those whose name is one of the arguments are loaded (yargs runs a
 * command only when its name is an argument), the others are listed only.
 */
export async function harCommands(argv: readonly string[], all = false): Promise<AnyHarCommand[]> {
  const named = new Set(argv);
  return Promise.all(HAR_COMMANDS.map((command) => (all || named.has(command.name) ? command.load() : listedOnly(command))));
}

const EPILOGUE = [
  'Pipelines:',
  "  har urls --raw session.har | sort | uniq -c | sort -rn | head",
  "  har pick session.har --format ndjson | jq -c 'select(.response.status >= 400)'",
  "  har get 'log/entries[]/request/url' --squash --raw session.har",
  '',
  'Files may be gzip-compressed; - or no file reads stdin. Data goes to stdout, diagnostics to stderr.',
].join('\n');

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const commands = await harCommands(argv);
  return runProgram({ name: 'har', usage: '$0 <command> [options] [files..]', commands, epilogue: EPILOGUE }, argv, io);
}
