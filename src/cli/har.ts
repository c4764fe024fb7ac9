import type { CommandModule } from 'yargs';
import type { CliIO, CommandContext } from './io.js';
import { runProgram } from './run.js';

type CommandFactory = (ctx: CommandContext) => CommandModule<object, never>;

/**
 * A command as `har --help` lists it, and how to load it. Loading every command module (and
 * their dependencies: cli-table3, jsonpath-plus, the shape and kernel layers) costs more than
 * half of har's start-up, so only the commands named on the command line are loaded; the others
 * are registered by name and description alone, which is all yargs uses of a command that does
 * not run (help listing, "did you mean"). `command` and `describe` must equal the module's
 * (test/cli/lazy-commands.test.ts).
 */
export interface HarCommand {
  name: string;
  command: string;
  describe: string;
  load: () => Promise<CommandFactory>;
}

const factory = (make: unknown) => make as CommandFactory;

/** Commands in alphabetical order, registered explicitly. */
export const HAR_COMMANDS: readonly HarCommand[] = [
  {
    name: 'entries',
    command: 'entries [files..]',
    describe: 'A table of entries: start, method, status, type, size, time, URL',
    load: async () => factory((await import('./commands/entries.js')).entriesCommand),
  },
  {
    name: 'get',
    command: 'get <path> [files..]',
    describe: "Extract values with jqfpy's get() path language",
    load: async () => factory((await import('./commands/get.js')).getCommand),
  },
  {
    name: 'pick',
    command: 'pick [args..]',
    describe: 'Per entry, the fields named by jqfpy paths (h.pick); default request/url request/method response/status',
    load: async () => factory((await import('./commands/pick.js')).pickCommand),
  },
  {
    name: 'query',
    command: 'query <expression> [files..]',
    describe: 'Select with JSONPath (jsonpath-plus; no code from the query ever runs)',
    load: async () => factory((await import('./commands/query.js')).queryCommand),
  },
  {
    name: 'shape',
    command: 'shape [files..]',
    describe: 'Every path in the input with its types, examples and statistics (dictknife shape, streamed)',
    load: async () => factory((await import('./commands/shape.js')).shapeCommand),
  },
  {
    name: 'stats',
    command: 'stats [files..]',
    describe: 'Counts, bytes and p50/p95/max time by host, status class, resource type and MIME type',
    load: async () => factory((await import('./commands/stats.js')).statsCommand),
  },
  {
    name: 'urls',
    command: 'urls [files..]',
    describe: 'List request URLs (jqfpy: get("log/entries[]/request/url"))',
    load: async () => factory((await import('./commands/urls.js')).urlsCommand),
  },
  {
    name: 'ws-messages',
    command: 'ws-messages [files..]',
    describe: 'WebSocket frames from _webSocketMessages, one NDJSON line each (pipe into kernel-decode)',
    load: async () => factory((await import('./commands/ws-messages.js')).wsMessagesCommand),
  },
];

/** Stands in for a command that is not on the command line, so yargs can never run it. */
function listedOnly(command: HarCommand): CommandModule<object, never> {
  return {
    command: command.command,
    describe: command.describe,
    builder: {},
    handler: () => {
      throw new Error(`har ${command.name} was not loaded`);
    },
  };
}

/**
 * The command modules for one run: those whose name is one of the arguments are loaded (yargs
 * runs a command only when its name is an argument), the others are listed only.
 */
export async function harCommands(argv: readonly string[], all = false): Promise<(ctx: CommandContext) => CommandModule<object, never>[]> {
  const named = new Set(argv);
  const factories = await Promise.all(HAR_COMMANDS.map((command) => (all || named.has(command.name) ? command.load() : null)));
  return (ctx) => HAR_COMMANDS.map((command, i) => factories[i]?.(ctx) ?? listedOnly(command));
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
