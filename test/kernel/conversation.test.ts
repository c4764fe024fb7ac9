import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConversations, ConversationBuilder, conversationRecords } from '../../src/kernel/conversation.js';
import { execute, record } from './records.js';
import { harTimeToIso } from '../../src/ws/har-time.js';

const T = 1_700_000_000;
const EXEC = (id: string) => ({ id, type: 'execute_request' });

test('reply before idle: one done conversation with merged streams, result and durations', () => {
  const report = buildConversations(
    execute('a', 'print("hi"); print("there"); 1+1', T, {
      outputs: [
        [0.3, 'stream', { name: 'stdout', text: 'hi\n' }],
        [0.35, 'stream', { name: 'stdout', text: 'there\n' }],
        [0.4, 'execute_result', { execution_count: 1, data: { 'text/plain': '2' }, metadata: {} }],
      ],
    }),
  );
  assert.equal(report.conversations.length, 1);
  const { messages, ...conv } = report.conversations[0]!;
  assert.deepEqual(conv, {
    kind: 'conversation',
    kernel_id: 'k-1',
    kernel_session: 'kernel-1',
    connection: { entry: 0, session_id: 'client-A' },
    msg_id: 'a',
    msg_type: 'execute_request',
    channel: 'shell',
    code: 'print("hi"); print("there"); 1+1',
    silent: false,
    cell_id: 'cell-a',
    time: T,
    times: {
      sent: '2023-11-14T22:13:20.000Z',
      busy: '2023-11-14T22:13:20.100Z',
      execute_input: '2023-11-14T22:13:20.200Z',
      reply: '2023-11-14T22:13:20.800Z',
      idle: '2023-11-14T22:13:20.900Z',
    },
    done: true,
    status: 'ok',
    execution_count: 1,
    error: null,
    outputs: [
      { output_type: 'stream', name: 'stdout', text: 'hi\nthere\n' },
      { output_type: 'execute_result', execution_count: 1, data: { 'text/plain': '2' }, metadata: {} },
    ],
    stdin: [],
    comm: {},
    durations: { queued_ms: 100, running_ms: 800, wall_ms: 900, kernel_ms: null, input_wait_ms: null },
    flags: { after_idle: false, rate_limited: false, aborted: false, no_response: false, conflicting_ids: false },
    resent: 0,
  });
  assert.deepEqual(
    messages.map((m) => m.msg_type),
    ['execute_request', 'status', 'execute_input', 'stream', 'stream', 'execute_result', 'execute_reply', 'status'],
  );
  assert.deepEqual(report.orphans, []);
  assert.deepEqual(report.unparented, []);
});

test('idle before reply is done too, and the reply is not late output', () => {
  const [conv] = buildConversations(execute('a', 'x', T, { idleAt: 0.5, replyAt: 0.7 })).conversations;
  assert.equal(conv!.done, true);
  assert.equal(conv!.flags.after_idle, false);
  assert.equal(conv!.durations.wall_ms, 700);
  assert.equal(conv!.durations.running_ms, 400);
});

test('without idle, or without reply, an execute request is not done', () => {
  const noIdle = execute('a', 'x', T).filter((m) => m.msg_id !== 'a-idle');
  const noReply = execute('a', 'x', T).filter((m) => m.msg_id !== 'a-reply');
  assert.equal(buildConversations(noIdle).conversations[0]!.done, false);
  assert.equal(buildConversations(noReply).conversations[0]!.done, false);
  assert.equal(buildConversations(noReply).conversations[0]!.durations.wall_ms, 900);
});

test('output after idle is kept and flagged', () => {
  const messages = [...execute('a', 'x', T), record({ time: T + 2, type: 'stream', id: 'late', parent: EXEC('a'), content: { name: 'stdout', text: 'late\n' } })];
  const [conv] = buildConversations(messages).conversations;
  assert.equal(conv!.flags.after_idle, true);
  assert.deepEqual(conv!.outputs, [{ output_type: 'stream', name: 'stdout', text: 'late\n' }]);
});

test('clear_output(wait) clears at the next output; clear_output() clears at once', () => {
  const stream = (text: string) => ({ name: 'stdout', text });
  const waited = buildConversations(
    execute('a', 'x', T, {
      outputs: [
        [0.3, 'stream', stream('1\n')],
        [0.31, 'clear_output', { wait: true }],
        [0.32, 'stream', stream('2\n')],
        [0.33, 'stream', stream('3\n')],
      ],
    }),
  ).conversations[0]!;
  assert.deepEqual(waited.outputs, [{ output_type: 'stream', name: 'stdout', text: '2\n3\n' }]);
  const pendingAtEnd = buildConversations(
    execute('a', 'x', T, { outputs: [[0.3, 'stream', stream('1\n')], [0.31, 'clear_output', { wait: true }]] }),
  ).conversations[0]!;
  assert.deepEqual(pendingAtEnd.outputs, [{ output_type: 'stream', name: 'stdout', text: '1\n' }]);
  const now = buildConversations(
    execute('a', 'x', T, { outputs: [[0.3, 'stream', stream('1\n')], [0.31, 'clear_output', { wait: false }], [0.32, 'stream', { name: 'stderr', text: 'e' }]] }),
  ).conversations[0]!;
  assert.deepEqual(now.outputs, [{ output_type: 'stream', name: 'stderr', text: 'e' }]);
});

test('streams merge only while consecutive and of the same name', () => {
  const conv = buildConversations(
    execute('a', 'x', T, {
      outputs: [
        [0.3, 'stream', { name: 'stdout', text: 'a' }],
        [0.31, 'stream', { name: 'stderr', text: 'b' }],
        [0.32, 'stream', { name: 'stdout', text: 'c' }],
        [0.33, 'display_data', { data: { 'text/plain': 'D' }, metadata: {} }],
        [0.34, 'stream', { name: 'stdout', text: 'e' }],
        [0.35, 'stream', { name: 'stdout', text: 'f' }],
      ],
    }),
  ).conversations[0]!;
  assert.deepEqual(
    conv.outputs.map((o) => (o.output_type === 'stream' ? `${o.name}:${o.text}` : o.output_type)),
    ['stdout:a', 'stderr:b', 'stdout:c', 'display_data', 'stdout:ef'],
  );
});

test('update_display_data rewrites the display in the earlier cell, not the updating one', () => {
  const shown = { data: { 'text/plain': 'v1' }, metadata: {}, transient: { display_id: 'd1' } };
  const updated = { data: { 'text/plain': 'v2' }, metadata: { m: 1 }, transient: { display_id: 'd1' } };
  const report = buildConversations([
    ...execute('a', 'h = display("v1", display_id=True)', T, { outputs: [[0.3, 'display_data', shown]] }),
    ...execute('b', 'h.update("v2")', T + 10, { count: 2, outputs: [[0.3, 'update_display_data', updated]] }),
  ]);
  const [a, b] = report.conversations;
  assert.deepEqual(a!.outputs, [{ output_type: 'display_data', data: { 'text/plain': 'v2' }, metadata: { m: 1 } }]);
  assert.deepEqual(b!.outputs, []);
  assert.ok(b!.messages.some((m) => m.msg_type === 'update_display_data'));
});

test('a second display_data with the same display_id updates the first and is shown too', () => {
  const report = buildConversations(
    execute('a', 'x', T, {
      outputs: [
        [0.3, 'display_data', { data: { 'text/plain': 'one' }, metadata: {}, transient: { display_id: 'd' } }],
        [0.4, 'display_data', { data: { 'text/plain': 'two' }, metadata: {}, transient: { display_id: 'd' } }],
      ],
    }),
  );
  assert.deepEqual(
    report.conversations[0]!.outputs.map((o) => (o.output_type === 'display_data' ? o.data['text/plain'] : null)),
    ['two', 'two'],
  );
});

test('stdin: the prompt, the value typed and the time spent waiting for it', () => {
  const report = buildConversations([
    ...execute('a', 'name = input("Name? ")', T, { replyAt: 6, idleAt: 6.1 }),
    record({ time: T + 0.3, type: 'input_request', id: 'ir1', parent: EXEC('a'), content: { prompt: 'Name? ', password: false } }),
    record({ time: T + 5.3, type: 'input_reply', id: 'rep1', direction: 'send', parent: { id: 'ir1', type: 'input_request', session: 'kernel-1' }, content: { value: 'Ada', status: 'ok' } }),
  ]);
  const conv = report.conversations[0]!;
  assert.deepEqual(conv.stdin, [
    { prompt: 'Name? ', password: false, requested: '2023-11-14T22:13:20.300Z', value: 'Ada', replied: '2023-11-14T22:13:25.300Z', echo: 'stdin' },
  ]);
  assert.equal(conv.durations.input_wait_ms, 5000);
  assert.equal(report.conversations.length, 1, 'input_reply is not a request of its own');
  assert.deepEqual(conv.outputs, [{ output_type: 'stream', name: 'stdin', text: 'Ada\n' }], "JupyterLab's echo, chosen from the cellId metadata");
});

test('stdin echo: Classic Notebook style, an input_reply without parent, passwords as dots, none for other clients', () => {
  const CLASSIC_ID = '6573a5afe18e440199960374fd7a4e81';
  const run = (echo: 'auto' | 'none', password: boolean, username = 'username') =>
    buildConversations(
      [
        record({ time: T, type: 'execute_request', id: CLASSIC_ID, username, content: { code: 'input()' } }),
        record({ time: T + 0.1, type: 'stream', id: 'o1', parent: EXEC(CLASSIC_ID), content: { name: 'stdout', text: 'before\n' } }),
        record({ time: T + 0.3, type: 'input_request', id: 'ir1', parent: EXEC(CLASSIC_ID), content: { prompt: 'Name? ', password } }),
        record({ time: T + 1, type: 'input_reply', id: 'rep1', direction: 'send', content: { value: 'Ada' } }),
        record({ time: T + 1.1, type: 'stream', id: 'o2', parent: EXEC(CLASSIC_ID), content: { name: 'stdout', text: 'Hello, Ada\n' } }),
      ],
      { inputEcho: echo },
    ).conversations[0]!;
  assert.deepEqual(run('auto', false).outputs, [{ output_type: 'stream', name: 'stdout', text: 'before\nName? Ada\nHello, Ada\n' }]);
  assert.equal(run('auto', false).stdin[0]!.value, 'Ada');
  assert.equal(run('auto', false).stdin[0]!.echo, 'stdout');
  assert.deepEqual(run('auto', true).outputs, [{ output_type: 'stream', name: 'stdout', text: 'before\nName? ········\nHello, Ada\n' }]);
  assert.deepEqual(run('none', false).outputs, [{ output_type: 'stream', name: 'stdout', text: 'before\nHello, Ada\n' }]);
  assert.equal(run('none', false).stdin[0]!.echo, null);
  assert.deepEqual(run('auto', false, '').outputs, [{ output_type: 'stream', name: 'stdout', text: 'before\nHello, Ada\n' }], 'unknown client');
});

test("the server's rate-limit notice flags the conversation and is shown as stderr", () => {
  const text = 'IOPub data rate exceeded.\nThe Jupyter server will temporarily stop sending output\nto the client in order to avoid crashing it.\n';
  const notice = record({ time: T + 0.5, type: 'stream', id: 'srv_1', session: 'client-A', parent: EXEC('a'), content: { name: 'stderr', text } });
  const [conv] = buildConversations([...execute('a', 'print("x"*10**9)', T), notice]).conversations;
  assert.equal(conv!.flags.rate_limited, true);
  assert.deepEqual(conv!.outputs, [{ output_type: 'stream', name: 'stderr', text }]);
  // The same text printed by the kernel itself is just output.
  const fake = record({ time: T + 0.5, type: 'stream', id: 'k_9', parent: EXEC('a'), content: { name: 'stderr', text } });
  assert.equal(buildConversations([...execute('a', 'x', T), fake]).conversations[0]!.flags.rate_limited, false);
});

test('the same iopub message on two connections counts once, with both arrival times', () => {
  const onA = execute('a', 'print(1)', T, { outputs: [[0.3, 'stream', { name: 'stdout', text: '1\n' }]] });
  // Connection B (another tab on the same kernel) gets the iopub copies only, a little later.
  const onB = onA
    .filter((m) => m.channel === 'iopub')
    .map((m) => ({ ...m, frame: { ...m.frame, entry: 1, session_id: 'client-B' }, time: m.time! + 0.01, iso: harTimeToIso(m.time! + 0.01) }));
  const report = buildConversations([...onA, ...onB]);
  assert.equal(report.conversations.length, 1);
  const conv = report.conversations[0]!;
  assert.deepEqual(conv.outputs, [{ output_type: 'stream', name: 'stdout', text: '1\n' }]);
  const stream = conv.messages.find((m) => m.msg_type === 'stream')!;
  assert.deepEqual(
    stream.arrivals!.map((a) => [a.entry, a.iso]),
    [
      [0, '2023-11-14T22:13:20.300Z'],
      [1, '2023-11-14T22:13:20.310Z'],
    ],
  );
  assert.equal(report.kernels[0]!.duplicates, 4);
  assert.deepEqual(report.orphans, []);
});

test('iopub copies on an earlier connection precede, in file order, the request of a later one', () => {
  const onB = execute('b', 'x', T, { client: 'client-B', entry: 1 });
  const copiesOnA = onB.filter((m) => m.channel === 'iopub').map((m) => ({ ...m, frame: { ...m.frame, entry: 0, session_id: 'client-A' } }));
  const report = buildConversations([...copiesOnA, ...onB]);
  assert.equal(report.conversations.length, 1);
  assert.equal(report.conversations[0]!.done, true);
  assert.deepEqual(report.orphans, []);
});

test('a restart (new kernel session) is an event; execution counts start again', () => {
  const restarting = record({ time: T + 5, type: 'status', id: 'srv_2', session: 'client-A', content: { execution_state: 'restarting' } });
  const starting = record({ time: T + 6, type: 'status', id: 'k2_0', session: 'kernel-2', entry: 1, content: { execution_state: 'starting' } });
  const report = buildConversations([
    ...execute('a', 'x = 1', T, { count: 1 }),
    restarting,
    starting,
    ...execute('b', 'x', T + 10, { count: 1, kernelSession: 'kernel-2', entry: 1 }),
  ]);
  const [kernel] = report.kernels;
  assert.deepEqual(
    kernel!.events.map((e) => [e.kind, e.from ?? null, e.to ?? null]),
    [
      ['restarting', null, null],
      ['starting', null, null],
      ['restart', 'kernel-1', 'kernel-2'],
    ],
  );
  assert.deepEqual(kernel!.incarnations.map((i) => i.session), ['kernel-1', 'kernel-2']);
  assert.deepEqual(report.conversations.map((c) => [c.kernel_session, c.execution_count]), [
    ['kernel-1', 1],
    ['kernel-2', 1],
  ]);
  assert.equal(report.unparented[0]!.messages.length, 2);
});

test('orphans are grouped by the missing parent, with its type; unparented messages per kernel', () => {
  const nudge = { id: 'client-A_42_1', type: 'kernel_info_request', session: 'client-A' };
  const report = buildConversations([
    record({ time: T, type: 'status', id: 'k0', content: { execution_state: 'starting' } }),
    record({ time: T + 1, type: 'status', id: 'k1', parent: nudge, content: { execution_state: 'busy' } }),
    record({ time: T + 1.1, type: 'status', id: 'k2', parent: nudge, content: { execution_state: 'idle' } }),
    record({ time: T + 2, type: 'stream', id: 'k3', parent: EXEC('other-tab'), content: { name: 'stdout', text: 'elsewhere\n' } }),
  ]);
  assert.deepEqual(report.conversations, []);
  assert.deepEqual(
    report.orphans.map((o) => [o.parent_msg_id, o.parent_msg_type, o.parent_session, o.messages.map((m) => m.state ?? m.msg_type)]),
    [
      ['client-A_42_1', 'kernel_info_request', 'client-A', ['busy', 'idle']],
      ['other-tab', 'execute_request', 'client-A', ['stream']],
    ],
  );
  assert.deepEqual(report.orphans[1]!.outputs, [{ output_type: 'stream', name: 'stdout', text: 'elsewhere\n' }]);
  assert.deepEqual(report.unparented.map((u) => [u.kernel_id, u.messages.map((m) => m.state)]), [['k-1', ['starting']]]);
});

test('aborted replies and requests that get no response are flagged', () => {
  const report = buildConversations([
    ...execute('a', '1/0', T, { status: 'error', outputs: [[0.3, 'error', { ename: 'ZeroDivisionError', evalue: 'division by zero', traceback: ['tb'] }]] }),
    ...execute('b', 'x', T + 0.01, { status: 'aborted' }).filter((m) => m.msg_type !== 'execute_input'),
    record({ time: T + 1, type: 'execute_request', id: 'c', content: { code: 'blocked' } }),
  ]);
  const [a, b, c] = report.conversations;
  assert.deepEqual(a!.error, { ename: 'ZeroDivisionError', evalue: 'division by zero' }, 'taken from the error output when the reply has none');
  assert.equal(a!.status, 'error');
  assert.deepEqual(a!.outputs[0], { output_type: 'error', ename: 'ZeroDivisionError', evalue: 'division by zero', traceback: ['tb'] });
  assert.equal(b!.flags.aborted, true);
  assert.equal(c!.flags.no_response, true);
  assert.equal(c!.done, false);
});

test('comm traffic is counted on the request that caused it; a comm_msg is done at idle', () => {
  const parent = { id: 'cm', type: 'comm_msg' };
  const report = buildConversations([
    record({ time: T, type: 'comm_msg', id: 'cm', direction: 'send', content: { comm_id: 'w', data: { method: 'update' } } }),
    record({ time: T + 0.1, type: 'status', id: 's1', parent, content: { execution_state: 'busy' } }),
    record({ time: T + 0.2, type: 'comm_msg', id: 's2', channel: 'iopub', parent, content: { comm_id: 'w', data: {} } }),
    record({ time: T + 0.21, type: 'comm_msg', id: 's3', channel: 'iopub', parent, content: { comm_id: 'w', data: {} } }),
    record({ time: T + 0.3, type: 'status', id: 's4', parent, content: { execution_state: 'idle' } }),
  ]);
  const [conv] = report.conversations;
  assert.deepEqual(conv!.comm, { comm_msg: 2 });
  assert.equal(conv!.done, true);
  assert.equal(conv!.code, null);
});

test('kernel clock: reply date minus metadata.started', () => {
  const messages = execute('a', 'x', T).map((m) =>
    m.msg_type === 'execute_reply'
      ? { ...m, header: { ...m.header, date: '2024-05-01T10:00:01.500000Z' }, metadata: { started: '2024-05-01T10:00:00.250000Z' } }
      : m,
  );
  assert.equal(buildConversations(messages).conversations[0]!.durations.kernel_ms, 1250);
});

test('the incremental builder gives the same report as the function, and ignores non-messages', () => {
  const messages = execute('a', 'x', T, { outputs: [[0.3, 'stream', { name: 'stdout', text: 'o' }]] });
  const builder = new ConversationBuilder();
  builder.add({ kind: 'malformed', reason: 'x', size: 1, frame: { entry: 0, index: 0, session_id: null }, time: T, iso: null, direction: 'receive', kernel_id: 'k-1' });
  for (const m of messages) builder.add(m);
  assert.deepEqual(builder.finish(), buildConversations(messages));
  assert.deepEqual(
    conversationRecords(buildConversations(messages)).map((r) => r.kind),
    ['conversation', 'kernel'],
  );
});

test('a resend of the same request after a reconnect is counted, not a second conversation', () => {
  const messages = execute('a', 'x', T);
  const resend = { ...messages[0]!, frame: { ...messages[0]!.frame, entry: 1 }, time: T + 3 };
  const report = buildConversations([...messages, resend]);
  assert.equal(report.conversations.length, 1);
  assert.equal(report.conversations[0]!.resent, 1);
});

test('a message whose content fails its guard is listed, never interpreted', () => {
  const parent = EXEC('a');
  const messages = [
    ...execute('a', 'x', T, {
      outputs: [
        [0.3, 'stream', { name: 'stdout', text: 'kept\n' }],
        [0.31, 'stream', { name: 'stdout', text: 5 }],
        [0.32, 'error', { ename: 'E', evalue: 'v', traceback: [1, 2] }],
        [0.33, 'display_data', { data: 'not an object' }],
        [0.34, 'clear_output', { wait: 'soon' }],
        [0.35, 'input_request', { prompt: 7 }],
      ],
    }),
    // The right content on the wrong channel is not a stream either.
    record({ time: T + 0.36, type: 'stream', id: 'shell-stream', channel: 'shell', parent, content: { name: 'stdout', text: 'wrong channel\n' } }),
  ];
  const [conv] = buildConversations(messages).conversations;
  assert.deepEqual(conv!.outputs, [{ output_type: 'stream', name: 'stdout', text: 'kept\n' }]);
  assert.deepEqual(conv!.stdin, []);
  assert.equal(conv!.messages.length, messages.length, 'every message is still listed');
  assert.equal(conv!.done, true);
});

test('replies: the status told apart by the reply guards; a reply that is not one still ends the wait', () => {
  const withReply = (content: Record<string, unknown>) =>
    buildConversations(execute('a', 'x', T).map((m) => (m.msg_type === 'execute_reply' ? { ...m, content } : m))).conversations[0]!;
  const aborted = withReply({ status: 'aborted' });
  assert.deepEqual([aborted.status, aborted.flags.aborted, aborted.execution_count], ['aborted', true, 1]);
  const error = withReply({ status: 'error', ename: 'NameError', evalue: 'x', execution_count: 3 });
  assert.deepEqual([error.status, error.error, error.execution_count], ['error', { ename: 'NameError', evalue: 'x' }, 3]);
  const unknown = withReply({ status: 'fine', execution_count: 9 });
  assert.deepEqual([unknown.status, unknown.error, unknown.done, unknown.times.reply !== null], [null, null, true, true]);
  const badCount = withReply({ status: 'ok', execution_count: '4' });
  assert.deepEqual([badCount.status, badCount.execution_count], ['ok', 1], 'a count that is not a number is not taken: execute_input\'s stays');
});

test('an execute_request whose code is not a string has no code', () => {
  const messages = execute('a', 'x', T).map((m) => (m.msg_type === 'execute_request' ? { ...m, content: { code: ['x'] } } : m));
  const [conv] = buildConversations(messages).conversations;
  assert.deepEqual([conv!.code, conv!.silent, conv!.msg_type], [null, false, 'execute_request']);
});
