/**
 * splitV1 reads its offset table as 32-bit words and turns to 64-bit values only when a high
 * word is set. Held here to the 64-bit reading it replaced (every count and offset a bigint),
 * kept verbatim as the oracle: the same parts or the same reason, and the same reason through
 * decodeFrame, for lying counts and offsets with their high word set (a frame whose low words
 * alone are a valid table must still fail), at 2^32 and past, truncations and random tables.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFrame, V1_PROTOCOL } from '../../src/kernel/codec.js';
import { joinV1 } from '../../src/kernel/wire-encode.js';
import { splitV1, type Layout } from '../../src/kernel/wire-layout.js';
import { randomInt, seededRandom } from '../helpers/random.js';

/** The 64-bit reading splitV1 had before (bench/notes.md, "kdframe"). */
function oracleSplitV1(bytes: Uint8Array): Layout {
  const length = bytes.byteLength;
  if (length < 8) return { ok: false, reason: `v1: ${length} bytes, too short for the offset count` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  const count = view.getBigUint64(0, true);
  if (count < 6n) return { ok: false, reason: `v1: offset count ${count} is below 6` };
  const tableEnd = 8n * (count + 1n);
  if (tableEnd > BigInt(length)) return { ok: false, reason: `v1: offset count ${count} needs ${tableEnd} bytes, frame has ${length}` };
  const n = Number(count);
  const offsets: number[] = [];
  for (let i = 0; i < n; i++) {
    const offset = view.getBigUint64(8 * (i + 1), true);
    if (offset > BigInt(length)) return { ok: false, reason: `v1: offsets[${i}] = ${offset} is past the end (${length})` };
    offsets.push(Number(offset));
  }
  if (offsets[0] !== Number(tableEnd)) return { ok: false, reason: `v1: offsets[0] = ${offsets[0]}, expected ${tableEnd}` };
  for (let i = 1; i < offsets.length; i++) {
    if (offsets[i]! < offsets[i - 1]!) return { ok: false, reason: `v1: offsets[${i}] is below offsets[${i - 1}]` };
  }
  if (offsets[n - 1] !== length) return { ok: false, reason: `v1: last offset ${offsets[n - 1]} is not the frame length ${length}` };
  const parts: Uint8Array[] = [];
  for (let i = 0; i + 1 < n; i++) parts.push(bytes.subarray(offsets[i], offsets[i + 1]));
  return { ok: true, parts };
}

const PARTS = ['iopub', '{"msg_id":"m1","msg_type":"stream","session":"s"}', '{}', '{}', '{"name":"stdout","text":"hi"}'].map((text) => Buffer.from(text));
const FRAME = Buffer.from(joinV1([...PARTS, Buffer.from([1, 2, 3]), Buffer.from([])]));
const COUNT = Number(FRAME.readBigUInt64LE(0));

function assertSame(bytes: Buffer, label: string): void {
  const got = splitV1(bytes);
  const want = oracleSplitV1(bytes);
  if (!want.ok) {
    assert.deepEqual(got, want, label);
  } else {
    assert.ok(got.ok, `${label}: ${got.ok ? '' : got.reason}`);
    assert.deepEqual(got.parts.map((part) => Buffer.from(part).toString('hex')), want.parts.map((part) => Buffer.from(part).toString('hex')), label);
  }
  // Through the codec the v1 reason is the first of the two (no legacy table fits these frames).
  const decoded = decodeFrame({ opcode: 2, data: bytes.toString('base64') }, V1_PROTOCOL);
  if (!want.ok) {
    assert.equal(decoded.kind, 'malformed', label);
    assert.ok(decoded.kind === 'malformed' && decoded.reason.startsWith(`binary frame fits neither layout (${want.reason}; `), `${label}: ${JSON.stringify(decoded)}`);
  }
}

function withWord(frame: Buffer, at: number, value: number): Buffer {
  const copy = Buffer.from(frame);
  copy.writeUInt32LE(value >>> 0, at);
  return copy;
}

test('v1 frames: the 32-bit reading agrees with the 64-bit one on a valid frame', () => {
  assertSame(FRAME, 'valid');
  const got = splitV1(FRAME);
  assert.ok(got.ok);
  assert.deepEqual(got.parts.map((part) => Buffer.from(part).toString()), [...PARTS.map(String), '\u0001\u0002\u0003', '']);
});

test('v1 frames: a high word set on the count or on any offset fails with the 64-bit reason, even when the low words are a valid table', () => {
  for (const high of [1, 2, 0x7fffffff, 0x80000000, 0xffffffff]) {
    assertSame(withWord(FRAME, 4, high), `count high word ${high}`);
    for (let i = 0; i < COUNT; i++) assertSame(withWord(FRAME, 8 * (i + 1) + 4, high), `offsets[${i}] high word ${high}`);
  }
});

test('v1 frames: counts and offsets at and around 2^32, below 6 and past the end', () => {
  const cases: [string, Buffer][] = [];
  for (const count of [0n, 1n, 5n, 6n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 32n + 6n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n]) {
    const copy = Buffer.from(FRAME);
    copy.writeBigUInt64LE(count, 0);
    cases.push([`count ${count}`, copy]);
  }
  for (let i = 0; i < COUNT; i++) {
    for (const offset of [0n, 8n * BigInt(COUNT + 1), BigInt(FRAME.length), BigInt(FRAME.length + 1), 2n ** 32n - 1n, 2n ** 32n, 2n ** 32n + BigInt(FRAME.length), 2n ** 64n - 1n]) {
      const copy = Buffer.from(FRAME);
      copy.writeBigUInt64LE(offset, 8 * (i + 1));
      cases.push([`offsets[${i}] = ${offset}`, copy]);
    }
  }
  for (let length = 1; length <= FRAME.length; length++) cases.push([`cut at ${length}`, FRAME.subarray(0, length)]);
  for (const [label, bytes] of cases) assertSame(bytes, label);
});

test('v1 frames: random offset tables, some words with the high bit set (3000 cases, seed 17)', () => {
  const random = seededRandom(17);
  for (let k = 0; k < 3000; k++) {
    const count = 6 + randomInt(random, 5);
    const length = 8 * (count + 1) + randomInt(random, 40);
    const bytes = Buffer.alloc(length);
    bytes.writeUInt32LE(count, 0);
    let at = 8 * (count + 1);
    for (let i = 0; i < count; i++) {
      bytes.writeUInt32LE(i === count - 1 ? length : at, 8 * (i + 1));
      at = Math.min(length, at + randomInt(random, 8));
    }
    // Spoil a few words: high words, low words, the count.
    for (let s = randomInt(random, 3); s > 0; s--) {
      const word = 4 * randomInt(random, 2 * (count + 1));
      const value = [0, 1, 0x80000000, 0xffffffff, randomInt(random, length + 2)][randomInt(random, 5)]!;
      bytes.writeUInt32LE(value, word);
    }
    assertSame(bytes, `case ${k}: ${bytes.subarray(0, 8 * (count + 1)).toString('hex')}`);
  }
});
