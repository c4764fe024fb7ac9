/**
 * JupyterLab's own serializer is the oracle: whatever it puts on the wire, in either protocol,
 * decodeFrame must read back as the message JupyterLab itself deserializes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deserialize, serialize } from '@jupyterlab/services/lib/kernel/serialize.js';
import { decodeFrame, V1_PROTOCOL } from '../../src/kernel/codec.js';
import type { BufferRef, JsonObject } from '../../src/kernel/messages.js';

type LabMessage = Parameters<typeof serialize>[0];

interface Sample {
  name: string;
  channel: string;
  header: JsonObject;
  parent_header: JsonObject;
  metadata: JsonObject;
  content: JsonObject;
  buffers: Uint8Array[];
}

function header(msg_type: string, msg_id: string, extra: JsonObject = {}): JsonObject {
  return { msg_id, msg_type, session: 's-1', username: '', date: '2024-05-01T10:11:12.123Z', version: '5.3', ...extra };
}

const SAMPLES: Sample[] = [
  {
    name: 'execute_request with cell metadata',
    channel: 'shell',
    header: header('execute_request', 'req-1', { subshell_id: null }),
    parent_header: {},
    metadata: { cellId: 'c1', deletedCells: [], recordTiming: false },
    content: { code: 'print("hi")', silent: false, store_history: true, user_expressions: {}, allow_stdin: true, stop_on_error: true },
    buffers: [],
  },
  {
    name: 'status busy with a parent',
    channel: 'iopub',
    header: header('status', 'k_1_7', { date: '2024-05-01T10:11:12.123456Z' }),
    parent_header: header('execute_request', 'req-1'),
    metadata: {},
    content: { execution_state: 'busy' },
    buffers: [],
  },
  {
    name: 'stream with non-ASCII text',
    channel: 'iopub',
    header: header('stream', 'k_1_8', { username: 'Jürgen' }),
    parent_header: header('execute_request', 'req-1'),
    metadata: {},
    content: { name: 'stdout', text: 'héllo 中文 😀 \u2028 "quoted" \\ \n' },
    buffers: [],
  },
  {
    name: 'comm_msg with one buffer',
    channel: 'shell',
    header: header('comm_msg', 'req-2'),
    parent_header: {},
    metadata: {},
    content: { comm_id: 'c', data: { method: 'update', state: {}, buffer_paths: [['value']] } },
    buffers: [Uint8Array.from([1, 2, 3])],
  },
  {
    name: 'comm_msg with three buffers, one empty, non-ASCII state',
    channel: 'iopub',
    header: header('comm_msg', 'k_1_9'),
    parent_header: header('comm_msg', 'req-2'),
    metadata: { ünïcode: true },
    content: { comm_id: 'c', data: { method: 'update', state: { label: 'ΔT → ∞' }, buffer_paths: [['a'], ['b'], ['c']] } },
    buffers: [Uint8Array.from([0, 255, 128, 10]), new Uint8Array(0), Uint8Array.from({ length: 300 }, (_, i) => i % 256)],
  },
  {
    name: 'input_request on stdin',
    channel: 'stdin',
    header: header('input_request', 'k_1_10'),
    parent_header: header('execute_request', 'req-1'),
    metadata: {},
    content: { prompt: 'Name? ', password: false },
    buffers: [],
  },
];

function toLab(sample: Sample): LabMessage {
  // serialize mutates (it deletes msg.buffers), so every call gets fresh objects.
  return structuredClone({
    channel: sample.channel,
    header: sample.header,
    parent_header: sample.parent_header,
    metadata: sample.metadata,
    content: sample.content,
    buffers: sample.buffers.map((b) => b.slice().buffer),
  }) as unknown as LabMessage;
}

function refs(buffers: readonly (ArrayBuffer | ArrayBufferView)[] | undefined): BufferRef[] {
  return (buffers ?? []).map((b) => {
    const bytes = ArrayBuffer.isView(b) ? Buffer.from(b.buffer, b.byteOffset, b.byteLength) : Buffer.from(b);
    return { size: bytes.byteLength, base64: bytes.toString('base64') };
  });
}

function wireFrame(wire: string | ArrayBuffer): { opcode: number; data: string } {
  return typeof wire === 'string' ? { opcode: 1, data: wire } : { opcode: 2, data: Buffer.from(wire).toString('base64') };
}

function labView(wire: string | ArrayBuffer, protocol: string): JsonObject {
  const msg = deserialize(wire as ArrayBuffer, protocol) as unknown as JsonObject & { buffers?: ArrayBufferView[] };
  return {
    channel: msg.channel,
    header: msg.header,
    parent_header: msg.parent_header,
    metadata: msg.metadata,
    content: msg.content,
    buffers: refs(msg.buffers),
  };
}

const PROTOCOLS = [
  { label: 'legacy', protocol: '' },
  { label: 'v1', protocol: V1_PROTOCOL },
];

for (const { label, protocol } of PROTOCOLS) {
  for (const sample of SAMPLES) {
    for (const hint of [protocol === '' ? null : protocol, null, V1_PROTOCOL]) {
      test(`${label}: ${sample.name} decodes as JupyterLab reads it (hint ${hint})`, () => {
        const wire = serialize(toLab(sample), protocol);
        const decoded = decodeFrame(wireFrame(wire), hint);
        assert.equal(decoded.kind, 'message', decoded.kind === 'message' ? '' : decoded.reason);
        if (decoded.kind !== 'message') return;
        const { channel, header, parent_header, metadata, content, buffers } = decoded;
        assert.deepEqual({ channel, header, parent_header, metadata, content, buffers }, labView(wire, protocol));
        assert.deepEqual(buffers, refs(sample.buffers));
        const expectedWire = protocol === V1_PROTOCOL ? 'v1' : sample.buffers.length > 0 ? 'legacy-binary' : 'legacy-text';
        assert.equal(decoded.wire, expectedWire);
      });
    }
  }
}

test('v1 frames are always binary, legacy frames are text unless there are buffers', () => {
  for (const sample of SAMPLES) {
    assert.equal(typeof serialize(toLab(sample), V1_PROTOCOL), 'object');
    assert.equal(typeof serialize(toLab(sample), ''), sample.buffers.length > 0 ? 'object' : 'string');
  }
});

test('the research worked example (v1, status busy, compact JSON) decodes', () => {
  const hex =
    '0600000000000000' + '3800000000000000' + '3d00000000000000' + '6000000000000000' +
    '6200000000000000' + '6400000000000000' + '7e00000000000000';
  const body = 'iopub{"msg_id":"m1","msg_type":"status"}{}{}{"execution_state":"busy"}';
  const bytes = Buffer.concat([Buffer.from(hex, 'hex'), Buffer.from(body)]);
  assert.equal(bytes.length, 0x7e);
  const decoded = decodeFrame({ opcode: 2, data: bytes.toString('base64') }, null);
  assert.equal(decoded.kind, 'message');
  if (decoded.kind !== 'message') return;
  assert.equal(decoded.channel, 'iopub');
  assert.deepEqual(decoded.header, { msg_id: 'm1', msg_type: 'status' });
  assert.deepEqual(decoded.content, { execution_state: 'busy' });
});

test('a legacy server text frame with top-level msg_id/msg_type and Python NaN decodes', () => {
  const text =
    '{"header": {"msg_id": "k_1_3", "msg_type": "execute_result", "session": "k", "date": "2024-05-01T10:11:12.123456Z"}, ' +
    '"msg_id": "k_1_3", "msg_type": "execute_result", "parent_header": {"msg_id": "req-1", "msg_type": "execute_request"}, ' +
    '"metadata": {}, "content": {"execution_count": 2, "data": {"text/plain": "nan"}, "metadata": {"x": NaN, "y": -Infinity, "s": "NaN"}}, ' +
    '"buffers": [], "channel": "iopub"}';
  const decoded = decodeFrame({ opcode: 1, data: text }, null);
  assert.equal(decoded.kind, 'message');
  if (decoded.kind !== 'message') return;
  assert.deepEqual(decoded.content.metadata, { x: null, y: null, s: 'NaN' });
  assert.equal(decoded.header.msg_type, 'execute_result');
});

test('protocol-4 names arriving on v1 are mapped to their 5.x names', () => {
  const cases: [string, JsonObject, string, JsonObject][] = [
    ['pyin', { code: '1+1', execution_count: 1 }, 'execute_input', { code: '1+1', execution_count: 1 }],
    ['pyout', { data: { 'text/plain': '2' }, execution_count: 1 }, 'execute_result', { data: { 'text/plain': '2' }, execution_count: 1 }],
    ['pyerr', { ename: 'E', evalue: 'v', traceback: [] }, 'error', { ename: 'E', evalue: 'v', traceback: [] }],
    ['stream', { name: 'stdout', data: 'hi\n' }, 'stream', { name: 'stdout', text: 'hi\n' }],
  ];
  for (const [oldType, content, newType, newContent] of cases) {
    const sample: Sample = {
      name: oldType,
      channel: 'iopub',
      header: header(oldType, `old-${oldType}`),
      parent_header: header('object_info_request', 'req-9'),
      metadata: {},
      content,
      buffers: [],
    };
    const decoded = decodeFrame(wireFrame(serialize(toLab(sample), V1_PROTOCOL)), V1_PROTOCOL);
    assert.equal(decoded.kind, 'message');
    if (decoded.kind !== 'message') continue;
    assert.equal(decoded.header.msg_type, newType);
    assert.equal(decoded.parent_header.msg_type, 'inspect_request');
    assert.deepEqual(decoded.content, newContent);
  }
});
