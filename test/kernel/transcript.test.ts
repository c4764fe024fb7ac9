import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConversations } from '../../src/kernel/conversation.js';
import { renderTranscript } from '../../src/kernel/transcript.js';
import { execute, record } from './records.js';

const T = 1_700_000_000;
const RED = '\u001b[0;31m';
const RESET = '\u001b[0m';

function session() {
  return buildConversations([
    ...execute('a', 'print("hi")', T, { count: 1, outputs: [[0.3, 'stream', { name: 'stdout', text: 'hi\n' }]] }),
    ...execute('b', '1+1', T + 10, { count: 2, outputs: [[0.3, 'execute_result', { execution_count: 2, data: { 'text/plain': '2' }, metadata: {} }]] }),
    ...execute('c', 'def f():\n    return 1/0\nf()', T + 20, {
      count: 3,
      status: 'error',
      outputs: [[0.3, 'error', { ename: 'ZeroDivisionError', evalue: 'division by zero', traceback: [`${RED}ZeroDivisionError${RESET}: division by zero`] }]],
    }),
    ...execute('d', 'name = input("Name? ")', T + 30, { count: 4, replyAt: 5, idleAt: 5.1 }),
    record({ time: T + 30.3, type: 'input_request', id: 'ir', parent: { id: 'd', type: 'execute_request' }, content: { prompt: 'Name? ', password: false } }),
    record({ time: T + 34, type: 'input_reply', id: 'irr', direction: 'send', parent: { id: 'ir', type: 'input_request' }, content: { value: 'Ada' } }),
    ...execute('e', 'x', T + 60, { count: 1, kernelSession: 'kernel-2', entry: 1, outputs: [[0.3, 'display_data', { data: { 'image/png': 'iVBOR' }, metadata: {} }]] }),
    { ...record({ time: T + 70, type: 'execute_request', id: 'f', content: { code: 'silent()', silent: true } }) },
  ]);
}

test('the transcript reads like an IPython console', () => {
  assert.equal(
    renderTranscript(session()),
    [
      'In [1]: print("hi")',
      'hi',
      '',
      'In [2]: 1+1',
      'Out[2]: 2',
      '',
      'In [3]: def f():',
      '   ...:     return 1/0',
      '   ...: f()',
      'ZeroDivisionError: division by zero',
      '',
      'In [4]: name = input("Name? ")',
      '[input] Name?  → Ada',
      '',
      '[restart]',
      '',
      'In [1]: x',
      '[image/png]',
      '',
    ].join('\n'),
  );
});

test('ANSI colour is kept only when asked; silent requests only when asked', () => {
  const kept = renderTranscript(session(), { keepAnsi: true, includeSilent: true });
  assert.ok(kept.includes(`${RED}ZeroDivisionError${RESET}`));
  assert.ok(kept.endsWith('In [ ]: silent()\n[no response from the kernel]\n'));
});

test('an empty report is an empty transcript', () => {
  assert.equal(renderTranscript(buildConversations([])), '');
});

test('several kernels are labelled, and a dead kernel is marked', () => {
  const report = buildConversations([
    ...execute('a', 'print(1)', T, { outputs: [[0.3, 'stream', { name: 'stdout', text: '1\n' }]] }),
    ...execute('b', 'x = 2', T + 1, { kernelSession: 'kernel-9' }).map((m) => ({ ...m, kernel_id: 'k-2' })),
    record({ time: T + 5, type: 'status', id: 'srv_dead', session: 'client-A', kernel: 'k-2', content: { execution_state: 'dead' } }),
  ]);
  assert.equal(renderTranscript(report), ['[kernel k-1]', 'In [1]: print(1)', '1', '', '[kernel k-2]', 'In [1]: x = 2', '', '[kernel died]', ''].join('\n'));
});
