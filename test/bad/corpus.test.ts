/**
 * The bad-input corpus (issue 13): every input in test/bad/inputs/ (made by
 * scripts/make-bad-corpus.mjs, with its expected exit code and stderr line in manifest.json),
 * plus inputs made here (truncations of the two real samples at 12 offsets each, a 600 MB sparse file,
 * /dev/null, a directory, a missing file), run through every command of the registry and
 * kernel-decode. Each run is bounded in time (worker.ts) and the workers in memory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HAR_COMMANDS } from '../../src/cli/commands/index.js';
import { ROOT } from '../helpers/cli.js';
import type { CorpusJob, CorpusResult } from './worker.js';

interface Expectation {
  exit: number;
  /** A readable input for a command with a verdict: exit 0, or 1 with its "no" line (ANSWERS_NO). */
  mayAnswerNo?: boolean;
  /** A pattern for the stderr line after "PROGRAM: FILE: " (the last line); '' means no stderr at all. */
  stderr?: string;
}
interface CorpusInput extends Expectation {
  file: string;
  commands?: Record<string, Expectation>;
}

/** How each command is run on one input (null: it reads no file); a command added to the registry must be added here. */
const ARGV: Record<string, ((file: string) => string[]) | null> = {
  activity: (f) => ['activity', '-f', 'json', f],
  cells: (f) => ['cells', '-f', 'ndjson', f],
  notebook: (f) => ['notebook', '-f', 'text', f],
  'rate-limits': (f) => ['rate-limits', f],
  record: null,
  report: (f) => ['report', f],
  timeline: (f) => ['timeline', '-f', 'ndjson', f],
  trace: (f) => ['trace', f],
  entries: (f) => ['entries', '-f', 'json', f],
  get: (f) => ['get', 'log/entries[]/request/url', f],
  pick: (f) => ['pick', '-f', 'ndjson', f],
  query: (f) => ['query', '$..url', f],
  redact: (f) => ['redact', '--salt', 'corpus', f],
  shape: (f) => ['shape', '--with-type', f],
  stats: (f) => ['stats', '-f', 'json', f],
  urls: (f) => ['urls', f],
  validate: (f) => ['validate', '-f', 'json', f],
  'ws-messages': (f) => ['ws-messages', f],
};
const PROGRAMS = [...HAR_COMMANDS.map((c) => c.name).filter((name) => ARGV[name] !== null), 'kernel-decode'];
const WORKERS = 2;
const SAMPLE_CUTS = 12;
const HEAP_MB = 768;
const PEAK_RSS = 1.5 * 2 ** 30;

const inputsDir = join(ROOT, 'test', 'bad', 'inputs');
const manifest = JSON.parse(readFileSync(join(ROOT, 'test', 'bad', 'manifest.json'), 'utf8')) as CorpusInput[];
const made = mkdtempSync(join(tmpdir(), 'harknife-corpus-'));
test.after(() => rmSync(made, { recursive: true, force: true }));

/** Inputs too big or too system-bound to commit. */
function madeInputs(): { path: string; expect: CorpusInput }[] {
  const inputs: { path: string; expect: CorpusInput }[] = [];
  const truncated: CorpusInput = { file: '', exit: 5, stderr: '^not valid JSON: .* \\(byte \\d+, line \\d+ column \\d+\\)$', commands: { 'kernel-decode': { exit: 5, stderr: '^(not valid JSON: .*|not a HAR or ws-messages NDJSON: .*)$' } } };
  for (const sample of ['notebook6-session.har', 'jupyter-server-v1.har']) {
    const bytes = readFileSync(join(ROOT, 'samples', sample));
    // 12 cuts of each real sample (24), with the 20 committed cuts of a small HAR: 44 truncations.
    for (let i = 1; i <= SAMPLE_CUTS; i++) {
      const at = Math.floor((bytes.length * i) / (SAMPLE_CUTS + 1)) + i * 7;
      const path = join(made, `${sample}.cut-${at}`);
      writeFileSync(path, bytes.subarray(0, at));
      inputs.push({ path, expect: { ...truncated, file: `${sample} cut at ${at}` } });
    }
  }
  const sparse = join(made, 'sparse-600MB.har');
  writeFileSync(sparse, '');
  truncateSync(sparse, 600 * 2 ** 20);
  inputs.push({ path: sparse, expect: { file: 'sparse-600MB.har', exit: 4, stderr: "^too big for 'query' \\(over 512 MiB.*$", commands: { entries: { exit: 5 }, get: { exit: 5 }, pick: { exit: 5 }, redact: { exit: 5 }, validate: { exit: 5 }, shape: { exit: 5 }, stats: { exit: 5 }, urls: { exit: 5 }, 'ws-messages': { exit: 5 }, 'kernel-decode': { exit: 5 } } } });
  const folder = join(made, 'a-directory.har');
  mkdirSync(folder);
  inputs.push({ path: folder, expect: { file: 'a directory', exit: 4, stderr: '^is a directory$' } });
  inputs.push({ path: join(made, 'missing.har'), expect: { file: 'a missing file', exit: 4, stderr: '^no such file$' } });
  inputs.push({ path: '/dev/null', expect: { file: '/dev/null', exit: 5, stderr: '^empty input, not JSON$' } });
  return inputs;
}

/**
 * Commands whose answer to a readable HAR may be "no" (exit 1) with this last line: validate's
 * "invalid: …" for odd fields, notebook's "no executed cells" for a HAR without a kernel session.
 */
const ANSWERS_NO: Record<string, RegExp> = { validate: /^har: invalid: /, notebook: /^har: no executed cells in the input/ };

/**
 * The session views read what kernel-decode reads (a HAR or ws-messages NDJSON, sniffed from the
 * first bytes): kernel-decode's exit code and failure line hold for them; their own warnings differ.
 */
const READS_LIKE_KERNEL_DECODE = new Set(['activity', 'cells', 'notebook', 'rate-limits', 'report', 'timeline', 'trace']);

function expectationFor(input: CorpusInput, program: string): Expectation {
  let expected = input.commands?.[program] ?? { exit: input.exit, ...(input.stderr === undefined ? {} : { stderr: input.stderr }) };
  if (READS_LIKE_KERNEL_DECODE.has(program)) {
    const like = expectationFor(input, 'kernel-decode');
    expected = like.exit === 0 ? { exit: 0 } : like;
  }
  if (ANSWERS_NO[program] !== undefined && expected.exit === 0) return { exit: 0, mayAnswerNo: true };
  return expected;
}

async function runWorker(jobs: CorpusJob[]): Promise<{ results: CorpusResult[]; exit: number | null; stderr: string }> {
  const jobFile = join(made, `jobs-${jobs[0]?.id ?? 0}.json`);
  writeFileSync(jobFile, JSON.stringify(jobs));
  const worker = fileURLToPath(new URL('./worker.js', import.meta.url));
  const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, worker, jobFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Generous: the machine may be shared; a single run is bounded by the worker's own 20 s deadline.
  const timer = setTimeout(() => child.kill('SIGKILL'), 480_000);
  const exit = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  const results = stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as CorpusResult);
  return { results, exit, stderr };
}

test('bad-input corpus: at least 150 committed inputs, and every registered command has a corpus command line', () => {
  assert.ok(manifest.length >= 150, `${manifest.length} inputs`);
  for (const { name } of HAR_COMMANDS) assert.ok(ARGV[name] !== undefined, `test/bad/corpus.test.ts has no command line for har ${name}`);
});

test('bad-input corpus: every command gives the expected exit code and stderr line, in bounded time and memory', { timeout: 600_000 }, async (t) => {
  const inputs = [...manifest.map((input) => ({ path: join(inputsDir, input.file), expect: input })), ...madeInputs()];
  const jobs: (CorpusJob & { expect: Expectation; label: string; path: string })[] = [];
  for (const { path, expect } of inputs) {
    for (const program of PROGRAMS) {
      const argv = program === 'kernel-decode' ? [path] : ARGV[program]!(path);
      jobs.push({ id: jobs.length, program: program === 'kernel-decode' ? 'kernel-decode' : 'har', argv, expect: expectationFor(expect, program), label: `${program} ${expect.file}`, path });
    }
  }
  const shares = Array.from({ length: WORKERS }, (_, w) => jobs.filter((_, i) => i % WORKERS === w).map(({ id, program, argv }) => ({ id, program, argv })));
  const runs = await Promise.all(shares.map(runWorker));
  const results = new Map(runs.flatMap((run) => run.results).map((result) => [result.id, result]));
  const failures: string[] = [];
  for (const job of jobs) {
    const result = results.get(job.id);
    if (result === undefined) {
      failures.push(`${job.label}: no result (worker died: ${runs.map((r) => `exit ${r.exit} ${r.stderr.slice(0, 300)}`).join('; ')})`);
      continue;
    }
    const name = job.program === 'kernel-decode' ? 'kernel-decode' : 'har';
    const lines = result.stderr.split('\n').filter((line) => line !== '');
    const problems: string[] = [];
    const answer = ANSWERS_NO[job.label.split(' ')[0]!];
    if (job.expect.mayAnswerNo === true && result.code === 1 && answer !== undefined) {
      if (!lines.some((line) => answer.test(line))) problems.push(`exit 1 without its answer line ${answer}`);
      if (problems.length > 0) failures.push(`${job.label}: ${problems.join('; ')}`);
      continue;
    }
    if (result.code !== job.expect.exit) problems.push(`exit ${result.code}, expected ${job.expect.exit}`);
    if (/\n\s+at |internal error|Cannot read prop/.test(result.stderr)) problems.push('a stack trace or an internal error');
    if (lines.length > 12) problems.push(`${lines.length} stderr lines (warnings are capped)`);
    if (result.code > 1 && lines.length !== 1) problems.push(`${lines.length} stderr lines for a failure (one expected)`);
    if (job.expect.stderr === '') {
      if (lines.length > 0) problems.push('stderr expected empty');
    } else if (job.expect.stderr !== undefined) {
      const last = lines[lines.length - 1] ?? '';
      const prefix = `${name}: ${job.path}: `;
      const said = last.startsWith(prefix) ? last.slice(prefix.length) : last.startsWith(`${name}: `) ? last.slice(name.length + 2) : last;
      if (!new RegExp(job.expect.stderr).test(said)) problems.push(`stderr ${JSON.stringify(said)} does not match /${job.expect.stderr}/`);
    }
    if (result.rss > PEAK_RSS) problems.push(`RSS ${Math.round(result.rss / 2 ** 20)} MiB`);
    if (problems.length > 0) failures.push(`${job.label}: ${problems.join('; ')} [stderr: ${JSON.stringify(result.stderr.slice(0, 200))}]`);
  }
  const slowest = [...results.values()].sort((a, b) => b.ms - a.ms).slice(0, 5);
  t.diagnostic(`${jobs.length} runs; slowest: ${slowest.map((r) => `${jobs[r.id]!.label} ${r.ms} ms`).join(', ')}; peak RSS ${Math.round(Math.max(...[...results.values()].map((r) => r.rss)) / 2 ** 20)} MiB`);
  assert.equal(failures.length, 0, `${failures.length} of ${jobs.length} runs:\n${failures.slice(0, 60).join('\n')}`);
  assert.ok(jobs.length >= 150 * PROGRAMS.length);
});
