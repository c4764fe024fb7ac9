import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activityText, sessionActivity, type ActivityLine, type ActivityRecord, type KernelActivity } from '../../src/views/activity.js';
import { runHar } from '../helpers/cli.js';
import { bytesSource, collect, fileSource, NOTEBOOK6, V1 } from './helpers.js';

async function activity(path: string): Promise<ActivityRecord[]> {
  return collect(sessionActivity([fileSource(path)]));
}

test("the server's debug log: one line per IOPub message from the kernel, statuses with their state", async () => {
  const records = await activity(V1);
  const lines = records.filter((r): r is ActivityLine => r.kind === 'activity');
  assert.equal(lines.length, 3079);
  assert.equal(lines[0]!.line, '[2026-11-25 16:57:50.186] activity on b3eb45ed-5aee-44da-8371-f512a45cb511: status (busy)');
  assert.ok(lines.some((l) => l.line.endsWith(': stream')));
  // The server's own messages (the rate-limit notice) are not kernel activity.
  assert.ok(lines.every((l) => !(l.msg_type === 'stream' && l.parent_msg_id === null)));
});

test('per kernel: last activity, final execution_state and counts by channel and msg_type', async () => {
  const [summary] = (await activity(V1)).filter((r): r is KernelActivity => r.kind === 'kernel');
  assert.deepEqual([summary!.last_activity, summary!.execution_state, summary!.activity, summary!.server_messages], ['2026-11-25T16:57:56.807Z', 'idle', 3079, 1]);
  // Each message once, though the iopub ones reached both connections around the restart.
  assert.deepEqual(summary!.counts.iopub, { status: 46, execute_input: 11, stream: 3011, execute_result: 1, error: 1, display_data: 3, comm_msg: 3, shutdown_reply: 2, comm_open: 2 });
  assert.deepEqual(summary!.counts.stdin, { input_request: 1, input_reply: 1 });
  assert.match(summary!.note!, /rate limit/);
  assert.match(activityText(summary!), /execution_state {2}idle/);
});

test('notebook6: two connections, each kernel message logged once', async () => {
  const records = await activity(NOTEBOOK6);
  const [summary] = records.filter((r): r is KernelActivity => r.kind === 'kernel');
  assert.equal(summary!.counts.iopub!['execute_input'], 13);
  assert.equal(summary!.execution_state, 'idle');
});

test('NDJSON lines that are not frames are skipped with one warning that counts them', async () => {
  const warnings: string[] = [];
  const input = bytesSource('<stdin>', '{"a":1}\nnot json\n[1]\n');
  const records = await collect(sessionActivity([input], { onWarning: (m) => warnings.push(m) }));
  assert.deepEqual(records, []);
  assert.deepEqual(warnings, ['skipped 3 frames that are not kernel messages (first: <stdin>:1: not a frame object)']);
});

test('the same messages delivered twice (two copies of a capture) are logged and counted once', async () => {
  const once = await activity(V1);
  const twice = await collect(sessionActivity([fileSource(V1), fileSource(V1)]));
  assert.equal(twice.length, once.length);
  const summary = (records: ActivityRecord[]) => records.find((r): r is KernelActivity => r.kind === 'kernel')!.counts;
  assert.deepEqual(summary(twice), summary(once));
});

test('-f text shows control characters from the data as escapes, never raw', async () => {
  const msg = { header: { msg_id: 'k_1_1', msg_type: 'stream\u001b]0;pwned\u0007', session: 'k', date: '2026-01-01T00:00:00Z' }, parent_header: {}, metadata: {}, content: { name: 'stdout', text: 'x' }, channel: 'iopub' };
  const frame = { entry: 1, kernel_id: 'K\u001b[31m', session_id: 's', protocol: null, index: 0, type: 'receive', time: 1700000000, opcode: 1, size: 10, data: JSON.stringify(msg) };
  const result = await runHar(['activity', '-f', 'text'], { stdin: `${JSON.stringify(frame)}\n` });
  assert.equal(result.code, 0);
  assert.ok(!/[\u0000-\u0008\u000b-\u001f]/.test(result.stdout), 'no control characters but newlines');
  assert.match(result.stdout.split('\n')[0]!, /activity on K\\x1b\[31m: stream\\x1b\]0;pwned\\x07$/);
});
