/** The kernel-decode program (src/cli/kernel-decode.ts): its inputs, its records for odd frames, its errors. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main as kernelDecode } from '../../src/cli/kernel-decode.js';
import { ROOT, fixture, runHar, runMain } from '../helpers/cli.js';

const SAMPLE = fixture('dictknife-jqfpy', 'sample.har');
const V1 = `${ROOT}samples/jupyter-server-v1.har`;
const dir = mkdtempSync(join(tmpdir(), 'harknife-kernel-decode-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const kernel = (argv: string[], stdin?: string | Buffer) => runMain(kernelDecode, argv, stdin === undefined ? {} : { stdin });
const lines = (text: string) => (text === '' ? [] : text.trimEnd().split('\n'));

/** A HAR with one kernel WebSocket entry holding `frames`. */
function kernelHar(frames: unknown[]): string {
  const path = join(dir, `k${Math.random().toString(36).slice(2)}.har`);
  writeFileSync(path, JSON.stringify({ log: { entries: [{ _resourceType: 'websocket', request: { url: 'ws://h/api/kernels/k/channels?session_id=s' }, response: { status: 101, headers: [] }, _webSocketMessages: frames }] } }));
  return path;
}

const message = (msgType: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ header: { msg_id: `m-${msgType}`, msg_type: msgType, session: 'x', username: '', date: '', version: '5.3' }, parent_header: {}, metadata: {}, content: {}, channel: 'shell', ...extra });

test('kernel-decode - reads stdin', async () => {
  const frames = (await runHar(['ws-messages', V1])).stdout;
  const result = await kernel(['-'], frames);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(lines(result.stdout).length, lines(frames).length);
});

test('kernel-decode: msg_type "__proto__" / "constructor" are just names', async () => {
  const path = kernelHar(['__proto__', 'constructor', 'toString'].map((t, i) => ({ type: 'send', time: i + 1, opcode: 1, data: message(t) })));
  const plain = await kernel([path]);
  assert.deepEqual(lines(plain.stdout).map((l) => (JSON.parse(l) as { msg_type: string }).msg_type), ['__proto__', 'constructor', 'toString']);
  for (const args of [['--conversations'], ['--format', 'transcript'], ['--format', 'table']]) {
    const result = await kernel([...args, path]);
    assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
  }
});

test('kernel-decode: a frame nested deeper than 1000 levels is a malformed record, and the next frame still decodes', async () => {
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
