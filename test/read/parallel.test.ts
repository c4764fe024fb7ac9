/**
 * The two-thread read (src/read/parallel.ts) against the one-thread reader, forced on small
 * pretty-printed files (parallelFrom: 0): the same entries with the same indexes, the same
 * warnings in the same order, the same error, and the same entries handed out before it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HarknifeError } from '../../src/errors.js';
import { filteredEntries } from '../../src/read/entries.js';
import { PARALLEL_READ_CHANNEL } from '../../src/read/parallel.js';
import { planSplit } from '../../src/read/split.js';
import { ROOT } from '../helpers/cli.js';

const SAMPLES = readdirSync(join(ROOT, 'samples')).filter((name) => name.endsWith('.har'));
const V1 = join(ROOT, 'samples', 'jupyter-server-v1.har');
const dir = mkdtempSync(join(tmpdir(), 'harknife-parallel-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  entries: string[];
  warnings: string[];
  error: string | null;
  threads: number | null;
}

/** Everything a reader of `path` sees, in order; `stopAfter` leaves early as --limit does. */
async function readAll(path: string, parallel: boolean, fields: string[][] | null, options: { fieldLimit?: number; stopAfter?: number } = {}): Promise<Outcome> {
  const outcome: Outcome = { entries: [], warnings: [], error: null, threads: null };
  const onRead = (message: unknown) => {
    if ((message as { file: string }).file === path) outcome.threads = (message as { threads: number }).threads;
  };
  subscribe(PARALLEL_READ_CHANNEL, onRead);
  try {
    const limit = options.fieldLimit === undefined ? {} : { fieldLimit: options.fieldLimit };
    const reads = filteredEntries([{ name: path, path }], {}, { fields, onWarning: (w) => outcome.warnings.push(w), ...(parallel ? { parallelFrom: 0 } : {}), ...limit });
    for await (const item of reads) {
      outcome.entries.push(`${item.index} ${JSON.stringify(item.entry)}`);
      if (outcome.entries.length === options.stopAfter) break;
    }
  } catch (error) {
    if (!(error instanceof HarknifeError)) throw error;
    outcome.error = `${error.name} ${error.exitCode} ${error.message}`;
  } finally {
    unsubscribe(PARALLEL_READ_CHANNEL, onRead);
  }
  return outcome;
}

/** Reads `path` both ways and asserts the same outcome; returns it (threads: how the parallel read went). */
async function sameBothWays(path: string, fields: string[][] | null = [['request', 'url']], options: { fieldLimit?: number; stopAfter?: number } = {}): Promise<Outcome> {
  const one = await readAll(path, false, fields, options);
  const two = await readAll(path, true, fields, options);
  assert.equal(one.threads, null);
  assert.equal(two.error, one.error);
  assert.deepEqual(two.warnings, one.warnings);
  assert.equal(two.entries.length, one.entries.length);
  assert.deepEqual(two.entries, one.entries);
  return two;
}

function write(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const v1Text = readFileSync(V1, 'utf8');
const v1 = JSON.parse(v1Text) as { log: { entries: unknown[]; [key: string]: unknown } };

for (const sample of SAMPLES) {
  test(`${sample}: two threads give what one gives (urls, pick's fields, whole entries)`, async () => {
    const path = join(ROOT, 'samples', sample);
    assert.notEqual(await planSplit({ name: path, path }, 0), null, 'a real export is pretty-printed: it can be cut');
    for (const fields of [[['request', 'url']], [['startedDateTime'], ['request', 'method'], ['response', 'status'], ['time']], null]) {
      const outcome = await sameBothWays(path, fields);
      assert.equal(outcome.threads, 2);
      assert.ok(outcome.entries.length > 0);
    }
  });
}

test('the cut is a line that opens an entry, past the middle', async () => {
  const plan = (await planSplit({ name: V1, path: V1 }, 0))!;
  assert.ok(plan.start > v1Text.length / 2);
  assert.equal(v1Text.slice(plan.start, plan.start + 8), '      {\n');
  assert.equal(v1Text.slice(plan.start - 9, plan.start), '      },\n');
});

test('not cut: compact JSON, gzip, a small file below the size asked, stdin', async () => {
  const compact = write('compact.har', JSON.stringify(v1));
  assert.equal(await planSplit({ name: compact, path: compact }, 0), null);
  assert.equal(await planSplit({ name: V1, path: V1 }, 64 * 2 ** 20), null);
  assert.equal(await planSplit({ name: '<stdin>', path: null }, 0), null);
  // A FIFO is not opened (that would take the bytes meant for the read, or wait for a writer).
  const fifo = join(dir, 'fifo.har');
  execFileSync('mkfifo', [fifo]);
  assert.equal(await planSplit({ name: fifo, path: fifo }, 0), null);
  const gz = join(ROOT, 'test', 'fixtures');
  const gzFile = readdirSync(gz, { recursive: true }).map(String).find((f) => f.endsWith('.gz'));
  if (gzFile !== undefined) assert.equal(await planSplit({ name: gzFile, path: join(gz, gzFile) }, 0), null);
  const outcome = await sameBothWays(compact);
  assert.equal(outcome.threads, null);
});

/** A byte offset in the second half of `text`, in its last entries, on a `"url": ` key. */
function secondHalfUrl(text: string, fraction: number): number {
  return text.indexOf('"url": ', Math.floor(text.length * fraction));
}

test('a syntax error in the second half: the same message and place, the same entries before it', async () => {
  for (const fraction of [0.6, 0.75, 0.99]) {
    const at = secondHalfUrl(v1Text, fraction);
    const path = write(`syntax-${fraction}.har`, `${v1Text.slice(0, at + 5)};${v1Text.slice(at + 6)}`);
    const outcome = await sameBothWays(path);
    assert.equal(outcome.threads, 2);
    assert.match(outcome.error!, /^FormatError 5 .*: not valid JSON: Unexpected ";", expected ":" \(byte \d+, line \d+ column \d+\)$/);
  }
});

test('an error just after the cut, in the chunk the cut falls in: the entries of that chunk are not handed out', async () => {
  const plan = (await planSplit({ name: V1, path: V1 }, 0))!;
  const at = v1Text.indexOf('"url": ', plan.start);
  const path = write('after-cut.har', `${v1Text.slice(0, at + 5)};${v1Text.slice(at + 6)}`);
  const outcome = await sameBothWays(path);
  assert.equal(outcome.threads, 2);
  assert.match(outcome.error!, /Unexpected ";"/);
  // An error just before the cut is the first thread's own.
  const before = v1Text.lastIndexOf('"url": ', plan.start);
  const early = await sameBothWays(write('before-cut.har', `${v1Text.slice(0, before + 5)};${v1Text.slice(before + 6)}`));
  assert.match(early.error!, /Unexpected ";"/);
});

test('a file cut short in the second half: the end of input at the same byte', async () => {
  const plan = (await planSplit({ name: V1, path: V1 }, 0))!;
  const outcome = await sameBothWays(write('truncated.har', v1Text.slice(0, plan.start + Math.floor((v1Text.length - plan.start) / 2))));
  assert.equal(outcome.threads, 2);
  assert.match(outcome.error!, /Unexpected end of JSON input \(byte \d+, line \d+ column \d+\)$/);
});

test('bad entries in both halves: warnings with the same indexes, in order; a key twice is said once per file', async () => {
  const entries = [...v1.log.entries];
  const n = entries.length;
  entries[2] = 42;
  entries[n - 3] = [1, 2];
  entries[n - 1] = 'not an entry';
  const text = JSON.stringify({ ...v1, log: { ...v1.log, entries } }, null, 2);
  const outcome = await sameBothWays(write('bad-entries.har', text));
  assert.equal(outcome.threads, 2);
  assert.equal(outcome.warnings.length, 3);
  assert.match(outcome.warnings[1]!, new RegExp(`log\\.entries\\[${n - 3}\\] is not an object; skipped$`));
  // A key twice in an entry of each half: only the first is said.
  const late = text.lastIndexOf('"request": {');
  const early = text.indexOf('"request": {', 1000);
  // Inside `request`, read for its url: keys the projection skips are not looked at.
  const twice = (t: string, at: number) => `${t.slice(0, at + 12)}"url": "twice", ${t.slice(at + 12)}`;
  const lateOnly = await sameBothWays(write('dup-late.har', twice(text, late)));
  assert.equal(lateOnly.warnings.length, 4);
  assert.equal(lateOnly.warnings.filter((w) => /log\.entries\[\d+\] has the key "url" twice/.test(w)).length, 1);
  const both = await sameBothWays(write('dup-both.har', twice(twice(text, late), early)));
  assert.equal(both.warnings.filter((w) => w.includes('twice')).length, 1);
});

test('after log.entries: a log key given again, a second "log", trailing bytes', async () => {
  const end = v1Text.lastIndexOf(']');
  const withVersion = `${v1Text.slice(0, end + 1)},\n    "version": "again"${v1Text.slice(end + 1)}`;
  const version = await sameBothWays(write('version-twice.har', withVersion));
  assert.equal(version.threads, 2);
  assert.match(version.warnings.at(-1)!, /log has the key "version" twice/);
  const close = v1Text.lastIndexOf('}');
  const secondLog = await sameBothWays(write('log-twice.har', `${v1Text.slice(0, close)},\n  "log": {}\n}\n`));
  assert.match(secondLog.error!, /"log" appears twice/);
  const trailing = await sameBothWays(write('trailing.har', `${v1Text}\n{}`));
  assert.match(trailing.error!, /after the end of the JSON value/);
});

test('a field over the limit in the second half: left out with the same warning', async () => {
  const outcome = await sameBothWays(V1, [['request', 'url'], ['response', 'content', 'text']], { fieldLimit: 2000 });
  assert.equal(outcome.threads, 2);
  assert.ok(outcome.warnings.some((w) => /log\.entries\[\d+\]\.response\.content\.text is \d+ bytes, too large to read; left out$/.test(w)));
});

test('BOM, CRLF line ends, four-space and tab indentation', async () => {
  const four = JSON.stringify(v1, null, 4);
  const tabs = JSON.stringify(v1, null, '\t');
  const at = secondHalfUrl(four, 0.8);
  const cases = {
    'bom.har': `\ufeff${v1Text.slice(0, secondHalfUrl(v1Text, 0.8) + 5)};${v1Text.slice(secondHalfUrl(v1Text, 0.8) + 6)}`,
    'crlf.har': v1Text.replaceAll('\n', '\r\n'),
    'four.har': `${four.slice(0, at + 5)};${four.slice(at + 6)}`,
    'tabs.har': tabs,
  };
  for (const [name, text] of Object.entries(cases)) {
    const outcome = await sameBothWays(write(name, text));
    assert.equal(outcome.threads, 2, name);
  }
});

test('indentation that lies: the first thread is not between two entries at the cut and reads on alone', async () => {
  // Each entry holds a list whose objects are written at the indentation of entries.
  const entry = (i: number) => `{"request": {"url": "u${i}"}, "list": [\n      {\n"k": ${i}\n      },\n      {\n"k": 0\n      }\n]}`;
  const text = `{\n  "log": {\n    "entries": [${Array.from({ length: 4000 }, (_, i) => entry(i)).join(', ')}]\n  }\n}\n`;
  const path = write('lies.har', text);
  assert.notEqual(await planSplit({ name: path, path }, 0), null);
  const outcome = await sameBothWays(path);
  assert.equal(outcome.threads, 1);
  assert.equal(outcome.entries.length, 4000);
  const bad = await sameBothWays(write('lies-bad.har', text.replace('"u3900"', '"u3900" x')));
  assert.match(bad.error!, /Unexpected "x"/);
});

test('a reader that stops early (--limit) stops the worker too', async () => {
  const outcome = await sameBothWays(V1, [['request', 'url']], { stopAfter: 3 });
  assert.equal(outcome.entries.length, 3);
  const late = await sameBothWays(V1, [['request', 'url']], { stopAfter: v1.log.entries.length - 2 });
  assert.equal(late.threads, 2);
});
