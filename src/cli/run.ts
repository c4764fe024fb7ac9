import { createRequire } from 'node:module';
import type { Argv, CommandModule } from 'yargs';
import type YargsFactory from 'yargs/yargs';
import { ExitCode, HarknifeError, UsageError, exitCodesHelp, type ExitCodeValue } from '../errors.js';
import type { AnyHarCommand } from './command.js';
import { COLOR_MODES, colorFor, createContext, type CliIO, type ColorMode, type CommandContext } from './io.js';
import { stopProgress } from './progress.js';
import { closest } from './suggest.js';
import { ownVersion } from './version.js';

// yargs' CommonJS build loads in half the time of its ES modules (~12 vs ~23 ms of every run);
// 'yargs/yargs' is the factory alone: 'yargs' also builds a singleton parser of process.argv.
const yargs = createRequire(import.meta.url)('yargs/yargs') as typeof YargsFactory;

/** yargs' parsed option table: public at runtime, missing from @types/yargs. */
function optionsOf(parser: Argv): { key?: Record<string, unknown>; array: string[] } {
  return (parser as unknown as { getOptions(): { key?: Record<string, unknown>; array: string[] } }).getOptions();
}

/**
 * yargs renders the whole help text of the command it is about to run (cliui: ~5-10 ms, the
 * largest part of its cost in a short run) so that a later failure can show it. This program's
 * `.fail` never shows help, so the text is never used; `--help` renders its own when asked.
 * A yargs without this internal method just keeps its default.
 */
function skipHelpCache(parser: Argv): void {
  type Internals = { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } };
  const usage = (parser as unknown as Internals).getInternalMethods?.().getUsageInstance?.();
  if (typeof usage?.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}

/**
 * yargs-parser drops a bare `-` from positionals, so it is swapped for this token before parsing
 * and back after (`har urls - other.har` reads stdin, then other.har).
 */
const STDIN_TOKEN = '\u0000stdin';

/**
 * After parsing: `-` restored, and an option given twice that is not a list keeps its last value
 * (yargs would make it an array, which no single-value option expects).
 */
function normalizeArgs(args: Record<string, unknown>, arrayOptions: ReadonlySet<string>): void {
  for (const key of Object.keys(args)) {
    if (key === '_' || key === '$0') continue;
    let value = args[key];
    if (Array.isArray(value)) {
      value = value.map((item) => (item === STDIN_TOKEN ? '-' : item));
      if (!arrayOptions.has(key)) value = (value as unknown[])[(value as unknown[]).length - 1];
    } else if (value === STDIN_TOKEN) {
      value = '-';
    }
    args[key] = value;
  }
}

/** yargs' messages can span lines ("Invalid values:\n  Argument: …"); diagnostics are one line. */
function oneLine(message: string): string {
  return message.replace(/:\s*\n\s*/g, ': ').replace(/\s*\n\s*/g, '; ');
}

export interface ProgramSpec {
  name: string;
  usage: string;
  commands: readonly AnyHarCommand[];
  /** For a program without subcommands: its one command, declared as `$0 …`. */
  single?: AnyHarCommand;
  epilogue: string;
  /** What an exit code means for this program, where it differs from EXIT_CODE_MEANINGS. */
  exitMeanings?: Partial<Record<ExitCodeValue, string>>;
}

/** The command named on the command line (its first word that names one), for "try har CMD --help". */
function commandNamed(spec: ProgramSpec, argv: readonly string[]): string | null {
  if (spec.single) return null;
  const names = new Set(spec.commands.map((command) => command.command.split(' ')[0]));
  return argv.find((arg) => names.has(arg)) ?? null;
}

/**
 * What the user asked for, as yargs takes it: `har` alone is `har --help`, and `har help CMD`
 * is `har CMD --help` (as git, gh and npm have it).
 */
function expandedArgv(spec: ProgramSpec, argv: readonly string[]): readonly string[] {
  if (spec.single) return argv;
  if (argv.length === 0) return ['--help'];
  if (argv[0] === 'help') return [...argv.slice(1, 2), '--help'];
  return argv;
}

/** Words after which yargs shows text about every command (help, completion) or none (version). */
const LISTING_WORDS = new Set(['--help', '-h', 'help', '--version', 'completion', '--get-yargs-completions']);

/**
 * The commands yargs is told of: when the command line's first word names one and it asks for
 * no help or completion, that one alone (declaring the other twenty costs a short run ~2 ms, and yargs
 * looks no further than the command it runs); otherwise all, for help, completion and
 * "did you mean".
 */
function commandsToDeclare(spec: ProgramSpec, argv: readonly string[]): readonly AnyHarCommand[] {
  const first = argv.find((arg) => !arg.startsWith('-'));
  if (first === undefined || argv.some((arg) => LISTING_WORDS.has(arg))) return spec.commands;
  const named = spec.commands.filter((command) => command.command.split(' ')[0] === first);
  return named.length === 0 ? spec.commands : named;
}

/** A declared command as yargs takes it, its handler bound to this run's context. */
function yargsModule(command: AnyHarCommand, ctx: CommandContext): CommandModule {
  return {
    command: command.command,
    describe: command.describe,
    builder: (y) => command.builder(y) as Argv,
    handler: (args) => command.run(args as never, ctx),
  };
}

function usageMessage(message: string, parser: Argv, argv: readonly string[]): string {
  if (message.startsWith('Did you mean')) return `unknown command ${JSON.stringify(argv[0] ?? '')}. ${message}`;
  const match = /^Unknown arguments?: (.+)$/.exec(message);
  if (!match) return message;
  const known = Object.keys(optionsOf(parser).key ?? {});
  const hints = match[1]!.split(', ').map((arg) => {
    const suggestion = closest(arg.replace(/^-+/, ''), known);
    const shown = argv.includes(arg) ? arg : argv.includes(`-${arg}`) ? `-${arg}` : `--${arg}`;
    return suggestion === null ? shown : `${shown} (did you mean --${suggestion}?)`;
  });
  return `unknown argument: ${hints.join(', ')}`;
}

/**
 * Runs a program in-process and resolves to its exit code. Only this function turns errors into
 * stderr lines and exit codes; commands throw HarknifeErrors.
 */
export async function runProgram(spec: ProgramSpec, given: readonly string[], io: CliIO): Promise<number> {
  const ctx = createContext(io, spec.name);
  const argv = expandedArgv(spec, given);
  const tokens = argv.map((arg) => (arg === '-' ? STDIN_TOKEN : arg));
  let parser: Argv = yargs(tokens)
    .scriptName(spec.name)
    .usage(spec.usage)
    .parserConfiguration({ 'duplicate-arguments-array': true, 'strip-aliased': true })
    .strict()
    .help('help')
    .alias('help', 'h')
    .version(ownVersion())
    .option('color', {
      describe: 'colour and table borders: auto (a terminal, unless NO_COLOR; FORCE_COLOR forces), always, never',
      choices: COLOR_MODES,
      default: 'auto',
      requiresArg: true,
      global: true,
    })
    .wrap(io.stdoutIsTTY ? Math.min(120, io.columns) : 120)
    .epilogue(`${spec.epilogue}\n\n${exitCodesHelp(spec.exitMeanings)}`)
    .exitProcess(false)
    .middleware((args): void => {
      normalizeArgs(args as Record<string, unknown>, new Set(optionsOf(parser).array));
      ctx.color = colorFor((args['color'] as ColorMode | undefined) ?? 'auto', io);
    })
    .fail((message: string | null, error: Error | null) => {
      // yargs reports its own parse errors (YError) here too; those are usage errors.
      if (error && error.name !== 'YError') throw error;
      throw new UsageError(oneLine(message ?? error?.message ?? 'usage error'));
    });
  if (spec.single) {
    parser = parser.command(yargsModule(spec.single, ctx)).strict();
  } else {
    for (const command of commandsToDeclare(spec, argv)) parser = parser.command(yargsModule(command, ctx));
    parser = parser
      .demandCommand(1, 'a command is required')
      .recommendCommands()
      .completion('completion', 'print a bash/zsh completion script: har completion >> ~/.bashrc');
  }
  skipHelpCache(parser);
  let helpText = '';
  try {
    await parser.parseAsync(tokens, {}, (_error, _args, output) => {
      helpText = output;
    });
    if (helpText !== '') await ctx.out.write(helpText.endsWith('\n') ? helpText : `${helpText}\n`);
    await ctx.out.flush();
    stopProgress(io);
    ctx.finishWarnings();
    return ctx.answeredNo ? ExitCode.no : ExitCode.ok;
  } catch (error) {
    await ctx.out.flush();
    stopProgress(io);
    if (ctx.out.isClosed) return ExitCode.ok;
    ctx.finishWarnings();
    if (error instanceof UsageError) {
      // One line, ending with where to look: "… (see 'har urls --help')".
      const command = commandNamed(spec, argv);
      ctx.fail(`${usageMessage(error.message, parser, argv)} (see '${spec.name}${command === null ? '' : ` ${command}`} --help')`);
      return error.exitCode;
    }
    if (error instanceof HarknifeError) {
      ctx.fail(error.message);
      return error.exitCode;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return ExitCode.ok;
    // Anything else is a bug in harknife: still one line, no stack unless asked for.
    ctx.fail(`internal error: ${(error as Error).message ?? String(error)}`);
    if (io.env['HARKNIFE_DEBUG']) io.stderr.write(`${(error as Error).stack}\n`);
    return ExitCode.internal;
  }
}
