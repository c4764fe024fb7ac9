import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as KernelMessage from '../../src/kernel/messages.js';
import { parseHeaderDate } from '../../src/kernel/dates.js';
import { modernizeMessage } from '../../src/kernel/protocol4.js';
import { fields, isString } from '../../src/kernel/content-guards.js';

function msg(msg_type: string, content: KernelMessage.JsonObject, channel: KernelMessage.Channel = 'iopub'): KernelMessage.Message {
  return { channel, header: { msg_id: 'm', msg_type }, parent_header: {}, metadata: {}, content, buffers: [] };
}

type GuardCase = {
  guard: (m: KernelMessage.Message) => boolean;
  type: string;
  channels: KernelMessage.Channel[];
  /** Contents the guard accepts. */
  good: KernelMessage.JsonObject[];
  /** Contents it refuses: a field of the wrong type or a required one missing. */
  bad: KernelMessage.JsonObject[];
};

const ERROR_REPLY = { status: 'error', ename: 'NameError', evalue: "name 'x' is not defined" };
const GUARDS: GuardCase[] = [
  {
    guard: KernelMessage.isExecuteRequestMsg,
    type: 'execute_request',
    channels: ['shell'],
    good: [{ code: 'x' }, { code: '', silent: true, store_history: false }],
    bad: [{}, { code: 1 }, { code: 'x', silent: 'yes' }],
  },
  {
    guard: KernelMessage.isExecuteReplyMsg,
    type: 'execute_reply',
    channels: ['shell'],
    good: [{ status: 'ok', execution_count: 1 }, { status: 'ok' }, { ...ERROR_REPLY, execution_count: null }, { status: 'error' }, { status: 'aborted' }, { status: 'abort' }],
    bad: [{}, { status: 'fine' }, { status: 'ok', execution_count: '1' }, { status: 'error', ename: 7 }, { status: 'error', ename: 'E', evalue: 3 }, { status: 7 }],
  },
  {
    guard: KernelMessage.isReplyMsg,
    type: 'interrupt_reply',
    channels: ['shell', 'control'],
    good: [{ status: 'ok' }, ERROR_REPLY, { status: 'aborted' }],
    bad: [{}, { status: 'complete' }, { status: 'error', evalue: ['v'] }],
  },
  {
    guard: KernelMessage.isIsCompleteRequestMsg,
    type: 'is_complete_request',
    channels: ['shell'],
    good: [{ code: 'for i in x:' }],
    bad: [{}, { code: null }],
  },
  {
    guard: KernelMessage.isIsCompleteReplyMsg,
    type: 'is_complete_reply',
    channels: ['shell'],
    good: [{ status: 'complete' }, { status: 'incomplete', indent: '  ' }, ERROR_REPLY],
    bad: [{}, { status: 'ok' }, { status: ['complete'] }],
  },
  {
    guard: KernelMessage.isCompleteRequestMsg,
    type: 'complete_request',
    channels: ['shell'],
    good: [{ code: 'pri', cursor_pos: 3 }],
    bad: [{ code: 'pri' }, { code: 'pri', cursor_pos: '3' }],
  },
  {
    guard: KernelMessage.isInspectRequestMsg,
    type: 'inspect_request',
    channels: ['shell'],
    good: [{ code: 'print', cursor_pos: 5, detail_level: 0 }],
    bad: [{ cursor_pos: 5 }, { code: 'print', cursor_pos: null }],
  },
  {
    guard: KernelMessage.isCompleteReplyMsg,
    type: 'complete_reply',
    channels: ['shell'],
    good: [{ status: 'ok', matches: ['print', 'property'], cursor_start: 0, cursor_end: 3 }, ERROR_REPLY],
    bad: [{ status: 'ok' }, { status: 'ok', matches: [1] }, { status: 'ok', matches: 'print' }],
  },
  {
    guard: KernelMessage.isKernelInfoReplyMsg,
    type: 'kernel_info_reply',
    channels: ['shell'],
    good: [
      { status: 'ok', implementation: 'ipython', implementation_version: '8.0', language_info: { name: 'python', version: '3.12' } },
      { implementation: 'iruby', implementation_version: '0.3', language_info: { name: 'ruby', version: '2.6' } },
    ],
    bad: [
      { status: 'ok', implementation: 'ipython', implementation_version: '8.0' },
      { status: 'ok', implementation: 'ipython', implementation_version: '8.0', language_info: { name: 'python' } },
      { status: 'ok', implementation: 'ipython', implementation_version: 8, language_info: { name: 'python', version: '3.12' } },
      { status: 'fine', implementation: 'ipython', implementation_version: '8.0', language_info: { name: 'python', version: '3.12' } },
    ],
  },
  {
    guard: KernelMessage.isShutdownRequestMsg,
    type: 'shutdown_request',
    channels: ['shell', 'control'],
    good: [{ restart: true }, { restart: false }],
    bad: [{}, { restart: 'yes' }],
  },
  {
    guard: KernelMessage.isShutdownReplyMsg,
    type: 'shutdown_reply',
    channels: ['shell', 'control', 'iopub'],
    good: [{ status: 'ok', restart: true }, ERROR_REPLY],
    bad: [{ status: 'ok' }, { restart: true }, { status: 'ok', restart: 1 }],
  },
  {
    guard: KernelMessage.isCommOpenMsg,
    type: 'comm_open',
    channels: ['shell', 'iopub'],
    good: [{ comm_id: 'c', target_name: 't', data: {} }],
    bad: [{ target_name: 't', data: {} }, { comm_id: 'c', data: {} }, { comm_id: 'c', target_name: 't', data: [] }],
  },
  {
    guard: KernelMessage.isCommMsgMsg,
    type: 'comm_msg',
    channels: ['shell', 'iopub'],
    good: [{ comm_id: 'c', data: { method: 'update' } }],
    bad: [{}, { comm_id: 'c' }, { comm_id: 3, data: {} }],
  },
  {
    guard: KernelMessage.isCommCloseMsg,
    type: 'comm_close',
    channels: ['shell', 'iopub'],
    good: [{ comm_id: 'c', data: {} }],
    bad: [{ comm_id: null, data: {} }, { comm_id: 'c', data: 'bye' }],
  },
  {
    guard: KernelMessage.isStatusMsg,
    type: 'status',
    channels: ['iopub'],
    good: [{ execution_state: 'busy' }, { execution_state: 'restarting' }],
    bad: [{}, { execution_state: null }],
  },
  {
    guard: KernelMessage.isExecuteInputMsg,
    type: 'execute_input',
    channels: ['iopub'],
    good: [{ code: 'x', execution_count: 1 }, { code: 'x' }, { code: 'x', execution_count: null }],
    bad: [{ execution_count: 1 }, { code: 'x', execution_count: '1' }],
  },
  {
    guard: KernelMessage.isStreamMsg,
    type: 'stream',
    channels: ['iopub'],
    good: [{ name: 'stdout', text: 'x' }, { name: 'stderr', text: '' }],
    bad: [{ name: 'stdout', data: 'x' }, { name: 1, text: 'x' }, { name: 'stdout', text: ['x'] }],
  },
  {
    guard: KernelMessage.isDisplayDataMsg,
    type: 'display_data',
    channels: ['iopub'],
    good: [{ data: {}, metadata: {} }, { data: { 'text/plain': 'x' } }, { data: {}, metadata: {}, transient: { display_id: 'd' } }],
    bad: [{}, { data: [] }, { data: {}, metadata: 'm' }, { data: {}, transient: { display_id: 5 } }, { data: {}, transient: 'd' }],
  },
  {
    guard: KernelMessage.isUpdateDisplayDataMsg,
    type: 'update_display_data',
    channels: ['iopub'],
    good: [{ data: {}, metadata: {}, transient: { display_id: 'd' } }],
    bad: [{ data: {} }, { data: {}, transient: {} }, { data: null, transient: { display_id: 'd' } }],
  },
  {
    guard: KernelMessage.isExecuteResultMsg,
    type: 'execute_result',
    channels: ['iopub'],
    good: [{ data: {}, metadata: {}, execution_count: 3 }, { data: {}, execution_count: null }, { data: {} }],
    bad: [{ execution_count: 3 }, { data: {}, execution_count: '3' }, { data: 'x', execution_count: 3 }],
  },
  {
    guard: KernelMessage.isErrorMsg,
    type: 'error',
    channels: ['iopub'],
    good: [{ ename: 'E', evalue: 'v', traceback: [] }, { ename: 'E', evalue: 'v', traceback: ['line 1', 'line 2'] }],
    bad: [{ ename: 'E', evalue: 'v' }, { ename: 'E', evalue: 'v', traceback: [1] }, { ename: 'E', evalue: null, traceback: [] }],
  },
  {
    guard: KernelMessage.isClearOutputMsg,
    type: 'clear_output',
    channels: ['iopub'],
    good: [{ wait: false }, { wait: true }, {}],
    bad: [{ wait: 'no' }, { wait: 0 }],
  },
  {
    guard: KernelMessage.isInputRequestMsg,
    type: 'input_request',
    channels: ['stdin'],
    good: [{ prompt: '> ', password: false }, { prompt: '' }],
    bad: [{ password: false }, { prompt: '> ', password: 'no' }],
  },
  {
    guard: KernelMessage.isInputReplyMsg,
    type: 'input_reply',
    channels: ['stdin'],
    good: [{ value: 'v' }, { value: '', status: 'ok' }],
    bad: [{}, { value: 3 }],
  },
];

for (const { guard, type, channels, good, bad } of GUARDS) {
  test(`guard for ${type}: accepts its shapes, refuses bad content, other channels and other types`, () => {
    for (const content of good) {
      for (const channel of channels) assert.equal(guard(msg(type, content, channel)), true, `${channel} ${JSON.stringify(content)}`);
      for (const channel of KernelMessage.CHANNELS.filter((c) => !channels.includes(c))) {
        assert.equal(guard(msg(type, content, channel)), false, `wrong channel ${channel}`);
      }
      assert.equal(guard(msg(type === 'status' ? 'stream' : 'status', content, channels[0])), false, 'another msg_type');
    }
    for (const content of bad) assert.equal(guard(msg(type, content, channels[0])), false, `bad content ${JSON.stringify(content)}`);
  });
}

test('isKnownMessage: a message of the union passes its own guard; unknown types and bad content are plain Messages', () => {
  for (const { guard, type, channels, good, bad } of GUARDS) {
    if (guard === KernelMessage.isReplyMsg) continue; // a family of replies, not a member of the union
    for (const content of good) assert.equal(KernelMessage.isKnownMessage(msg(type, content, channels[0])), true, `${type} ${JSON.stringify(content)}`);
    for (const content of bad) assert.equal(KernelMessage.isKnownMessage(msg(type, content, channels[0])), false, `${type} ${JSON.stringify(content)}`);
  }
  for (const type of ['debug_event', 'interrupt_reply', 'constructor', '__proto__', 'toString']) {
    assert.equal(KernelMessage.isKnownMessage(msg(type, { status: 'ok' }, 'iopub')), false, type);
  }
});

test('a field is read from the content itself, never from Object.prototype', () => {
  // `constructor` is on every object's prototype; a guard checking a field of that name must not see it.
  const guard = fields<{ constructor: string }>({ constructor: isString });
  assert.equal(guard({}), false);
  assert.equal(guard({ constructor: 'x' }), true);
  assert.equal(guard(JSON.parse('{"__proto__": {"code": "x"}}')), false);
  assert.equal(KernelMessage.isExecuteRequestMsg(msg('execute_request', JSON.parse('{"__proto__": {"code": "x"}}'), 'shell')), false);
});

test('replyStatus: the status of ok, error, abort and is_complete replies; null for what is not a reply', () => {
  const cases: [KernelMessage.Message, string | null][] = [
    [msg('execute_reply', { status: 'ok', execution_count: 2 }, 'shell'), 'ok'],
    [msg('execute_reply', ERROR_REPLY, 'shell'), 'error'],
    [msg('execute_reply', { status: 'aborted' }, 'shell'), 'aborted'],
    [msg('interrupt_reply', { status: 'ok' }, 'control'), 'ok'],
    [msg('is_complete_reply', { status: 'incomplete', indent: '    ' }, 'shell'), 'incomplete'],
    [msg('kernel_info_reply', { implementation: 'iruby', implementation_version: '0.3', language_info: { name: 'ruby', version: '2.6' } }, 'shell'), null],
    [msg('execute_reply', { status: 'fine' }, 'shell'), null],
    [msg('execute_reply', { status: 'ok' }, 'iopub'), null],
    [msg('stream', { name: 'stdout', text: 'x', status: 'ok' }), null],
  ];
  for (const [message, status] of cases) assert.equal(KernelMessage.replyStatus(message), status, JSON.stringify(message.content));
});

test('protocol-4 names and stream.data are modernised, parent types included', () => {
  const old: KernelMessage.Message = { ...msg('pyout', { data: {} }), parent_header: { msg_id: 'p', msg_type: 'object_info_request' } };
  const modern = modernizeMessage(old);
  assert.equal(modern.header.msg_type, 'execute_result');
  assert.equal(KernelMessage.parentMsgType(modern), 'inspect_request');
  assert.deepEqual(modernizeMessage(msg('stream', { name: 'stdout', data: 'x' })).content, { name: 'stdout', text: 'x' });
  const current = msg('stream', { name: 'stdout', text: 'x' });
  assert.equal(modernizeMessage(current), current, 'unchanged messages are returned as they are');
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
