import type { Argv } from 'yargs';
import type { CommandContext } from './io.js';

/**
 * A `har` subcommand as a declaration, in lerna's style: what yargs needs to list and parse it,
 * and a `run` that hands the parsed arguments to one library function. Modules under
 * `src/cli/commands/` export one of these; `src/cli/commands/index.ts` registers it.
 */
export interface HarCommand<A = object> {
  /** yargs' command string: `name [files..]`. Its first word is the command's name. */
  command: string;
  describe: string;
  builder: (yargs: Argv) => Argv<A>;
  run: (args: A, ctx: CommandContext) => Promise<void>;
}

/** A declared command once registered, whatever its argument type (yargs checks the arguments). */
export interface AnyHarCommand {
  command: string;
  describe: string;
  builder: (yargs: Argv) => unknown;
  run: (args: never, ctx: CommandContext) => Promise<void>;
}

/** Keeps the argument type of a declaration checked against its builder. */
export function defineCommand<A>(command: HarCommand<A>): HarCommand<A> {
  return command;
}
