import type { CommandModule } from 'yargs';
import { entriesCommand } from './commands/entries.js';
import { getCommand } from './commands/get.js';
import { pickCommand } from './commands/pick.js';
import { queryCommand } from './commands/query.js';
import { shapeCommand } from './commands/shape.js';
import { statsCommand } from './commands/stats.js';
import { urlsCommand } from './commands/urls.js';
import { wsMessagesCommand } from './commands/ws-messages.js';
import type { CliIO, CommandContext } from './io.js';
import { runProgram } from './run.js';

const EPILOGUE = [
  'Pipelines:',
  "  har urls --raw session.har | sort | uniq -c | sort -rn | head",
  "  har pick session.har --format ndjson | jq -c 'select(.response.status >= 400)'",
  "  har get 'log/entries[]/request/url' --squash --raw session.har",
  '',
  'Files may be gzip-compressed; - or no file reads stdin. Data goes to stdout, diagnostics to stderr.',
].join('\n');

/** Commands in alphabetical order, registered explicitly. */
export function harCommands(ctx: CommandContext): CommandModule<object, never>[] {
  return [entriesCommand(ctx), getCommand(ctx), pickCommand(ctx), queryCommand(ctx), shapeCommand(ctx), statsCommand(ctx), urlsCommand(ctx), wsMessagesCommand(ctx)] as unknown as CommandModule<
    object,
    never
  >[];
}

export function main(argv: readonly string[], io: CliIO): Promise<number> {
  return runProgram({ name: 'har', usage: '$0 <command> [options] [files..]', commands: harCommands, epilogue: EPILOGUE }, argv, io);
}
