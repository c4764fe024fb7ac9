import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeRecord } from '../../src/kernel/summary.js';
import { record } from './records.js';

const T = 1_700_000_000;

test('one row per record: time, direction, channel, msg_type, one-line summary', () => {
  const cases: [Parameters<typeof record>[0], string][] = [
    [{ time: T, type: 'execute_request', id: 'a', content: { code: 'for i in range(3):\n    print(i)' } }, 'for i in range(3):⏎    print(i)'],
    [{ time: T, type: 'status', id: 'b', content: { execution_state: 'busy' } }, 'busy'],
    [{ time: T, type: 'stream', id: 'c', content: { name: 'stdout', text: 'hi\n' } }, 'stdout: hi⏎'],
    [{ time: T, type: 'execute_reply', id: 'd', content: { status: 'error', ename: 'NameError', evalue: "name 'x' is not defined" } }, "error NameError: name 'x' is not defined"],
    [{ time: T, type: 'execute_reply', id: 'e', content: { status: 'ok', execution_count: 4 } }, 'ok [4]'],
    [{ time: T, type: 'execute_result', id: 'f', content: { execution_count: 2, data: { 'text/plain': '2', 'text/html': '<b>2</b>' } } }, '[2] text/plain, text/html: 2'],
    [{ time: T, type: 'error', id: 'g', content: { ename: 'E', evalue: '\u001b[31mred\u001b[0m', traceback: [] } }, 'E: red'],
    [{ time: T, type: 'input_request', id: 'h', content: { prompt: 'pw', password: true } }, 'pw (password)'],
    [{ time: T, type: 'comm_msg', id: 'i', content: { comm_id: 'w1', data: { method: 'update' } } }, 'w1 update'],
    [{ time: T, type: 'kernel_info_reply', id: 'j', content: { implementation: 'ipython', implementation_version: '8.0', language_info: { name: 'python', version: '3.12' } } }, 'ipython 8.0 python 3.12'],
    [{ time: T, type: 'interrupt_reply', id: 'k', channel: 'control', content: { status: 'ok' } }, 'ok'],
    // Content that fails its type's guard is not summarised: a reply shows its status, anything else nothing.
    [{ time: T, type: 'stream', id: 'l', channel: 'shell', content: { name: 'stdout', text: 'wrong channel' } }, ''],
    [{ time: T, type: 'execute_reply', id: 'm', content: { status: 'error', ename: 1 } }, ''],
    [{ time: T, type: 'kernel_info_reply', id: 'n', content: { status: 'ok', implementation: 'ipython' } }, 'ok'],
  ];
  for (const [options, summary] of cases) {
    const row = summarizeRecord(record(options));
    assert.equal(row.summary, summary, options.type);
    assert.equal(row.msg_type, options.type);
    assert.equal(row.time, '2023-11-14T22:13:20.000Z');
  }
  const row = summarizeRecord(record(cases[0]![0]));
  assert.deepEqual([row.direction, row.channel], ['send', 'shell']);
});

test('long summaries are cut; malformed and other records show their reason', () => {
  assert.equal(summarizeRecord(record({ time: T, type: 'stream', id: 'x', content: { name: 'stdout', text: 'x'.repeat(200) } }), 20).summary, `stdout: ${'x'.repeat(11)}…`);
  const malformed = summarizeRecord({ kind: 'malformed', reason: 'data is not valid base64', size: 3, frame: { entry: 0, index: 1, session_id: null }, time: null, iso: null, direction: 'receive', kernel_id: 'k' });
  assert.deepEqual(malformed, { time: '', direction: 'receive', channel: '', msg_type: '(malformed)', summary: 'data is not valid base64' });
});
