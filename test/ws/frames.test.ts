import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entryFrames, isWebSocketEntry, kernelChannelIds, negotiatedProtocol } from '../../src/ws/frames.js';
import { harTimeToIso } from '../../src/ws/har-time.js';
import { base64ByteLength } from '../../src/ws/base64.js';
import { seededRandom } from '../helpers/random.js';

const KERNEL = '3f2a1b4c-1111-2222-3333-444455556666';
const URL = `ws://localhost:8888/api/kernels/${KERNEL}/channels?session_id=abc-123&token=secret`;

function entry(messages: unknown, headers: { name: string; value: string }[] = []): unknown {
  return {
    _resourceType: 'websocket',
    request: { method: 'GET', url: URL, headers: [] },
    response: { status: 101, headers },
    _webSocketMessages: messages,
  };
}

test('a Chrome frame becomes a record with connection fields, iso time and byte size', () => {
  const { frames, problems } = entryFrames(
    entry([{ type: 'send', time: 1558730482.5071473, opcode: 1, data: '{"é":1}' }], [{ name: 'sec-WebSocket-protocol', value: 'v1.kernel.websocket.jupyter.org' }]),
    4,
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(frames, [
    {
      entry: 4,
      url: URL,
      kernel_id: KERNEL,
      session_id: 'abc-123',
      protocol: 'v1.kernel.websocket.jupyter.org',
      index: 0,
      type: 'send',
      time: 1558730482.5071473,
      iso: '2019-05-24T20:41:22.507Z',
      opcode: 1,
      size: 8,
      data: '{"é":1}',
    },
  ]);
});

test('Chrome seconds and Playwright milliseconds give the same instant; -1 and junk give null', () => {
  assert.equal(harTimeToIso(1700000000.25), '2023-11-14T22:13:20.250Z');
  assert.equal(harTimeToIso(1700000000250), '2023-11-14T22:13:20.250Z');
  assert.equal(harTimeToIso(-1), null);
  assert.equal(harTimeToIso(0), null);
  assert.equal(harTimeToIso(1e300), null);
  assert.equal(harTimeToIso(null), null);
});

test('binary sizes are decoded byte counts', () => {
  assert.equal(base64ByteLength(''), 0);
  assert.equal(base64ByteLength('AQ=='), 1);
  assert.equal(base64ByteLength('AQI='), 2);
  assert.equal(base64ByteLength('AQID'), 3);
  assert.equal(base64ByteLength('AQI'), 2);
  assert.equal(base64ByteLength('A@=='), null);
  const { frames } = entryFrames(entry([{ type: 'receive', time: 1, opcode: 2, data: 'AAAAAgAAAAw=' }]), 0);
  assert.equal(frames[0]!.size, 8);
});

test('no protocol header means null; the header name is matched in any case; empty is null', () => {
  assert.equal(negotiatedProtocol(entry([])), null);
  assert.equal(negotiatedProtocol(entry([], [{ name: 'SEC-WEBSOCKET-PROTOCOL', value: ' v1.kernel.websocket.jupyter.org ' }])), 'v1.kernel.websocket.jupyter.org');
  assert.equal(negotiatedProtocol(entry([], [{ name: 'Sec-WebSocket-Protocol', value: '' }])), null);
  assert.equal(negotiatedProtocol({ response: { headers: 'x' } }), null);
  assert.equal(negotiatedProtocol(null), null);
});

test('kernel and session ids come only from kernel channel URLs', () => {
  assert.deepEqual(kernelChannelIds(URL), { kernel_id: KERNEL, session_id: 'abc-123' });
  assert.deepEqual(kernelChannelIds('wss://hub.example/user/me/api/kernels/k-1/channels'), { kernel_id: 'k-1', session_id: null });
  assert.deepEqual(kernelChannelIds('ws://h/api/kernels/k-1/channels/x?session_id=s'), { kernel_id: null, session_id: null });
  assert.deepEqual(kernelChannelIds('ws://h/terminals/websocket/1'), { kernel_id: null, session_id: null });
  assert.deepEqual(kernelChannelIds('ws://h/api/events/subscribe?session_id=s'), { kernel_id: null, session_id: null });
  assert.deepEqual(kernelChannelIds('not a url ::'), { kernel_id: null, session_id: null });
  assert.deepEqual(kernelChannelIds(42), { kernel_id: null, session_id: null });
});

test('isWebSocketEntry: resource type, frames, ws URL or a 101', () => {
  assert.equal(isWebSocketEntry(entry([])), true);
  assert.equal(isWebSocketEntry({ request: { url: 'wss://x/y' } }), true);
  assert.equal(isWebSocketEntry({ request: { url: 'https://x/y' }, response: { status: 101 } }), true);
  assert.equal(isWebSocketEntry({ request: { url: 'https://x/y' }, response: { status: 200 } }), false);
  assert.equal(isWebSocketEntry(null), false);
  assert.equal(isWebSocketEntry('entry'), false);
});

test('garbage is reported, never thrown, and odd frames are kept with null fields', () => {
  assert.deepEqual(entryFrames(entry('nope'), 2), { frames: [], problems: [{ entry: 2, index: null, reason: '_webSocketMessages is string, not an array', dropped: true }] });
  assert.deepEqual(entryFrames({}, 1), { frames: [], problems: [] });
  assert.deepEqual(entryFrames(null, 1), { frames: [], problems: [] });
  const { frames, problems } = entryFrames(
    entry([null, 7, [], { type: 'weird', time: 'noon', opcode: 1.5, data: 3 }, { type: 'receive', time: 2, opcode: 2, data: '!!' }, { type: 'error', time: 3, opcode: -1, data: 'Connection reset' }]),
    0,
  );
  assert.deepEqual(
    frames.map((f) => [f.index, f.type, f.time, f.opcode, f.size, f.data]),
    [
      [3, null, null, null, null, null],
      [4, 'receive', 2, 2, null, '!!'],
      [5, 'error', 3, -1, 16, 'Connection reset'],
    ],
  );
  assert.deepEqual(
    problems.map((p) => `${p.index}: ${p.reason}`),
    [
      '0: frame is null, not an object',
      '1: frame is number, not an object',
      '2: frame is an array, not an object',
      '3: type "weird" is not send/receive/error',
      '3: time "noon" is not a number',
      '3: opcode 1.5 is not an integer',
      '3: data 3 is not a string',
      '4: data is not valid base64',
    ],
  );
});

test('harTimeToIso equals Date#toISOString for seconds and milliseconds, in bursts and apart', () => {
  const random = seededRandom(21);
  let time = 1_700_000_000;
  for (let n = 0; n < 20_000; n++) {
    // Mostly a few ms apart (a burst), sometimes far apart or back in time; seconds and ms.
    const step = random() < 0.9 ? random() * 0.01 : (random() - 0.3) * 1e6;
    time = Math.max(1, time + step);
    for (const value of [time, time * 1000]) {
      const expected = new Date(value > 1e11 ? value : value * 1000).toISOString();
      assert.equal(harTimeToIso(value), expected, String(value));
    }
  }
  for (const odd of [-1, 0, Number.NaN, Number.POSITIVE_INFINITY, 9e15]) assert.equal(harTimeToIso(odd), null, String(odd));
});

test('frameJson is JSON.stringify of the frame: every frame of every sample, and made frames with data that would need escaping', async () => {
  const { readdir, readFile } = await import('node:fs/promises');
  const { frameJson } = await import('../../src/ws/frames.js');
  let checked = 0;
  let spliced = 0;
  const check = (frame: Parameters<typeof frameJson>[0]) => {
    assert.equal(frameJson(frame), JSON.stringify(frame), JSON.stringify(frame).slice(0, 300));
    checked++;
    if (frame.size !== null && frame.opcode === 2) spliced++;
  };
  for (const name of (await readdir('samples')).filter((file) => file.endsWith('.har'))) {
    const har = JSON.parse(await readFile(`samples/${name}`, 'utf8')) as { log: { entries: unknown[] } };
    har.log.entries.forEach((item, index) => entryFrames(item, index).frames.forEach(check));
  }
  assert.ok(spliced > 10_000, `only ${spliced} base64 frames in the samples`);
  const random = seededRandom(23);
  const pieces = ['QUJD', 'RA==', '"', '\\', '\n', '\u0000', '\u001f', 'é', '\ud800', '\udc00', '😀', '=', '-', '_', ' ', '/+', '\u2028'];
  const opcodes: unknown[] = [1, 2, -1, 0, 9, null, '2', 2.5];
  const types: unknown[] = ['send', 'receive', 'error', 'other', null];
  for (let i = 0; i < 5000; i++) {
    let data = '';
    for (let k = Math.floor(random() * 8); k > 0; k--) data += pieces[Math.floor(random() * pieces.length)];
    const item = { type: types[i % types.length], time: i % 7 === 0 ? 'x' : 1700000000 + random(), opcode: opcodes[Math.floor(random() * opcodes.length)], data: i % 11 === 0 ? 5 : data };
    entryFrames(entry([item]), i).frames.forEach(check);
  }
  assert.ok(checked > 5000);
});
