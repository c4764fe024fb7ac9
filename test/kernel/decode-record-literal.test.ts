/**
 * decodeFrameRecord builds its record in one literal from `decodeMessage` (no spreads, for speed);
 * it must give, byte for byte once stringified (so key order too), the record the plain
 * definition gives: the frame context spread in, then the lifted header fields, then the
 * message `decodeFrame` returns. Checked on every frame of every sample and on made frames
 * for each branch (protocol 4 renames, malformed parts, error frames, other sockets, buffers).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { decodeFrame, V1_PROTOCOL } from '../../src/kernel/codec.js';
import { decodeFrameRecord, type FrameRecordLike } from '../../src/kernel/decode-record.js';
import { parentMsgId, parentMsgType } from '../../src/kernel/messages.js';
import { joinLegacyBinary, joinV1 } from '../../src/kernel/wire-encode.js';
import { entryFrames } from '../../src/ws/frames.js';

const SAMPLES = new URL('../../../samples/', import.meta.url);

function integerOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The record as first written: context spread, then the message spread. */
function plainRecord(record: FrameRecordLike): unknown {
  const context = {
    frame: { entry: integerOrNull(record.entry), index: integerOrNull(record.index), session_id: stringOrNull(record.session_id) },
    time: typeof record.time === 'number' && Number.isFinite(record.time) ? record.time : null,
    iso: stringOrNull(record.iso),
    direction: record.type === 'send' || record.type === 'receive' ? record.type : null,
    kernel_id: stringOrNull(record.kernel_id),
  };
  const decoded = decodeFrame(record, stringOrNull(record.protocol));
  const isErrorFrame = record.type === 'error' || record.opcode === -1;
  const onKernelChannel = context.kernel_id !== null;
  if (decoded.kind === 'message') {
    const { wire, channel, header, parent_header, metadata, content, buffers } = decoded;
    return {
      kind: 'message',
      ...context,
      channel,
      msg_id: header.msg_id,
      msg_type: header.msg_type,
      parent_msg_id: parentMsgId(decoded),
      parent_msg_type: parentMsgType(decoded),
      session: header.session ?? null,
      wire,
      header,
      parent_header,
      metadata,
      content,
      buffers,
    };
  }
  if (onKernelChannel && !isErrorFrame) return { kind: 'malformed', ...context, reason: decoded.reason, size: integerOrNull(record.size) };
  return { kind: 'other', ...context, reason: onKernelChannel ? decoded.reason : `not a kernel channel: ${decoded.reason}` };
}

function assertSame(frame: FrameRecordLike, label: string): void {
  assert.equal(JSON.stringify(decodeFrameRecord(frame)), JSON.stringify(plainRecord(frame)), label);
}

test('every frame of every sample decodes to the record of the plain definition', () => {
  let frames = 0;
  for (const name of readdirSync(SAMPLES).filter((file) => file.endsWith('.har'))) {
    const har = JSON.parse(readFileSync(new URL(name, SAMPLES), 'utf8')) as { log: { entries: unknown[] } };
    har.log.entries.forEach((entry, index) => {
      for (const frame of entryFrames(entry, index).frames) {
        assertSame(frame, `${name} entry ${index} frame ${frame.index}`);
        frames++;
      }
    });
  }
  assert.ok(frames > 20000, `${frames} frames`);
});

const CONTEXT = {
  entry: 4,
  url: 'ws://h/api/kernels/k-1/channels?session_id=s-1',
  kernel_id: 'k-1',
  session_id: 's-1',
  protocol: null,
  index: 2,
  time: 1700000000.25,
  iso: '2023-11-14T22:13:20.250Z',
  type: 'receive',
  opcode: 1,
  size: 10,
};

function text(message: Record<string, unknown>): string {
  return JSON.stringify(message);
}

const HEADER = { msg_id: 'm\u00e9-1', msg_type: 'stream', session: 'k', username: 'u', date: '2024-01-01T00:00:00Z', version: '5.3' };

test('made frames of every branch decode to the record of the plain definition', () => {
  const v1 = (parts: string[], buffers: number[][] = []) =>
    Buffer.from(joinV1([Buffer.from('iopub'), ...parts.map((part) => Buffer.from(part)), ...buffers.map((b) => Buffer.from(b))])).toString('base64');
  const legacyBinary = (json: string, buffers: number[][]) => Buffer.from(joinLegacyBinary([Buffer.from(json), ...buffers.map((b) => Buffer.from(b))])).toString('base64');
  const message = { header: HEADER, parent_header: { msg_id: 'p', msg_type: 'execute_request' }, metadata: { a: 1 }, content: { name: 'stdout', text: 'x' }, channel: 'iopub' };
  const frames: [string, FrameRecordLike][] = [
    ['legacy text', { ...CONTEXT, data: text(message) }],
    ['protocol 4 names', { ...CONTEXT, data: text({ ...message, header: { ...HEADER, msg_type: 'pyout' }, parent_header: { msg_id: 'p', msg_type: 'pyin' } }) }],
    ['stream data → text', { ...CONTEXT, data: text({ ...message, content: { name: 'stdout', data: 'old' } }) }],
    ['null parts become {}', { ...CONTEXT, data: text({ header: HEADER, parent_header: null, metadata: null, channel: 'shell' }) }],
    ['Python constants', { ...CONTEXT, data: '{"header":{"msg_id":"a","msg_type":"x"},"channel":"shell","content":{"v":NaN,"w":-Infinity}}' }],
    ['escapes and numbers', { ...CONTEXT, data: '{"header":{"msg_id":"\\u0061\\/","msg_type":"x"},"channel":"shell","content":{"n":[1e5,-0,1.0,1E-7],"s":"\\ud83d\\ude80\\u001b"}}' }],
    ['duplicate keys', { ...CONTEXT, data: '{"header":{"msg_id":"a","msg_type":"x"},"channel":"shell","content":{"k":1,"k":2},"content":{"z":3}}' }],
    ['integer-like keys', { ...CONTEXT, data: '{"header":{"msg_id":"a","msg_type":"x","2":"b","1":"a"},"channel":"shell","content":{"b":1,"10":2,"9":3}}' }],
    ['header not an object', { ...CONTEXT, data: text({ ...message, header: [1] }) }],
    ['no msg_id', { ...CONTEXT, data: text({ ...message, header: { msg_type: 'x' } }) }],
    ['header.session a number', { ...CONTEXT, data: text({ ...message, header: { ...HEADER, session: 3 } }) }],
    ['content an array', { ...CONTEXT, data: text({ ...message, content: [] }) }],
    ['metadata a string', { ...CONTEXT, data: text({ ...message, metadata: 'm' }) }],
    ['bad channel', { ...CONTEXT, data: text({ ...message, channel: 'nope' }) }],
    ['JSON but no header', { ...CONTEXT, data: '[1,2]' }],
    ['not JSON', { ...CONTEXT, data: '{"header":' }],
    ['too deep', { ...CONTEXT, data: `${'['.repeat(1200)}${']'.repeat(1200)}` }],
    ['empty data', { ...CONTEXT, data: '' }],
    ['data not a string', { ...CONTEXT, data: 3 }],
    ['error frame', { ...CONTEXT, type: 'error', opcode: -1, data: 'reset' }],
    ['ping', { ...CONTEXT, opcode: 9, data: '' }],
    ['other socket', { ...CONTEXT, kernel_id: null, url: 'ws://h/x', data: text(message) }],
    ['odd context fields', { ...CONTEXT, entry: 1.5, index: '2', time: Number.NaN, iso: 7, type: 'sent', session_id: null, data: text(message) }],
    ['v1 with buffers', { ...CONTEXT, opcode: 2, protocol: V1_PROTOCOL, data: v1([text(HEADER), '{}', '{}', '{"x":1}'], [[1, 2, 3], []]) }],
    ['v1 with a bad part', { ...CONTEXT, opcode: 2, protocol: V1_PROTOCOL, data: v1([text(HEADER), '{}', '{', '{}']) }],
    ['legacy binary with a buffer', { ...CONTEXT, opcode: 2, data: legacyBinary(text(message), [[9, 8]]) }],
    ['bad base64', { ...CONTEXT, opcode: 2, data: 'AA-A' }],
  ];
  for (const [label, frame] of frames) assertSame(frame, label);
});
