import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { bufferSource } from '../../src/read/input.js';
import { iterEntryFrames, type FrameItem } from '../../src/ws/frames.js';
import { streamFrames, type FileFrameItem, type FrameStreamOptions } from '../../src/ws/stream.js';
import { ROOT } from '../helpers/cli.js';
import { FEEDS, collectAll, fedSource } from '../helpers/feed.js';

const V1 = 'v1.kernel.websocket.jupyter.org';
const frames = (n: number, offset = 0) =>
  Array.from({ length: n }, (_, i) => ({ type: i % 2 === 0 ? 'send' : 'receive', time: 1700000000 + (offset + i) / 4, opcode: 1, data: `{"n":${offset + i},"é":"中"}` }));
const socket = (kernel: string, extra: Record<string, unknown> = {}) => ({
  _resourceType: 'websocket',
  request: { method: 'GET', url: `ws://h/api/kernels/${kernel}/channels?session_id=s-${kernel}` },
  response: { status: 101, headers: [{ name: 'Sec-WebSocket-Protocol', value: V1 }] },
  ...extra,
});

/** Entries in the key orders and shapes real and broken captures have. */
const ENTRIES = [
  { _resourceType: 'xhr', request: { method: 'GET', url: 'https://h/api/kernels' }, response: { status: 200, headers: [] } },
  // Chrome's order: the frames come last.
  socket('K1', { _webSocketMessages: [...frames(2), { type: 'receive', time: 1700000001, opcode: 2, data: 'AAECAw==' }] }),
  // Frames first (other producers): context only known when the entry is complete.
  { _webSocketMessages: frames(3, 10), ...socket('K2') },
  socket('K3', { _webSocketMessages: [null, { type: 'send', time: 'soon', opcode: 1, data: 'x' }, 7] }),
  socket('K4', { _webSocketMessages: 'oops' }),
  'not an entry',
];
const HAR_TEXT = JSON.stringify({ log: { entries: ENTRIES } });

/** The frame reader's answer for the whole parsed document: the oracle for the streamed one. */
function oracle(file: string, text: string): FileFrameItem[] {
  const entries = (JSON.parse(text) as { log: { entries: unknown[] } }).log.entries;
  return entries.flatMap((entry, index) => [...iterEntryFrames(entry, index)].map((item) => ({ file, item })));
}

/** A frame or problem in a few concrete fields. */
function brief({ item }: { item: FrameItem }): string {
  if (item.kind === 'problem') return `problem ${item.problem.entry}[${item.problem.index}] ${item.problem.dropped ? 'dropped' : 'kept'}: ${item.problem.reason}`;
  const f = item.frame;
  return `${f.entry}[${f.index}] ${f.kernel_id} ${f.session_id} ${f.type} ${f.opcode} ${f.size} ${f.iso}`;
}

const EXPECTED = [
  '1[0] K1 s-K1 send 1 18 2023-11-14T22:13:20.000Z',
  '1[1] K1 s-K1 receive 1 18 2023-11-14T22:13:20.250Z',
  '1[2] K1 s-K1 receive 2 4 2023-11-14T22:13:21.000Z',
  '2[0] K2 s-K2 send 1 19 2023-11-14T22:13:22.500Z',
  '2[1] K2 s-K2 receive 1 19 2023-11-14T22:13:22.750Z',
  '2[2] K2 s-K2 send 1 19 2023-11-14T22:13:23.000Z',
  'problem 3[0] dropped: frame is null, not an object',
  '3[1] K3 s-K3 send 1 1 null',
  'problem 3[1] kept: time "soon" is not a number',
  'problem 3[2] dropped: frame is number, not an object',
  'problem 4[null] dropped: _webSocketMessages is string, not an array',
];

for (const feed of FEEDS) {
  test(`streamFrames, fed ${feed.name}: frames in capture order with their connection, whatever the key order; problems in place`, async () => {
    const warnings: string[] = [];
    const items = await collectAll(streamFrames([fedSource('s.har', HAR_TEXT, feed)], { onWarning: (message) => warnings.push(message) }));
    assert.deepEqual(items.map(brief), EXPECTED);
    assert.equal(JSON.stringify(items), JSON.stringify(oracle('s.har', HAR_TEXT)));
    assert.ok(items.every((item) => item.item.kind === 'problem' || item.item.frame.protocol === V1));
    assert.deepEqual(warnings, ['s.har: log.entries[5] is not an object; skipped']);
  });
}

/** [filters, the frames (entry[index]) that pass] */
const FILTERED: [FrameStreamOptions, string[]][] = [
  [{ url: 'K2' }, ['2[0]', '2[1]', '2[2]']],
  [{ type: ['websocket'], status: ['101'] }, ['1[0]', '1[1]', '1[2]', '2[0]', '2[1]', '2[2]', '3[1]']],
  [{ type: ['xhr'] }, []],
  [{ direction: ['receive'] }, ['1[1]', '1[2]', '2[1]']],
  [{ opcode: [2] }, ['1[2]']],
  [{ direction: ['send'], opcode: [1], url: 'K[12]' }, ['1[0]', '2[0]', '2[2]']],
  [{ direction: ['error'] }, []],
];

for (const [options, expected] of FILTERED) {
  test(`streamFrames ${JSON.stringify(options)}: only those frames, fed whole and one byte at a time`, async () => {
    for (const feed of FEEDS.slice(0, 2)) {
      const items = await collectAll(streamFrames([fedSource('s.har', HAR_TEXT, feed)], options));
      const kept = items.flatMap(({ item }) => (item.kind === 'frame' ? [`${item.frame.entry}[${item.frame.index}]`] : []));
      assert.deepEqual(kept, expected, feed.name);
    }
  });
}

test('streamFrames: entry filters drop the problems of the frames of entries they leave out', async () => {
  const withoutNonArray = JSON.stringify({ log: { entries: ENTRIES.slice(0, 4) } });
  for (const [url, kept] of [['K[13]', /^(problem )?[13]\[/], ['K2', /^2\[/]] as const) {
    const items = await collectAll(streamFrames([fedSource('s.har', withoutNonArray, FEEDS[0]!)], { url }));
    assert.deepEqual(items.map(brief), EXPECTED.filter((line) => kept.test(line)), url);
  }
});

test('streamFrames: entry filters drop the problem of a _webSocketMessages that is not an array', async () => {
  const items = await collectAll(streamFrames([fedSource('s.har', HAR_TEXT, FEEDS[0]!)], { url: 'K1' }));
  assert.deepEqual(items.map(brief), EXPECTED.slice(0, 3));
});

test('streamFrames: several inputs in order, each frame named by its file', async () => {
  const one = JSON.stringify({ log: { entries: [socket('A', { _webSocketMessages: frames(2) })] } });
  const two = JSON.stringify({ log: { entries: [{}, socket('B', { _webSocketMessages: frames(1) })] } });
  const items = await collectAll(streamFrames([fedSource('one.har', one, FEEDS[0]!), fedSource('two.har', two, FEEDS[0]!)]));
  assert.deepEqual(
    items.map(({ file, item }) => (item.kind === 'frame' ? `${file} ${item.frame.entry}[${item.frame.index}] ${item.frame.kernel_id}` : 'problem')),
    ['one.har 0[0] A', 'one.har 0[1] A', 'two.har 1[0] B'],
  );
});

for (const name of ['jupyter-server-v1.har']) {
  test(`streamFrames on samples/${name} equals the frame reader on the parsed document`, async () => {
    const text = readFileSync(`${ROOT}samples/${name}`, 'utf8');
    const items = await collectAll(streamFrames([bufferSource(name, Buffer.from(text))]));
    assert.ok(items.length > 100, `${items.length} frames`);
    // As text, which also holds the records' key order to the frame reader's.
    assert.equal(JSON.stringify(items), JSON.stringify(oracle(name, text)));
  });
}

test('streamFrames: an entry whose 3000 frames come before its request gives the same frames as in Chrome order, through a temporary file that is removed', async () => {
  const { readdirSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const spills = () => readdirSync(tmpdir()).filter((name) => name.startsWith('harknife-frames-')).length;
  const before = spills();
  const many = frames(3000);
  const firstText = JSON.stringify({ log: { entries: [{ _webSocketMessages: many, ...socket('K9') }, socket('K8', { _webSocketMessages: frames(2) })] } });
  const chromeText = JSON.stringify({ log: { entries: [socket('K9', { _webSocketMessages: many }), socket('K8', { _webSocketMessages: frames(2) })] } });
  const first = await collectAll(streamFrames([bufferSource('s.har', Buffer.from(firstText))]));
  const chrome = await collectAll(streamFrames([bufferSource('s.har', Buffer.from(chromeText))]));
  assert.equal(first.length, 3002);
  assert.equal(JSON.stringify(first), JSON.stringify(chrome));
  assert.equal(spills(), before);
});
