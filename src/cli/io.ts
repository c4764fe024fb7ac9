import type { Readable, Writable } from 'node:stream';
import { Output } from '../write/output.js';
import { clearProgress } from './progress.js';

/** Everything a command may touch of the process, so tests can run commands in-process. */
export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** A terminal on stdin means nobody piped a HAR in. */
  stdinIsTTY: boolean;
  columns: number;
  env: Record<string, string | undefined>;
}

export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
    columns: process.stdout.columns ?? 80,
    env: process.env,
  };
}

/** Per-run helpers handed to every command. */
export interface CommandContext {
  io: CliIO;
  out: Output;
  /** Colour only on a terminal and never with NO_COLOR. */
  color: boolean;
  /** A diagnostic line on stderr, prefixed with the program name. */
  warn(message: string): void;
  /** The command ran fine and the answer is "no" (differences found, --strict failures): exit 1. */
  answerNo(): void;
  readonly answeredNo: boolean;
}

export function createContext(io: CliIO, program: string): CommandContext {
  const noColor = io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '';
  let answeredNo = false;
  return {
    io,
    out: new Output(io.stdout, io.stdoutIsTTY, io.columns),
    color: io.stdoutIsTTY && !noColor,
    warn: (message) => {
      clearProgress(io);
      io.stderr.write(`${program}: ${message}\n`);
    },
    answerNo: () => {
      answeredNo = true;
    },
    get answeredNo() {
      return answeredNo;
    },
  };
}
