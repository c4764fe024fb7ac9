/**
 * Commands that read entries, run with the two-thread read forced on small files
 * (HARKNIFE_PARALLEL_MIN_BYTES=0) and without it: the same stdout, stderr and exit code, for the
 * compiled modules and for the bundled bin (which starts dist/bin/scan-worker.cjs), on the real
 * samples, truncations of them and the bad-input corpus.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runHar, type RunResult } from '../helpers/cli.js';

const FORCED = { HARKNIFE_PARALLEL_MIN_BYTES: '0' };
const SAMPLES = ['jupyter-server-v1.har', 'notebook6-session.har', 'jupyter-server-limits.playwright.har'].map((name) => join(ROOT, 'samples', name));
const COMMANDS: ((file: string) => string[])[] = [
  (f) => ['urls', '--raw', f],
  (f) => ['pick', '--format', 'tsv', f],
  (f) => ['entries', '--format', 'json', f],
  (f) => ['stats', '--format', 'json', f],
  (f) => ['urls', '--limit', '5', f],
];
const made = mkdtempSync(join(tmpdir(), 'harknife-parallel-bin-'));
test.after(() => rmSync(made, { recursive: true, force: true }));

/** Truncations of the real samples (pretty-printed, so cut), most of them in the second half. */
function truncations(): string[] {
  const paths: string[] = [];
  for (const sample of SAMPLES.slice(0, 2)) {
    const bytes = readFileSync(sample);
    for (let i = 1; i <= 12; i++) {
      const path = join(made, `cut-${i}-${sample.split('/').at(-1)}`);
      writeFileSync(path, bytes.subarray(0, Math.floor((bytes.length * i) / 13) + i * 7));
      paths.push(path);
    }
  }
  return paths;
}

function assertSame(got: RunResult, expected: RunResult, what: string): void {
  assert.equal(got.code, expected.code, `${what}: ${got.stderr}`);
  assert.equal(got.stderr, expected.stderr, what);
  assert.equal(got.stdout, expected.stdout, what);
}

test('compiled modules: two threads give the one-thread output on the samples and truncations of them', async () => {
  for (const file of [...SAMPLES, ...truncations()]) {
    for (const argv of COMMANDS.map((command) => command(file))) {
      const one = await runHar(argv);
      const two = await runHar(argv, { env: FORCED });
      assertSame(two, one, argv.join(' '));
    }
  }
});

test('compiled modules: the bad-input corpus gives the same exit code and stderr with the two-thread read forced', async () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'test', 'bad', 'manifest.json'), 'utf8')) as { file: string }[];
  for (const { file } of manifest) {
    const path = join(ROOT, 'test', 'bad', 'inputs', file);
    for (const argv of [COMMANDS[0]!(path), COMMANDS[1]!(path)]) assertSame(await runHar(argv, { env: FORCED }), await runHar(argv), argv.join(' '));
  }
});

function spawnBundle(bin: string, argv: string[]): RunResult {
  const r = spawnSync(process.execPath, [bin, ...argv], { cwd: ROOT, maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1', ...FORCED } });
  return { code: r.status ?? -1, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

test('the bundled bin: two threads give what the compiled modules give on one', async () => {
  const bin = join(ROOT, 'dist', 'bin', 'har.cjs');
  for (const file of [...SAMPLES, ...truncations().filter((_, i) => i % 4 === 3)]) {
    for (const argv of [COMMANDS[0]!(file), COMMANDS[1]!(file)]) assertSame(spawnBundle(bin, argv), await runHar(argv), argv.join(' '));
  }
});

test('the bundled bin really starts its worker: without dist/bin/scan-worker.cjs beside it, a forced parallel read is a bug (exit 70)', () => {
  const copy = join(made, 'bin');
  cpSync(join(ROOT, 'dist', 'bin'), copy, { recursive: true, filter: (source) => !source.endsWith('scan-worker.cjs') });
  const broken = spawnBundle(join(copy, 'har.cjs'), ['urls', '--raw', SAMPLES[0]!]);
  assert.equal(broken.code, 70, broken.stderr);
  assert.match(broken.stderr, /internal error/);
  const small = spawnSync(process.execPath, [join(copy, 'har.cjs'), 'urls', '--raw', SAMPLES[0]!], { cwd: ROOT });
  assert.equal(small.status, 0, 'below the size, one thread: no worker needed');
});
