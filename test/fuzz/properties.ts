/**
 * The fuzz properties (issue 13), with fast-check: the scanner against JSON.parse on generated
 * and mutated documents, the frame codecs on mutated real frames, and the terminal escaping.
 * `npm test` runs them briefly (short.test.ts); `npm run fuzz` runs a million cases (run.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { decodeFrameRecord } from '../../src/kernel/decode-record.js';
import { bufferSource } from '../../src/read/input.js';
import { visibleLines, visibleText } from '../../src/write/terminal-text.js';
import type { FrameRecord } from '../../src/ws/frames.js';
import { streamFrames } from '../../src/ws/stream.js';
import { ROOT } from '../helpers/cli.js';
import { splitAt } from '../helpers/feed.js';
import { viaJsonParse, viaScanner } from '../helpers/json-oracle.js';

/** Splits bytes at the given cut points (mod length), as chunks arriving from a stream. */
function chunked(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  return splitAt(bytes, [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % (bytes.length + 1))))].sort((a, b) => a - b));
}

/** The scanner accepts exactly what JSON.parse accepts, and builds the same value, however the bytes are chunked. */
function agreeWithJsonParse(bytes: Buffer, cuts: readonly number[]): void {
  const expected = viaJsonParse(bytes);
  const actual = viaScanner(chunked(bytes, cuts));
  assert.equal(actual.ok, expected.ok, `accepts ${JSON.stringify(bytes.toString('utf8').slice(0, 200))}`);
  if (expected.ok && actual.ok) assert.deepStrictEqual(actual.value, expected.value);
}

const cuts = fc.array(fc.nat(), { maxLength: 4 });

export const scannerOnGenerated = fc.property(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(undefined, 0, 1, 2, '\t'), cuts, (value, indent, at) => {
  agreeWithJsonParse(Buffer.from(JSON.stringify(value, null, indent), 'utf8'), at);
});

/** Bytes that matter to a JSON parser, and some that do not belong at all. */
const SIGNIFICANT = [...'{}[]":,\\ \n\t0123456789-+.eEtrufalsn/bu'].map((c) => c.charCodeAt(0)).concat([0x00, 0x1f, 0x7f, 0xc3, 0xff, 0xef, 0xbb, 0xbf]);
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), byte: fc.constantFrom(...SIGNIFICANT) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.constantFrom(...SIGNIFICANT) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), byte: fc.constant(0) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(), byte: fc.constant(0) }),
);

function mutate(bytes: Buffer, mutations: readonly { kind: 'replace' | 'insert' | 'delete' | 'truncate'; at: number; byte: number }[]): Buffer {
  let out = Buffer.from(bytes);
  for (const { kind, at, byte } of mutations) {
    const i = out.length === 0 ? 0 : at % out.length;
    if (kind === 'replace' && out.length > 0) out[i] = byte;
    else if (kind === 'insert') out = Buffer.concat([out.subarray(0, i), Buffer.from([byte]), out.subarray(i)]);
    else if (kind === 'delete') out = Buffer.concat([out.subarray(0, i), out.subarray(i + 1)]);
    else if (kind === 'truncate') out = out.subarray(0, i);
  }
  return out;
}

export const scannerOnMutated = fc.property(fc.jsonValue({ maxDepth: 5 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), cuts, (value, mutations, at) => {
  agreeWithJsonParse(mutate(Buffer.from(JSON.stringify(value), 'utf8'), mutations), at);
});

/** Real frames of the samples (both protocols, text and binary), read once. */
let realFrames: FrameRecord[] | null = null;
export async function loadRealFrames(): Promise<FrameRecord[]> {
  if (realFrames !== null) return realFrames;
  const frames: FrameRecord[] = [];
  for (const name of ['notebook6-session.har', 'jupyter-server-v1.har']) {
    const source = bufferSource(name, readFileSync(join(ROOT, 'samples', name)));
    for await (const { item } of streamFrames([source])) if (item.kind === 'frame' && item.frame.data !== null) frames.push(item.frame);
  }
  realFrames = frames;
  return frames;
}

function mutatedData(frame: FrameRecord, mutations: Parameters<typeof mutate>[1]): string {
  const text = frame.data ?? '';
  if (frame.opcode === 1) return mutate(Buffer.from(text, 'utf8'), mutations).toString('utf8');
  return mutate(Buffer.from(text, 'base64'), mutations).toString('base64');
}

/** A mutated real frame (payload, and sometimes opcode, protocol or type) decodes to exactly one record, never a throw. */
export function framesProperty(frames: readonly FrameRecord[]) {
  return fc.property(
    fc.nat(frames.length - 1),
    fc.array(mutation, { minLength: 1, maxLength: 4 }),
    fc.option(fc.constantFrom<unknown>(1, 2, 0, -1, 8, 'x', null, 1.5), { nil: undefined }),
    fc.option(fc.constantFrom<unknown>(null, 'v1.kernel.websocket.jupyter.org', '', 5), { nil: undefined }),
    fc.option(fc.constantFrom<unknown>('send', 'receive', 'error', null, 7), { nil: undefined }),
    (index, mutations, opcode, protocol, type) => {
      const frame = frames[index]!;
      const record = { ...frame, data: mutatedData(frame, mutations), ...(opcode === undefined ? {} : { opcode }), ...(protocol === undefined ? {} : { protocol }), ...(type === undefined ? {} : { type }) };
      const decoded = decodeFrameRecord(record);
      assert.ok(decoded !== null && typeof decoded === 'object' && !Array.isArray(decoded), 'one record');
      assert.ok(['message', 'other', 'malformed'].includes(decoded.kind), `kind ${String(decoded.kind)}`);
      JSON.stringify(decoded);
    },
  );
}

const anyText = fc.string({ unit: 'binary', maxLength: 200 });
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** No control character from data survives the escaping; with SGR kept, only ESC [ digits m does. */
export const escaping = fc.property(anyText, fc.array(fc.constantFrom('\u001b]0;t\u0007', '\u001b[31m', '\u001b[2J', '\r', '\u009b', '\u001b]8;;x\u001b\\', '\n', '\t'), { maxLength: 4 }), (text, sequences) => {
  const data = sequences.reduce((acc, s, i) => acc.slice(0, (i * 7) % (acc.length + 1)) + s + acc.slice((i * 7) % (acc.length + 1)), text);
  assert.doesNotMatch(visibleText(data), CONTROL);
  assert.doesNotMatch(visibleLines(data).replace(/[\n\t]/g, ''), CONTROL);
  assert.doesNotMatch(visibleLines(data, true).replace(/\u001b\[[0-9;]*m/g, '').replace(/[\n\t]/g, ''), CONTROL);
});
