import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as KernelMessage from '../../src/kernel/messages.js';
import { parseHeaderDate } from '../../src/kernel/dates.js';

function msg(msg_type: string, content: KernelMessage.JsonObject): KernelMessage.Message {
  return { channel: 'iopub', header: { msg_id: 'm', msg_type }, parent_header: {}, metadata: {}, content, buffers: [] };
}

const GUARDS: [string, (m: KernelMessage.Message) => boolean, KernelMessage.JsonObject, KernelMessage.JsonObject][] = [
  ['execute_request', KernelMessage.isExecuteRequestMsg, { code: 'x' }, { code: 1 }],
  ['execute_reply', KernelMessage.isExecuteReplyMsg, { status: 'ok', execution_count: 1 }, {}],
  ['status', KernelMessage.isStatusMsg, { execution_state: 'busy' }, { execution_state: null }],
  ['execute_input', KernelMessage.isExecuteInputMsg, { code: 'x', execution_count: 1 }, { execution_count: 1 }],
  ['stream', KernelMessage.isStreamMsg, { name: 'stdout', text: 'x' }, { name: 'stdout', data: 'x' }],
  ['display_data', KernelMessage.isDisplayDataMsg, { data: {}, metadata: {} }, { data: [] }],
  ['update_display_data', KernelMessage.isUpdateDisplayDataMsg, { data: {}, transient: { display_id: 'd' } }, { data: {} }],
  ['execute_result', KernelMessage.isExecuteResultMsg, { data: {}, execution_count: null }, { data: {} }],
  ['error', KernelMessage.isErrorMsg, { ename: 'E', evalue: 'v', traceback: [] }, { ename: 'E', evalue: 'v' }],
  ['clear_output', KernelMessage.isClearOutputMsg, { wait: false }, { wait: 'no' }],
  ['input_request', KernelMessage.isInputRequestMsg, { prompt: '> ', password: false }, { password: false }],
  ['input_reply', KernelMessage.isInputReplyMsg, { value: 'v' }, { value: 3 }],
  ['comm_open', KernelMessage.isCommOpenMsg, { comm_id: 'c', target_name: 't', data: {} }, { target_name: 't' }],
  ['comm_msg', KernelMessage.isCommMsgMsg, { comm_id: 'c', data: {} }, {}],
  ['comm_close', KernelMessage.isCommCloseMsg, { comm_id: 'c' }, { comm_id: null }],
];

for (const [type, guard, good, bad] of GUARDS) {
  test(`is…Msg for ${type}: accepts its shape, refuses bad content and other types`, () => {
    assert.equal(guard(msg(type, good)), true);
    assert.equal(guard(msg(type, bad)), false);
    assert.equal(guard(msg(type === 'status' ? 'stream' : 'status', good)), false);
  });
}

test('protocol-4 names and stream.data are modernised, parent types included', () => {
  const old: KernelMessage.Message = { ...msg('pyout', { data: {} }), parent_header: { msg_id: 'p', msg_type: 'object_info_request' } };
  const modern = KernelMessage.modernizeMessage(old);
  assert.equal(modern.header.msg_type, 'execute_result');
  assert.equal(KernelMessage.parentMsgType(modern), 'inspect_request');
  assert.deepEqual(KernelMessage.modernizeMessage(msg('stream', { name: 'stdout', data: 'x' })).content, { name: 'stdout', text: 'x' });
  const current = msg('stream', { name: 'stdout', text: 'x' });
  assert.equal(KernelMessage.modernizeMessage(current), current, 'unchanged messages are returned as they are');
});

test('replies pair with their requests by name', () => {
  assert.equal(KernelMessage.isReplyTo('execute_reply', 'execute_request'), true);
  assert.equal(KernelMessage.isReplyTo('kernel_info_reply', 'kernel_info_request'), true);
  assert.equal(KernelMessage.isReplyTo('execute_reply', 'kernel_info_request'), false);
  assert.equal(KernelMessage.isReplyTo('execute_result', 'execute_request'), false);
});

test('header dates: Z, offsets, microseconds, naive and junk', () => {
  assert.equal(parseHeaderDate('2024-05-01T10:11:12.123Z'), Date.UTC(2024, 4, 1, 10, 11, 12, 123));
  assert.ok(Math.abs(parseHeaderDate('2024-05-01T10:11:12.123456Z')! - Date.UTC(2024, 4, 1, 10, 11, 12) - 123.456) < 1e-3);
  assert.equal(parseHeaderDate('2024-05-01T12:11:12+02:00'), Date.UTC(2024, 4, 1, 10, 11, 12));
  assert.ok(Math.abs(parseHeaderDate('2024-06-04T22:38:56.949010')! - Date.UTC(2024, 5, 4, 22, 38, 56) - 949.01) < 1e-3);
  for (const junk of [undefined, null, 3, '', 'yesterday', '2024-13-45']) {
    const value = parseHeaderDate(junk);
    assert.ok(value === null || Number.isFinite(value), String(junk));
  }
  assert.equal(parseHeaderDate('yesterday'), null);
});
