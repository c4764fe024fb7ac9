/**
 * Nothing a frame contains can make decodeFrame throw: random bytes, truncations, lying
 * counts and offsets, empty and non-base64 data all come back as malformed (or other).
 * Seeded, so a failure names a case that reproduces.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serialize } from '@jupyterlab/services/lib/kernel/serialize.js';
import { decodeFrame, V1_PROTOCOL, type FrameDecode } from '../../src/kernel/codec.js';
import { joinV1 } from '../../src/kernel/wire-encode.js';
import { randomInt, seededRandom } from '../helpers/random.js';

type LabMessage = Parameters<typeof serialize>[0];
const HINTS = [null, V1_PROTOCOL, 'something.else'] as const;

function message(buffers: number[][]): LabMessage {
  return {
    channel: 'iopub',
    header: { msg_id: 'k_1_1', msg_type: 'comm_msg', session: 'k', username: 'u', date: '2024-05-01T00:00:00Z', version: '5.3' },
    parent_header: { msg_id: 'r', msg_type: 'comm_msg' },
    metadata: {},
    content: { comm_id: 'c', data: { text: 'ünï' } },
    buffers: buffers.map((b) => Uint8Array.from(b).buffer),
  } as unknown as LabMessage;
}

function bytesOf(protocol: string, buffers: number[][]): Buffer {
  const wire = serialize(message(buffers), protocol);
  assert.ok(wire instanceof ArrayBuffer);
  return Buffer.from(wire);
}

const V1_FRAME = bytesOf(V1_PROTOCOL, [[1, 2, 3], [4, 5]]);
const LEGACY_FRAME = bytesOf('', [[1, 2, 3], [4, 5]]);

function decodeAll(data: unknown, opcode: unknown = 2): FrameDecode[] {
  return HINTS.map((hint) => {
    try {
      return decodeFrame({ opcode, data }, hint);
    } catch (error) {
      assert.fail(`decodeFrame threw ${String(error)} on ${JSON.stringify(data)?.slice(0, 200)} (hint ${hint})`);
    }
  });
}

function assertNotMessage(data: unknown, label: string, opcode: unknown = 2): void {
  for (const result of decodeAll(data, opcode)) {
    assert.notEqual(result.kind, 'message', `${label}: decoded as a message`);
    assert.equal(typeof (result as { reason?: unknown }).reason, 'string');
  }
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

test('random bytes never decode and never throw (2000 cases, seed 7)', () => {
  const random = seededRandom(7);
  for (let i = 0; i < 2000; i++) {
    const bytes = Uint8Array.from({ length: randomInt(random, 300) + 1 }, () => randomInt(random, 256));
    // Half the cases start with a plausible count, so the offset checks get exercised.
    if (i % 2 === 0 && bytes.length >= 8) {
      if (i % 4 === 0) new DataView(bytes.buffer).setBigUint64(0, BigInt(6 + randomInt(random, 4)), true);
      else new DataView(bytes.buffer).setUint32(0, 1 + randomInt(random, 4));
    }
    for (const result of decodeAll(b64(bytes))) assert.equal(result.kind, 'malformed', `case ${i}`);
  }
});

test('random text never throws and is never a message (500 cases, seed 11)', () => {
  const random = seededRandom(11);
  const pieces = ['{', '}', '[', ']', '"header"', ':', ',', '"', 'null', 'NaN', '-Infinity', '1', '\\', 'é', '"channel"', '{}'];
  for (let i = 0; i < 500; i++) {
    let text = '';
    for (let k = randomInt(random, 20); k >= 0; k--) text += pieces[randomInt(random, pieces.length)];
    for (const result of decodeAll(text, 1)) assert.notEqual(result.kind, 'message', text);
  }
});

test('every truncation of a v1 frame is malformed', () => {
  for (let length = 0; length < V1_FRAME.length; length++) {
    for (const result of decodeAll(b64(V1_FRAME.subarray(0, length)))) assert.equal(result.kind, 'malformed', `length ${length}`);
  }
});

test('truncating a legacy binary frame is malformed up to the last buffer, which has no end offset', () => {
  const view = new DataView(LEGACY_FRAME.buffer, LEGACY_FRAME.byteOffset);
  const lastBufferStart = view.getUint32(4 * view.getUint32(0));
  for (let length = 0; length < LEGACY_FRAME.length; length++) {
    for (const result of decodeAll(b64(LEGACY_FRAME.subarray(0, length)))) {
      if (length < lastBufferStart) assert.equal(result.kind, 'malformed', `length ${length}`);
      // A cut inside the last buffer is undetectable by design (research §3.2): a shorter buffer.
      else assert.equal(result.kind === 'message' && result.buffers[1]!.size, length - lastBufferStart);
    }
  }
});

function withU64(frame: Buffer, at: number, value: bigint): string {
  const copy = Buffer.from(frame);
  copy.writeBigUInt64LE(value, at);
  return copy.toString('base64');
}

function withU32(frame: Buffer, at: number, value: number): string {
  const copy = Buffer.from(frame);
  copy.writeUInt32BE(value, at);
  return copy.toString('base64');
}

test('v1: counts of 2^32, 2^63 and 2^64-1, offsets past the end or decreasing are malformed', () => {
  const cases: [string, string][] = [
    ['count 2^32', withU64(V1_FRAME, 0, 2n ** 32n)],
    ['count 2^63', withU64(V1_FRAME, 0, 2n ** 63n)],
    ['count 2^64-1', withU64(V1_FRAME, 0, 2n ** 64n - 1n)],
    ['count 5', withU64(V1_FRAME, 0, 5n)],
    ['count 0', withU64(V1_FRAME, 0, 0n)],
    ['offset 2^63', withU64(V1_FRAME, 8 * 3, 2n ** 63n)],
    ['offset past end', withU64(V1_FRAME, 8 * 4, BigInt(V1_FRAME.length + 1))],
    ['decreasing offsets', withU64(V1_FRAME, 8 * 3, 60n)],
    ['first offset wrong', withU64(V1_FRAME, 8, 0n)],
    ['last offset short', withU64(V1_FRAME, 8 * 8, BigInt(V1_FRAME.length - 1))],
    ['channel not a channel', Buffer.from(V1_FRAME.toString('latin1').replace('iopub', 'iopuX'), 'latin1').toString('base64')],
  ];
  for (const [label, data] of cases) assertNotMessage(data, label);
});

test('legacy: counts of 2^31 and 2^32-1, offsets past the end or decreasing are malformed', () => {
  const cases: [string, string][] = [
    ['count 2^32-1', withU32(LEGACY_FRAME, 0, 0xffffffff)],
    ['count 2^31', withU32(LEGACY_FRAME, 0, 0x80000000)],
    ['count 0', withU32(LEGACY_FRAME, 0, 0)],
    ['offset past end', withU32(LEGACY_FRAME, 8, LEGACY_FRAME.length + 1)],
    ['offset 2^32-1', withU32(LEGACY_FRAME, 12, 0xffffffff)],
    ['decreasing offsets', withU32(LEGACY_FRAME, 12, 17)],
    ['first offset wrong', withU32(LEGACY_FRAME, 4, 0)],
  ];
  for (const [label, data] of cases) assertNotMessage(data, label);
});

test('empty, missing, non-string and non-base64 data are malformed', () => {
  const cases: [string, unknown][] = [
    ['empty', ''],
    ['null', null],
    ['missing', undefined],
    ['number', 42],
    ['object', { a: 1 }],
    ['bad characters', '@@@@'],
    ['space inside', 'AAAA AAAA'],
    ['padding in the middle', 'AA==AAAA'],
    ['one char', 'A'],
    ['five chars', 'AAAAA'],
    ['url-safe alphabet', 'AAAA-_'],
    ['newline', 'AAAA\nAAAA'],
  ];
  for (const [label, data] of cases) {
    for (const opcode of [1, 2]) {
      if (opcode === 1 && typeof data === 'string' && data !== '') continue;
      for (const result of decodeAll(data, opcode)) assert.equal(result.kind, 'malformed', `${label} opcode ${opcode}`);
    }
  }
});

test('non-data opcodes are other, whatever they carry', () => {
  for (const opcode of [-1, 0, 8, 9, 10, null, '1', 1.5]) {
    for (const result of decodeAll(b64(V1_FRAME), opcode)) assert.equal(result.kind, 'other', String(opcode));
  }
  assert.equal(decodeFrame({ data: b64(V1_FRAME) }, V1_PROTOCOL).kind, 'other');
});

test('text frames: cut JSON is malformed, JSON that is not a message is other, a bad header is malformed', () => {
  const text = serialize({ ...message([]), buffers: [] } as LabMessage, '') as string;
  for (let length = 1; length < text.length; length += 7) {
    for (const result of decodeAll(text.slice(0, length), 1)) assert.equal(result.kind, 'malformed', `length ${length}`);
  }
  for (const other of ['["stdout", "hi"]', '42', '{"type":"hello"}', 'null']) {
    for (const result of decodeAll(other, 1)) assert.equal(result.kind, 'other', other);
  }
  for (const bad of ['{"header": 1, "channel": "shell"}', '{"header": {"msg_id": "a"}, "channel": "shell"}', '{"header": {"msg_id": "a", "msg_type": "x"}, "channel": "nope"}']) {
    for (const result of decodeAll(bad, 1)) assert.equal(result.kind, 'malformed', bad);
  }
});

test('random byte flips in real frames never throw (3000 cases, seed 13)', () => {
  const random = seededRandom(13);
  for (let i = 0; i < 3000; i++) {
    const copy = Buffer.from(i % 2 === 0 ? V1_FRAME : LEGACY_FRAME);
    for (let k = randomInt(random, 4); k >= 0; k--) copy[randomInt(random, copy.length)] = randomInt(random, 256);
    for (const result of decodeAll(copy.toString('base64'))) {
      if (result.kind === 'message') assert.equal(typeof result.header.msg_id, 'string');
    }
  }
});

test('v1 parts: ASCII ones are cut from one decode, any other byte is read part by part and named when not UTF-8', () => {
  const frame = (parts: Buffer[]) => b64(joinV1(parts));
  const header = Buffer.from('{"msg_id":"m","msg_type":"stream","session":"k"}');
  const content = (text: string) => Buffer.from(JSON.stringify({ name: 'stdout', text }));
  const ascii = decodeFrame({ opcode: 2, data: frame([Buffer.from('iopub'), header, Buffer.from('{}'), Buffer.from('{}'), content('plain'), Buffer.from([0xff, 0x00])]) }, V1_PROTOCOL);
  assert.equal(ascii.kind === 'message' && ascii.content.text, 'plain');
  assert.deepEqual(ascii.kind === 'message' && ascii.buffers, [{ size: 2, base64: '/wA=' }]);
  const wide = decodeFrame({ opcode: 2, data: frame([Buffer.from('iopub'), header, Buffer.from('{}'), Buffer.from('{}'), content('ünï 🚀')]) }, V1_PROTOCOL);
  assert.equal(wide.kind === 'message' && wide.content.text, 'ünï 🚀');
  const names = ['channel', 'header', 'parent_header', 'metadata', 'content'];
  names.forEach((name, i) => {
    const parts = [Buffer.from('iopub'), header, Buffer.from('{}'), Buffer.from('{}'), content('x')];
    parts[i] = Buffer.concat([parts[i]!.subarray(0, 1), Buffer.from([0xc3]), parts[i]!.subarray(1)]);
    const result = decodeFrame({ opcode: 2, data: frame(parts) }, V1_PROTOCOL);
    assert.deepEqual(result, { kind: 'malformed', reason: `v1: ${name} is not UTF-8` });
  });
});

test('v1 parts: what the short path refuses (lenient NaN, deep nesting, bad JSON, wrong shapes in any part) reads as part by part, with its reason', () => {
  const frame = (parts: Buffer[]) => b64(joinV1(parts));
  const base = ['iopub', '{"msg_id":"m","msg_type":"stream","session":"k","date":"2024-05-01T00:00:00Z"}', '{"msg_id":"p","msg_type":"execute_request"}', '{}', '{"name":"stdout","text":"x"}'];
  const deep = `${'['.repeat(1001)}${']'.repeat(1001)}`;
  const cases: [number, string, FrameDecode][] = [
    [1, '{"msg_id":"m","msg_type":"stream","n":NaN}', { kind: 'message' } as FrameDecode],
    [4, '{"name":"stdout","text":"x","v":-Infinity}', { kind: 'message' } as FrameDecode],
    [1, deep, { kind: 'malformed', reason: 'v1: header: JSON nested deeper than 1000 levels' }],
    [3, `{"a":${deep}}`, { kind: 'malformed', reason: 'v1: metadata: JSON nested deeper than 1000 levels' }],
    [2, '{"msg_id":', { kind: 'malformed', reason: '' } as FrameDecode],
    [4, '{"name":"stdout",}', { kind: 'malformed', reason: '' } as FrameDecode],
    [0, 'iopubx', { kind: 'malformed', reason: 'v1: channel "iopubx" is not shell/control/iopub/stdin' }],
    [1, '[]', { kind: 'malformed', reason: 'v1: header is an array, not an object' }],
    [1, '{"msg_id":1,"msg_type":"stream"}', { kind: 'malformed', reason: 'v1: header.msg_id is not a string' }],
    [1, '{"msg_id":"m","msg_type":""}', { kind: 'malformed', reason: 'v1: header.msg_type is not a non-empty string' }],
    [1, '{"msg_id":"m","msg_type":"stream","date":5,"session":3}', { kind: 'malformed', reason: 'v1: header.session is not a string' }],
    [1, '{"msg_id":"m","msg_type":"stream","version":[],"username":{}}', { kind: 'malformed', reason: 'v1: header.username is not a string' }],
    [1, '{"msg_id":"m","msg_type":"stream","version":null}', { kind: 'malformed', reason: 'v1: header.version is not a string' }],
    [2, '"p"', { kind: 'malformed', reason: 'v1: parent_header is "p", not an object' }],
    [3, '7', { kind: 'malformed', reason: 'v1: metadata is 7, not an object' }],
    [4, 'true', { kind: 'malformed', reason: 'v1: content is true, not an object' }],
    [2, 'null', { kind: 'message' } as FrameDecode],
    [4, '{"name":"stdout","data":"old"}', { kind: 'message' } as FrameDecode],
  ];
  for (const [at, text, want] of cases) {
    const texts = [...base];
    texts[at] = text;
    const got = decodeFrame({ opcode: 2, data: frame(texts.map((t) => Buffer.from(t))) }, V1_PROTOCOL);
    const label = `part ${at} = ${text.slice(0, 60)}`;
    assert.equal(got.kind, want.kind, `${label}: ${JSON.stringify(got).slice(0, 200)}`);
    if (want.kind === 'malformed' && want.reason !== '') assert.equal(got.kind === 'malformed' && got.reason, want.reason, label);
    if (want.kind === 'malformed' && want.reason === '') assert.match(got.kind === 'malformed' ? got.reason : '', /^v1: (parent_header|content): invalid JSON: /, label);
  }
  // Lenient constants read as null, NaN and -Infinity alike; protocol-4 stream data is renamed text.
  const nan = decodeFrame({ opcode: 2, data: frame([base[0]!, '{"msg_id":"m","msg_type":"stream","n":NaN}', base[2]!, base[3]!, base[4]!].map((t) => Buffer.from(t))) }, V1_PROTOCOL);
  assert.equal(nan.kind === 'message' && nan.header.n, null);
  const old = decodeFrame({ opcode: 2, data: frame([...base.slice(0, 4), '{"name":"stdout","data":"old"}'].map((t) => Buffer.from(t))) }, V1_PROTOCOL);
  assert.deepEqual(old.kind === 'message' && old.content, { name: 'stdout', text: 'old' });
  const none = decodeFrame({ opcode: 2, data: frame([...base.slice(0, 2), 'null', base[3]!, base[4]!].map((t) => Buffer.from(t))) }, V1_PROTOCOL);
  assert.deepEqual(none.kind === 'message' && none.parent_header, {});
});
