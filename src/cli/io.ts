import { fstatSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Readable, Writable } from 'node:stream';
import { Output, type OutputStream } from '../write/output.js';
import { isNullDevice } from '../util/devices.js';
import { visibleLines, visibleText } from '../write/terminal-text.js';
import { clearProgress, stopProgress } from './progress.js';
import { StdoutSink } from './stdout.js';

/** Everything a command may touch of the process, so tests can run commands in-process. */
export interface CliIO {
  stdout: OutputStream;
  stderr: Writable;
  /**
   * Standard input for a prompt or a reader; null for the process's own, which the readers take
   * from its descriptor (src/read/input.ts) and a prompt from process.stdin.
   */
  stdin: Readable | null;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** A terminal on stdin means nobody piped a HAR in. */
  stdinIsTTY: boolean;
  columns: number;
  env: Record<string, string | undefined>;
  /** Files at least this big get a progress line on a terminal (tests lower it). */
  progressMinBytes?: number;
  /** Told how many bytes of the process's standard input were read so far (cli/start.ts). */
  onStdinRead?: (bytesRead: number) => void;
}

/**
 * The process's streams. Node builds process.stdin, process.stdout and process.stderr when first
 * read (~3 ms each at start-up, with node:net for a pipe): stdout is written on its descriptor
 * (StdoutSink), stdin is read from its descriptor, stderr is a getter, and whether a stream is a
 * terminal is asked of its file descriptor, for stdin and stderr only when a command wants to know.
 */
export function processIO(): CliIO {
  const stdoutIsTTY = isTerminal(1);
  let stderrIsTTY: boolean | undefined;
  let stdinIsTTY: boolean | undefined;
  return {
    stdout: new StdoutSink(1, () => process.stdout, stdoutIsTTY),
    get stderr(): Writable {
      return process.stderr;
    },
    stdin: null,
    stdoutIsTTY,
    get stderrIsTTY(): boolean {
      return (stderrIsTTY ??= isTerminal(2));
    },
    get stdinIsTTY(): boolean {
      return (stdinIsTTY ??= isTerminal(0));
    },
    columns: (stdoutIsTTY ? process.stdout.columns : undefined) ?? 80,
    env: process.env,
  };
}

/**
 * Is `fd` a terminal? A terminal is a character device, so a pipe or a file is not one, nor is the
 * null device (where benchmarks and cron jobs send output); those are told by fstat alone. Only
 * another character device is asked of node:tty, whose load brings node:net (timed at 6-10 ms
 * inside a start-up, about 2 ms of a whole short run; bench/notes.md, "sixth pass").
 */
function isTerminal(fd: number): boolean {
  let device: number;
  try {
    const stat = fstatSync(fd);
    if (!stat.isCharacterDevice()) return false;
    device = stat.rdev;
  } catch {
    // A closed descriptor is no terminal.
    return false;
  }
  if (isNullDevice(device)) return false;
  return (createRequire(import.meta.url)('node:tty') as typeof import('node:tty')).isatty(fd);
}

export type ColorMode = 'auto' | 'always' | 'never';
export const COLOR_MODES: readonly ColorMode[] = ['auto', 'always', 'never'];

/**
 * Colour for `--color MODE`: always and never are what they say; auto is colour on a terminal,
 * unless NO_COLOR is set (no-color.org), or forced by FORCE_COLOR (other than 0/false).
 */
export function colorFor(mode: ColorMode, io: CliIO): boolean {
  if (mode !== 'auto') return mode === 'always';
  const set = (name: string) => io.env[name] !== undefined && io.env[name] !== '';
  if (set('NO_COLOR')) return false;
  if (set('FORCE_COLOR')) return io.env['FORCE_COLOR'] !== '0' && io.env['FORCE_COLOR'] !== 'false';
  return io.stdoutIsTTY;
}

/**
 * Warnings printed before the rest are only counted: 10,000 bad frames make ten lines and a
 * summary, not 10,001 lines.
 */
export const WARNING_CAP = 10;

/** Per-run helpers handed to every command. */
export interface CommandContext {
  io: CliIO;
  out: Output;
  /** Colour (and table borders): see colorFor; set from --color before a command runs. */
  color: boolean;
  /** A diagnostic line on stderr, prefixed with the program name; past WARNING_CAP only counted. */
  warn(message: string): void;
  /** The fatal error line: always printed. */
  fail(message: string): void;
  /** A closing summary (counts of what was skipped): always printed, never capped. */
  note(message: string): void;
  /** The summary of warnings not shown, if any were held back. */
  finishWarnings(): void;
  /** The command ran fine and the answer is "no" (differences found, --strict failures, -e and nothing selected): exit 1. */
  answerNo(): void;
  readonly answeredNo: boolean;
}

export function createContext(io: CliIO, program: string): CommandContext {
  let answeredNo = false;
  let warnings = 0;
  const line = (message: string, lines = false) => {
    clearProgress(io);
    // File names and values from data may hold control characters: never raw to a terminal.
    io.stderr.write(`${program}: ${lines ? visibleLines(message) : visibleText(message)}\n`);
  };
  const ctx: CommandContext = {
    io,
    // The process's own stdout keeps no chunk once written: see Output.
    out: new Output(io.stdout, io.stdoutIsTTY, io.columns, () => stopProgress(io), io.stdout instanceof StdoutSink),
    color: colorFor('auto', io),
    warn: (message) => {
      if (++warnings <= WARNING_CAP) line(message);
    },
    // A fatal message may be a list on purpose (har record's tabs to choose from); still escaped.
    fail: (message) => line(message, true),
    note: (message) => line(message),
    finishWarnings: () => {
      const hidden = warnings - WARNING_CAP;
      if (hidden > 0) line(`${hidden} more warning${hidden === 1 ? '' : 's'} not shown (${warnings} in all)`);
      warnings = 0;
    },
    answerNo: () => {
      answeredNo = true;
    },
    get answeredNo() {
      return answeredNo;
    },
  };
  return ctx;
}
