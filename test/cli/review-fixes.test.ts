import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { main as kernelDecode } from '../../src/cli/kernel-decode.js';
import { ROOT, fixture, runHar, runMain } from '../helpers/cli.js';

const SAMPLE = fixture('dictknife-jqfpy', 'sample.har');
const SAMPLE_BYTES = readFileSync(SAMPLE);
const V1 = `${ROOT}samples/jupyter-server-v1.har`;
const dir = mkdtempSync(join(tmpdir(), 'harknife-review-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const kernel = (argv: string[], stdin?: string | Buffer) => runMain(kernelDecode, argv, stdin === undefined ? {} : { stdin });
const lines = (text: string) => (text === '' ? [] : text.trimEnd().split('\n'));

test('- among files reads stdin in its place', async () => {
  const result = await runHar(['urls', '--raw', SAMPLE, '-', SAMPLE], { stdin: gzipSync(SAMPLE_BYTES) });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(lines(result.stdout).length, 9);
});

test('kernel-decode - reads stdin', async () => {
  const frames = (await runHar(['ws-messages', V1])).stdout;
  const result = await kernel(['-'], frames);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(lines(result.stdout).length, lines(frames).length);
});

test('a single-value option given twice keeps the last value; list options add up', async () => {
  assert.equal((await runHar(['urls', '--raw', '--url', 'nomatch', '--url', 'page', SAMPLE])).stdout, 'https://example.com/api/items?page=1\n');
  assert.equal((await runHar(['pick', 'request/method', '-f', 'tsv', '-f', 'csv', SAMPLE])).stdout.split('\r\n')[1], 'GET');
  assert.equal((await runHar(['urls', '--raw', '--status', '4xx', SAMPLE, '--status', '1xx'])).stdout, 'https://example.com/api/items\nwss://example.com/socket\n');
  assert.equal((await runHar(['get', 'log/missing', '--default', '1', '--default', '2', SAMPLE])).stdout, '2\n');
});

test('an option without its value is a usage error (exit 2)', async () => {
  for (const args of [['urls', SAMPLE, '--url'], ['urls', SAMPLE, '--status'], ['pick', SAMPLE, '--format'], ['ws-messages', SAMPLE, '--direction']]) {
    const result = await runHar(args);
    assert.equal(result.code, 2, args.join(' '));
    assert.match(result.stderr, /^har: Not enough arguments following: (url|status|format|direction) \(see 'har (urls|pick|ws-messages) --help'\)\n$/);
  }
  const badChoice = await runHar(['pick', '--format', 'xml', SAMPLE]);
  assert.equal(badChoice.code, 2);
  assert.equal(badChoice.stderr.split('\n')[0], `har: Invalid values: Argument: format, Given: "xml", Choices: "json", "ndjson", "table", "tsv", "csv" (see 'har pick --help')`);
});

test('no file and a terminal on stdin is a usage error, not a silent wait', async () => {
  const result = await runHar(['urls'], { stdinTty: true });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^har: no input: name a HAR file, or pipe one in/);
});

test('pick: a missing file in an existing folder is reported as missing, not taken for a path', async () => {
  const result = await runHar(['pick', 'request/url', join(dir, 'missing-file')]);
  assert.equal(result.code, 4);
  assert.equal(result.stderr, `har: ${join(dir, 'missing-file')}: no such file\n`);
});

test('pick: __proto__ in an output path makes an own key, never a prototype change', async () => {
  const result = await runHar(['pick', '__proto__/x@request/method', SAMPLE, '-f', 'ndjson']);
  assert.equal(lines(result.stdout)[0], '{"__proto__":{"x":"GET"}}');
  assert.equal(({} as Record<string, unknown>)['x'], undefined);
});

function kernelHar(frames: unknown[]): string {
  const path = join(dir, `k${Math.random().toString(36).slice(2)}.har`);
  writeFileSync(path, JSON.stringify({ log: { entries: [{ _resourceType: 'websocket', request: { url: 'ws://h/api/kernels/k/channels?session_id=s' }, response: { status: 101, headers: [] }, _webSocketMessages: frames }] } }));
  return path;
}

const message = (msgType: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ header: { msg_id: `m-${msgType}`, msg_type: msgType, session: 'x', username: '', date: '', version: '5.3' }, parent_header: {}, metadata: {}, content: {}, channel: 'shell', ...extra });

test('kernel-decode: msg_type "__proto__" / "constructor" are just names', async () => {
  const path = kernelHar(['__proto__', 'constructor', 'toString'].map((t, i) => ({ type: 'send', time: i + 1, opcode: 1, data: message(t) })));
  const plain = await kernel([path]);
  assert.deepEqual(lines(plain.stdout).map((l) => (JSON.parse(l) as { msg_type: string }).msg_type), ['__proto__', 'constructor', 'toString']);
  for (const args of [['--conversations'], ['--format', 'transcript'], ['--format', 'table']]) {
    const result = await kernel([...args, path]);
    assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
  }
});

test('deep nesting: files past 1000 levels are refused with the place, frames become malformed records', async () => {
  const deepFile = join(dir, 'deep.json');
  writeFileSync(deepFile, `${'['.repeat(5000)}${']'.repeat(5000)}`);
  // urls stops earlier: a top-level array is not a HAR.
  for (const args of [['query', '$..x'], ['get', ''], ['shape']]) {
    const result = await runHar([...args, deepFile]);
    assert.equal(result.code, 5, args.join(' '));
    assert.equal(result.stderr, `har: ${deepFile}: nesting deeper than 1000 levels, more than harknife reads (byte 1000, line 1 column 1001)\n`);
  }
  const deepContent = `${'['.repeat(20000)}${']'.repeat(20000)}`;
  const path = kernelHar([
    { type: 'receive', time: 1, opcode: 1, data: message('stream', { content: JSON.parse('{"x":0}'), channel: 'iopub' }).replace('"x":0', `"x":${deepContent}`) },
    { type: 'receive', time: 2, opcode: 1, data: message('status', { channel: 'iopub', content: { execution_state: 'idle' } }) },
  ]);
  const result = await kernel([path]);
  assert.equal(result.code, 0);
  const records = lines(result.stdout).map((l) => JSON.parse(l) as { kind: string; reason?: string; msg_type?: string });
  assert.deepEqual(records.map((r) => r.kind), ['malformed', 'message']);
  assert.match(records[0]!.reason!, /nested deeper than 1000 levels/);
  assert.equal((await kernel(['--conversations', path])).code, 0);
});

test('kernel-decode on a HAR: frames that are not objects are malformed records, not only warnings', async () => {
  const path = kernelHar([null, 5, 'x', [], { type: 'send', time: 1, opcode: 1, data: message('kernel_info_request') }]);
  const result = await kernel([path]);
  const records = lines(result.stdout).map((l) => JSON.parse(l) as { kind: string; frame: { index: number } });
  assert.deepEqual(records.map((r) => [r.kind, r.frame.index]), [['malformed', 0], ['malformed', 1], ['malformed', 2], ['malformed', 3], ['message', 4]]);
  assert.equal(result.stderr, 'kernel-decode: 4 malformed frames (emitted as {"kind":"malformed"} records)\n');
});

test('kernel-decode tells a HAR from NDJSON by content: a HAR whose first key is not log, and non-frame NDJSON', async () => {
  const har = JSON.parse(readFileSync(V1, 'utf8')) as Record<string, unknown>;
  const path = join(dir, 'comment-first.har');
  writeFileSync(path, JSON.stringify({ comment: 'x', ...har }, null, 2));
  assert.equal(lines((await kernel([path])).stdout).length, lines((await kernel([V1])).stdout).length);
  const picked = (await runHar(['pick', '-f', 'ndjson', SAMPLE])).stdout;
  const result = await kernel([], picked);
  assert.equal(result.code, 0);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, 'kernel-decode: 3 frames were not Jupyter kernel messages (shown with --all)\n');
});

test('kernel-decode reports the line and column of a broken HAR', async () => {
  const path = join(dir, 'broken.har');
  writeFileSync(path, '{\n  "log": {\n    "entries": [\n      {"request": {"url" "x"}}\n    ]\n  }\n}\n');
  const result = await kernel([path]);
  assert.equal(result.code, 5);
  assert.equal(result.stderr, `kernel-decode: ${path}: not valid JSON: Unexpected """, expected ":" (byte 55, line 4 column 26)\n`);
});

test('shape --under a path with no values says so on stderr', async () => {
  const result = await runHar(['shape', '--under', 'nope', SAMPLE]);
  assert.equal(result.code, 0);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, 'har: no values at --under nope\n');
  assert.equal((await runHar(['shape', '--under', 'log/creator', SAMPLE])).stderr, '');
});

test('query: unbalanced brackets are a bad expression (exit 3); urls --unique --count is a usage error', async () => {
  for (const expression of ['$[', '$.log.entries[0', "$..[?(@.x=='a)]"]) {
    const result = await runHar(['query', expression, SAMPLE]);
    assert.equal(result.code, 3, expression);
    assert.match(result.stderr, /unbalanced brackets, parentheses or quotes/);
  }
  assert.equal((await runHar(['query', "$..[?(@.name=='x]')]", SAMPLE])).stderr.includes('unbalanced'), false);
  assert.equal((await runHar(['urls', '--unique', '--count', SAMPLE])).code, 2);
});

test('query: a filter meeting null values skips them instead of failing the query', async () => {
  const result = await runHar(['query', '$..[?(@.mimeType=="image/png")]', '--paths', '-c', `${ROOT}samples/notebook6-session.har`]);
  assert.equal(result.code, 0, result.stderr);
  const paths = JSON.parse(result.stdout) as string[];
  assert.ok(paths.length >= 1 && paths.every((p) => p.endsWith("['response']['content']")), result.stdout);
});
