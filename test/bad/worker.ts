/**
 * Runs a share of the bad-input corpus in-process, one command run after another, and prints one
 * JSON result per run. Its parent (corpus.test.ts) starts it with a heap limit and a deadline,
 * so a run that hangs or grows without bound fails the test instead of the machine.
 */
import { readFileSync } from 'node:fs';
import { main as harMain } from '../../src/cli/har.js';
import { main as kernelDecodeMain } from '../../src/cli/kernel-decode.js';
import { runMain } from '../helpers/cli.js';

export interface CorpusJob {
  id: number;
  program: 'har' | 'kernel-decode';
  argv: string[];
}

export interface CorpusResult {
  id: number;
  code: number;
  stderr: string;
  stdoutBytes: number;
  ms: number;
  rss: number;
}

const RUN_TIMEOUT_MS = 20_000;

// `node --test dist/test/` loads every file under test/: without a job file this is not a worker run.
if (process.argv[2] === undefined) process.exit(0);
const jobs = JSON.parse(readFileSync(process.argv[2], 'utf8')) as CorpusJob[];
for (const job of jobs) {
  const started = Date.now();
  const run = runMain(job.program === 'har' ? harMain : kernelDecodeMain, job.argv);
  const timeout = new Promise<null>((resolve) => setTimeout(resolve, RUN_TIMEOUT_MS, null).unref());
  const result = await Promise.race([run, timeout]);
  const rss = process.memoryUsage().rss;
  const line: CorpusResult =
    result === null
      ? { id: job.id, code: -1, stderr: `timed out after ${RUN_TIMEOUT_MS} ms`, stdoutBytes: 0, ms: Date.now() - started, rss }
      : { id: job.id, code: result.code, stderr: result.stderr, stdoutBytes: Buffer.byteLength(result.stdout), ms: Date.now() - started, rss };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  if (result === null) process.exit(0);
}
process.exit(0);
