import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFrameRecord } from '../../src/kernel/decode-record.js';

const base = {
  entry: 3,
  url: 'ws://h/api/kernels/k-1/channels?session_id=client-1',
  kernel_id: 'k-1',
  session_id: 'client-1',
  protocol: null,
  index: 9,
  time: 1700000000.5,
  iso: '2023-11-14T22:13:20.500Z',
};

const STATUS = JSON.stringify({
  header: { msg_id: 'k_1_2', msg_type: 'status', session: 'kernel-a', date: '2023-11-14T22:13:20.400000Z' },
  parent_header: { msg_id: 'req-1', msg_type: 'execute_request', session: 'client-1' },
  metadata: {},
  content: { execution_state: 'idle' },
  buffers: [],
  channel: 'iopub',
});

test('a kernel frame becomes a message record with the flat lookup fields', () => {
  const record = decodeFrameRecord({ ...base, type: 'receive', opcode: 1, size: STATUS.length, data: STATUS });
  assert.deepEqual(record, {
    kind: 'message',
    frame: { entry: 3, index: 9, session_id: 'client-1' },
    time: 1700000000.5,
    iso: '2023-11-14T22:13:20.500Z',
    direction: 'receive',
    kernel_id: 'k-1',
    channel: 'iopub',
    msg_id: 'k_1_2',
    msg_type: 'status',
    parent_msg_id: 'req-1',
    parent_msg_type: 'execute_request',
    session: 'kernel-a',
    wire: 'legacy-text',
    header: { msg_id: 'k_1_2', msg_type: 'status', session: 'kernel-a', date: '2023-11-14T22:13:20.400000Z' },
    parent_header: { msg_id: 'req-1', msg_type: 'execute_request', session: 'client-1' },
    metadata: {},
    content: { execution_state: 'idle' },
    buffers: [],
  });
});

test('on a kernel channel, a data frame that is not a message is malformed; error frames are other', () => {
  const junk = decodeFrameRecord({ ...base, type: 'receive', opcode: 1, size: 4, data: '[1]' });
  assert.equal(junk.kind, 'malformed');
  assert.equal(junk.kind === 'malformed' && junk.size, 4);
  const cut = decodeFrameRecord({ ...base, type: 'receive', opcode: 2, size: 3, data: 'AAAA' });
  assert.equal(cut.kind, 'malformed');
  const error = decodeFrameRecord({ ...base, type: 'error', opcode: -1, size: 5, data: 'reset' });
  assert.equal(error.kind, 'other');
  assert.equal(error.direction, null);
});

test('other sockets give other records, and a message on a non-kernel URL is still decoded', () => {
  const terminal = { ...base, kernel_id: null, session_id: null, url: 'ws://h/terminals/websocket/1' };
  const record = decodeFrameRecord({ ...terminal, type: 'receive', opcode: 1, data: '["stdout","$ "]' });
  assert.equal(record.kind, 'other');
  assert.match(record.kind === 'other' ? record.reason : '', /^not a kernel channel/);
  assert.equal(decodeFrameRecord({ ...terminal, type: 'receive', opcode: 2, data: 'AQID' }).kind, 'other');
  assert.equal(decodeFrameRecord({ ...terminal, type: 'receive', opcode: 1, data: STATUS }).kind, 'message');
});

test('records read back from NDJSON with wrong field types never throw', () => {
  for (const record of [{}, { opcode: '1', data: STATUS }, { entry: 'x', index: 1.5, time: 'now', kernel_id: 5, opcode: 1, data: STATUS }]) {
    const decoded = decodeFrameRecord(record);
    assert.ok(['message', 'other', 'malformed'].includes(decoded.kind));
  }
  const odd = decodeFrameRecord({ entry: 'x', index: 1.5, time: 'now', kernel_id: 5, opcode: 1, data: STATUS });
  assert.deepEqual(odd.frame, { entry: null, index: null, session_id: null });
  assert.equal(odd.time, null);
});
