import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runHar } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'harknife-report-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const SAMPLE = `${ROOT}samples/notebook6-session.har`;

test('har report FILE -o OUT writes one page; without -o it goes to a non-terminal stdout', async () => {
  const out = join(dir, 'r.html');
  const written = await runHar(['report', SAMPLE, '-o', out]);
  assert.deepEqual([written.code, written.stdout, written.stderr], [0, '', '']);
  const piped = await runHar(['report', SAMPLE]);
  assert.equal(piped.code, 0);
  assert.equal(piped.stdout, readFileSync(out, 'utf8'));
  assert.match(piped.stdout, /^<!doctype html>\n<html lang="en">/);
  assert.match(piped.stdout, /<\/html>\n$/);
});

test('har report on `har ws-messages` NDJSON: the kernel side without HTTP entries', async () => {
  const ndjson = join(dir, 'frames.ndjson');
  writeFileSync(ndjson, (await runHar(['ws-messages', SAMPLE])).stdout);
  const run = await runHar(['report', ndjson]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /<b>0<\/b> entries/);
  assert.match(run.stdout, /<b>13<\/b> cells/);
  assert.match(run.stdout, /ws-messages` NDJSON \(no HTTP entries\)/);
});

test('har report: usage errors and bad input exit with their codes and one line', async () => {
  const cases: [string[], number, RegExp, { stdin?: string; tty?: boolean }?][] = [
    [['report', SAMPLE], 2, /write it with -o FILE.html, or redirect stdout/, { tty: true }],
    [['report', '-'], 2, /stdin cannot be read again/, { stdin: '{}' }],
    [['report', join(dir, 'missing.har'), '-o', join(dir, 'x.html')], 4, /missing.har: no such file/],
    [['report', `${ROOT}package.json`, '-o', join(dir, 'x.html')], 5, /not a HAR/],
    [['report', SAMPLE, '-o', join(dir, 'no-such-dir', 'x.html')], 70, /no-such-dir\/x.html: cannot write \(ENOENT\)/],
  ];
  for (const [argv, code, message, options] of cases) {
    const target = argv[argv.indexOf('-o') + 1];
    const run = await runHar(argv, options ?? {});
    assert.equal(run.code, code, `${argv.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.ok(!run.stderr.includes('    at '), 'no stack trace');
    if (argv.includes('-o') && target !== undefined) assert.ok(!existsSync(target), `no half page left at ${target}`);
  }
});
