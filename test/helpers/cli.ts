import { spawnSync } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/har.js';
import type { CliIO } from '../../src/cli/io.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
}

export interface RunOptions {
  stdin?: Buffer | string;
  tty?: boolean;
  stderrTty?: boolean;
  stdinTty?: boolean;
  env?: Record<string, string>;
  columns?: number;
}

/** Runs `har` in-process with captured streams. */
export async function runHar(argv: string[], options: RunOptions = {}): Promise<RunResult> {
  return runMain(main, argv, options);
}

export async function runMain(
  entry: (argv: string[], io: CliIO) => Promise<number>,
  argv: string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const io: CliIO = {
    stdout,
    stderr,
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    stdoutIsTTY: options.tty === true,
    stderrIsTTY: options.stderrTty === true,
    stdinIsTTY: options.stdinTty === true,
    columns: options.columns ?? 100,
    env: options.env ?? {},
  };
  const code = await entry(argv, io);
  stdout.end();
  stderr.end();
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: out(), stderr: err() };
}

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const HAR_BIN = fileURLToPath(new URL('../../src/bin/har.js', import.meta.url));

/** Runs the real `har` binary in a child process (exit codes, stdin, EPIPE). */
export function spawnHar(argv: string[], input?: Buffer | string): RunResult {
  const result = spawnSync(process.execPath, [HAR_BIN, ...argv], { input, maxBuffer: 1 << 28 });
  return { code: result.status ?? -1, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8') };
}

export function fixture(...parts: string[]): string {
  return `${ROOT}test/fixtures/${parts.join('/')}`;
}
