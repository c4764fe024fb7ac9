import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fixture, runHar, spawnHar } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'harknife-bad-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const SAMPLE_BYTES = readFileSync(fixture('dictknife-jqfpy', 'sample.har'));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const gzipped = gzipSync(SAMPLE_BYTES);
const corruptGzip = Buffer.from(gzipped);
corruptGzip.fill(0x41, 20, 60);

/** [case, file, exit code, stderr after "har: FILE: "] */
const CASES: [string, string, number, RegExp][] = [
  ['missing file', join(dir, 'nope.har'), 4, /^no such file$/],
  ['a directory', dir, 4, /^is a directory$/],
  ['empty file', file('empty.har', ''), 5, /^empty input, not JSON$/],
  ['not JSON', file('text.har', 'hello world\n'), 5, /^not valid JSON: Unexpected "h", expected a value \(byte 0, line 1 column 1\)$/],
  ['truncated JSON', file('truncated.har', SAMPLE_BYTES.subarray(0, 700)), 5, /^not valid JSON: Unexpected end of JSON input \(byte 700, line \d+ column \d+\)$/],
  ['binary garbage', file('garbage.har', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3])), 5, /^not valid JSON: Unexpected byte 0x89, expected a value \(byte 0/],
  ['JSON that is not a HAR', file('other.json', '{"name":"x","items":[1,2]}'), 5, /^not a HAR: no "log" object at the top level$/],
  ['log without entries', file('noentries.har', '{"log":{"version":"1.2"}}'), 5, /^not a HAR: no "log.entries" array$/],
  ['entries not an array', file('entriesobj.har', '{"log":{"entries":{}}}'), 5, /^not a HAR: "log.entries" is not an array$/],
  ['a top-level array', file('array.json', '[{"log":{}}]'), 5, /^not a HAR: the top-level value is an array, not an object$/],
  ['corrupt gzip', file('corrupt.har.gz', corruptGzip), 4, /^corrupt gzip data \(.+\)$/],
  ['a JSON error on a later line', file('late.har', '{"log":{\n"entries":[\n{"request":{"url":"a"}},\n{"request":{"url" "b"}}]}}'), 5, /line 4 column 19\)$/],
];

for (const [name, path, code, message] of CASES) {
  test(`bad input, ${name}: one line "har: FILE: what (where)", exit ${code}`, async () => {
    for (const command of [['urls', '--raw'], ['pick', '--format', 'ndjson'], ['entries', '--format', 'json'], ['stats', '--format', 'json']]) {
      const result = await runHar([...command, path]);
      assert.equal(result.code, code, `${command[0]}: ${result.stderr}`);
      const lines = result.stderr.split('\n').filter((l) => l !== '');
      assert.equal(lines.length, 1, result.stderr);
      const prefix = `har: ${path}: `;
      assert.ok(lines[0]!.startsWith(prefix), lines[0]);
      assert.match(lines[0]!.slice(prefix.length), message);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    }
  });
}

test('unreadable file (no permission) exits 4', { skip: process.getuid?.() === 0 ? 'running as root, which can read anything' : false }, async () => {
  const path = file('secret.har', SAMPLE_BYTES);
  chmodSync(path, 0o000);
  const result = await runHar(['urls', path]);
  assert.equal(result.code, 4);
  assert.match(result.stderr, /permission denied/);
});

test('gzip (by magic bytes, any name) and a UTF-8 BOM are read transparently', async () => {
  const expected = (await runHar(['urls', '--raw', fixture('dictknife-jqfpy', 'sample.har')])).stdout;
  assert.equal(expected.split('\n').length, 4);
  for (const path of [
    file('sample.har.gz', gzipped),
    file('gzip-without-extension.har', gzipped),
    file('bom.har', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), SAMPLE_BYTES])),
    file('bom.har.gz', gzipSync(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), SAMPLE_BYTES]))),
  ]) {
    const result = await runHar(['urls', '--raw', path]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, expected, path);
  }
});

test('streamed output already written stays whole records when the input breaks later', async () => {
  const entries = Array.from({ length: 3000 }, (_, i) => ({ request: { url: `https://x.test/${i}`, method: 'GET' }, response: { status: 200 } }));
  const text = JSON.stringify({ log: { version: '1.2', entries } });
  const path = file('cut.har', text.slice(0, Math.floor(text.length * 0.8)));
  const result = spawnHar(['pick', '--format', 'ndjson', path]);
  assert.equal(result.code, 5);
  const lines = result.stdout.split('\n');
  assert.equal(lines.pop(), '', 'output ends with a complete line');
  assert.ok(lines.length > 1000, `${lines.length} records before the error`);
  for (const line of lines) JSON.parse(line);
  assert.match(result.stderr, /^har: .*cut\.har: not valid JSON: Unexpected end of JSON input/);
});

test('a bad entry inside a good file is reported and skipped, not fatal', async () => {
  const path = file('badentry.har', '{"log":{"entries":[{"request":{"url":"a"}},42,{"request":{"url":"b"}}]}}');
  const result = await runHar(['urls', '--raw', path]);
  assert.equal(result.code, 0);
  assert.equal(result.stdout, 'a\nb\n');
  assert.equal(result.stderr, `har: ${path}: log.entries[1] is not an object; skipped\n`);
});

test('stdin: no file and - both read standard input; the error names <stdin>', async () => {
  assert.equal((await runHar(['urls', '--raw'], { stdin: SAMPLE_BYTES })).stdout.split('\n').length, 4);
  assert.equal((await runHar(['urls', '--raw', '-'], { stdin: SAMPLE_BYTES })).stdout.split('\n').length, 4);
  const bad = await runHar(['urls'], { stdin: '{"log": nul' });
  assert.equal(bad.code, 5);
  assert.equal(bad.stderr, 'har: <stdin>: not valid JSON: Unexpected end of JSON input (byte 11)\n');
});

test('the input file is never modified', async () => {
  const path = file('keep.har', SAMPLE_BYTES);
  for (const args of [['urls'], ['pick'], ['get', ''], ['query', '$..url'], ['entries'], ['stats']]) await runHar([...args, path]);
  assert.deepEqual(readFileSync(path), SAMPLE_BYTES);
});

test('error messages never quote the input, which may hold tokens', async () => {
  const path = file('secret.har', '{"log":{"entries":[{"request":{"url":"https://x.test/?token=SECRET123"}} SECRET456]}}');
  const result = await runHar(['urls', path]);
  assert.equal(result.code, 5);
  assert.doesNotMatch(result.stderr, /SECRET/);
  const query = await runHar(['query', '$..url', path]);
  assert.doesNotMatch(query.stderr, /SECRET/);
});

test('files nested deeper than 1000 levels are refused with the place (exit 5)', async () => {
  const deepFile = file('deep.json', `${'['.repeat(5000)}${']'.repeat(5000)}`);
  for (const args of [['get', ''], ['shape', '--any-json']]) {
    const result = await runHar([...args, deepFile]);
    assert.equal(result.code, 5, args.join(' '));
    assert.equal(result.stderr, `har: ${deepFile}: nesting deeper than 1000 levels, more than harknife reads (byte 1000, line 1 column 1001)\n`);
  }
  // The commands that read a HAR stop earlier: a top-level array is not one.
  for (const args of [['query', '$..x'], ['shape'], ['urls']]) {
    const result = await runHar([...args, deepFile]);
    assert.deepEqual([result.code, result.stderr], [5, `har: ${deepFile}: not a HAR: the top-level value is an array, not an object\n`], args.join(' '));
  }
});

test('pick: a missing file in an existing folder is reported as missing, not taken for a path', async () => {
  const result = await runHar(['pick', 'request/url', join(dir, 'missing-file')]);
  assert.equal(result.code, 4);
  assert.equal(result.stderr, `har: ${join(dir, 'missing-file')}: no such file\n`);
});
