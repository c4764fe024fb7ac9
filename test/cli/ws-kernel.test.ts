import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { main as kernelDecode } from '../../src/cli/kernel-decode.js';
import { ROOT, runHar, runMain } from '../helpers/cli.js';

const NOTEBOOK6 = `${ROOT}samples/notebook6-session.har`;
const PLAYWRIGHT = `${ROOT}samples/notebook6-session.playwright.har`;
const V1 = `${ROOT}samples/jupyter-server-v1.har`;
const V1_PLAYWRIGHT = `${ROOT}samples/jupyter-server-v1.playwright.har`;
const SAMPLES = [NOTEBOOK6, PLAYWRIGHT, V1, V1_PLAYWRIGHT].filter((path) => existsSync(path));

interface HarFrame {
  type: string;
  time: number;
  opcode: number;
  data: string;
}

/** The frames as the HAR holds them, read with JSON.parse as an independent oracle. */
function harFrames(path: string): { entry: number; index: number; frame: HarFrame; url: string }[] {
  const har = JSON.parse(readFileSync(path, 'utf8')) as { log: { entries: { request: { url: string }; _webSocketMessages?: HarFrame[] }[] } };
  return har.log.entries.flatMap((entry, index) =>
    (entry._webSocketMessages ?? []).map((frame, position) => ({ entry: index, index: position, frame, url: entry.request.url })),
  );
}

const kernel = (argv: string[], stdin?: string) => runMain(kernelDecode, argv, stdin === undefined ? {} : { stdin });

test('samples: both captures are present', () => {
  assert.ok(existsSync(NOTEBOOK6), 'samples/notebook6-session.har');
  assert.ok(existsSync(V1), 'samples/jupyter-server-v1.har');
});

for (const sample of SAMPLES) {
  const name = sample.slice(ROOT.length);
  test(`ws-messages on ${name}: every frame of the HAR, in order, with the right iso time and size`, async () => {
    const result = await runHar(['ws-messages', sample]);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const expected = harFrames(sample);
    assert.ok(expected.length > 50, `${expected.length} frames`);
    assert.equal(lines.length, expected.length);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const { frame, entry, index, url } = expected[i]!;
      assert.deepEqual([line['entry'], line['index'], line['url'], line['type'], line['time'], line['opcode'], line['data']], [entry, index, url, frame.type, frame.time, frame.opcode, frame.data]);
      const ms = frame.time > 1e11 ? frame.time : frame.time * 1000;
      assert.equal(line['iso'], new Date(ms).toISOString());
      const bytes = frame.opcode === 1 ? Buffer.byteLength(frame.data) : Buffer.from(frame.data, 'base64').length;
      assert.equal(line['size'], bytes);
      assert.deepEqual(Object.keys(line), ['entry', 'url', 'kernel_id', 'session_id', 'protocol', 'index', 'type', 'time', 'iso', 'opcode', 'size', 'data']);
    }
  });

  test(`kernel-decode on ${name}: the HAR directly and ws-messages NDJSON give the same messages, none malformed`, async () => {
    const frames = await runHar(['ws-messages', sample]);
    const piped = await kernel([], frames.stdout);
    const direct = await kernel([sample]);
    assert.equal(piped.code, 0, piped.stderr);
    assert.equal(direct.stdout, piped.stdout);
    assert.equal(piped.stderr, '', 'no malformed frames reported');
    const records = piped.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { kind: string; msg_type: string; channel: string });
    assert.ok(records.every((r) => r.kind === 'message'));
    assert.ok(records.some((r) => r.msg_type === 'execute_request' && r.channel === 'shell'));
  });
}

test('kernel-decode | select(.msg_type=="error") finds the traceback of the failing cell', async () => {
  const result = await kernel([NOTEBOOK6]);
  const errors = result.stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { msg_type: string; content: { ename: string; evalue: string; traceback: string[] } })
    .filter((record) => record.msg_type === 'error');
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.content.ename, 'ZeroDivisionError');
  assert.equal(errors[0]!.content.evalue, 'division by zero');
  // Tracebacks carry the kernel's ANSI colours.
  assert.ok(errors[0]!.content.traceback.some((line) => line.replace(/\u001b\[[0-9;]*m/g, '').includes('1 / 0')));
});

test('ws-messages filters: --direction, --opcode, --type; --format table', async () => {
  const all = harFrames(NOTEBOOK6);
  const sent = await runHar(['ws-messages', '--direction', 'send', NOTEBOOK6]);
  assert.equal(sent.stdout.trimEnd().split('\n').length, all.filter((f) => f.frame.type === 'send').length);
  const binary = await runHar(['ws-messages', '--opcode', '2', NOTEBOOK6]);
  assert.equal(binary.stdout === '' ? 0 : binary.stdout.trimEnd().split('\n').length, all.filter((f) => f.frame.opcode === 2).length);
  const none = await runHar(['ws-messages', '--type', 'xhr', NOTEBOOK6]);
  assert.equal(none.stdout, '');
  const table = await runHar(['ws-messages', '--format', 'table', '--direction', 'send', NOTEBOOK6]);
  assert.match(table.stdout, /^entry\s+#\s+time\s+type\s+opcode\s+size\s+data/);
  assert.match(table.stdout, /send\s+1\s+\d+\s+\{"header"/);
  assert.equal((await runHar(['ws-messages', '--direction', 'sideways', NOTEBOOK6])).code, 2);
});

test('kernel-decode: a broken line is a malformed record with a count on stderr, never fatal; --strict exits 1', async () => {
  const good = (await runHar(['ws-messages', NOTEBOOK6])).stdout.split('\n')[0]!;
  const input = [good, 'not json at all', '[1,2]', JSON.stringify({ data: 'AAAA', opcode: 2, type: 'receive', kernel_id: 'k' }), good].join('\n');
  const result = await kernel([], input);
  assert.equal(result.code, 0);
  const records = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { kind: string; reason?: string });
  assert.deepEqual(records.map((r) => r.kind), ['message', 'malformed', 'malformed', 'malformed', 'message']);
  assert.match(records[1]!.reason!, /^line 2: not JSON/);
  assert.equal(result.stderr, 'kernel-decode: 3 malformed frames (emitted as {"kind":"malformed"} records)\n');
  assert.equal((await kernel(['--strict'], input)).code, 1);
});

for (const sample of [NOTEBOOK6, V1]) {
  const name = sample.slice(ROOT.length);
  test(`kernel-decode --conversations on ${name}: one execute conversation per cell the ground truth ran`, async () => {
    const cells = JSON.parse(readFileSync(sample.replace(/\.har$/, '.cells.json'), 'utf8')) as { source: string }[];
    const result = await kernel(['--conversations', sample]);
    assert.equal(result.code, 0, result.stderr);
    const records = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { kind: string; msg_type: string; code: string | null; silent: boolean });
    const executed = records.filter((r) => r.kind === 'conversation' && r.msg_type === 'execute_request' && !r.silent);
    assert.deepEqual(executed.map((r) => r.code), cells.map((c) => c.source));
  });
}

test('kernel-decode --format transcript reads like an IPython console', async () => {
  const result = await kernel(['--format', 'transcript', NOTEBOOK6]);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^In \[1\]: print\("Hello from harknife"\)\nHello from harknife\n/);
  assert.match(result.stdout, /\nOut\[2\]: 42\n/);
  assert.match(result.stdout, /ZeroDivisionError: division by zero/);
  assert.doesNotMatch(result.stdout, /\u001b\[/, 'ANSI colour stripped off a terminal');
});

test('kernel-decode: malformed records and messages never quote frame text', async () => {
  const input = [JSON.stringify({ data: '{"header": SECRET1}', opcode: 1, type: 'receive', kernel_id: 'k' }), 'SECRET2 not json'].join('\n');
  const result = await kernel([], input);
  assert.equal(result.code, 0);
  assert.doesNotMatch(result.stdout, /SECRET/);
  assert.doesNotMatch(result.stderr, /SECRET/);
});

test('ws-messages keeps capture order when _webSocketMessages comes before request/response (non-Chrome key order)', async () => {
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(`${tmpdir()}/harknife-order-`);
  try {
    const frames = (n: number) => Array.from({ length: n }, (_, i) => ({ type: i % 2 ? 'receive' : 'send', time: 1700000000 + i / 10, opcode: 1, data: `{"n":${i},"pad":"${'x'.repeat(900)}"}` }));
    const entry = (i: number, order: 'frames-first' | 'chrome') => {
      const request = { method: 'GET', url: `ws://h/api/kernels/k${i}/channels?session_id=s${i}` };
      const response = { status: 101, headers: [{ name: 'Sec-WebSocket-Protocol', value: 'v1.kernel.websocket.jupyter.org' }] };
      return order === 'frames-first'
        ? { _resourceType: 'websocket', _webSocketMessages: frames(3000), request, response }
        : { _resourceType: 'websocket', request, response, _webSocketMessages: frames(50) };
    };
    const path = `${dir}/order.har`;
    writeFileSync(path, JSON.stringify({ log: { entries: [entry(0, 'frames-first'), entry(1, 'chrome'), entry(2, 'frames-first')] } }));
    const result = await runHar(['ws-messages', path]);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { entry: number; index: number; kernel_id: string; protocol: string });
    const expected = [...Array.from({ length: 3000 }, (_, i) => [0, i]), ...Array.from({ length: 50 }, (_, i) => [1, i]), ...Array.from({ length: 3000 }, (_, i) => [2, i])];
    assert.deepEqual(lines.map((l) => [l.entry, l.index]), expected);
    assert.ok(lines.every((l) => l.kernel_id === `k${l.entry}` && l.protocol === 'v1.kernel.websocket.jupyter.org'));
    const filtered = await runHar(['ws-messages', '--url', 'k2/', path]);
    assert.equal(filtered.stdout.trimEnd().split('\n').length, 3000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
