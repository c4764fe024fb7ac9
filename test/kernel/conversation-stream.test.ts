import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConversations, conversationRecords, ConversationStream } from '../../src/kernel/conversation.js';
import type { ConversationRecord, OrphanGroup } from '../../src/kernel/conversation-types.js';
import type { GroupStore } from '../../src/kernel/conversation-run.js';
import type { MessageRecord } from '../../src/kernel/decode-record.js';
import { execute } from './records.js';

const T = 1_700_000_000;

/** `count` cells run one after another, a second apart, each printing a line: they complete progressively. */
function session(count: number, options: { kernel?: string; entry?: number; client?: string } = {}): MessageRecord[] {
  const records: MessageRecord[] = [];
  for (let n = 0; n < count; n++) {
    const cell = execute(`${options.kernel ?? 'k'}-${n}`, `print(${n})`, T + n, {
      count: n + 1,
      outputs: [[0.3, 'stream', { name: 'stdout', text: `${n}\n` }]],
      ...(options.entry === undefined ? {} : { entry: options.entry }),
      ...(options.client === undefined ? {} : { client: options.client }),
    });
    records.push(...cell.map((r) => (options.kernel === undefined ? r : { ...r, kernel_id: options.kernel! })));
  }
  return records;
}

/** Feeds `records` through a stream; what came out before the end, the whole output and the most held at once. */
function run(records: readonly MessageRecord[], windowMs: number) {
  const stream = new ConversationStream(windowMs);
  const out: ConversationRecord[] = [];
  let maxMessages = 0;
  let maxConversations = 0;
  for (const record of records) {
    out.push(...stream.add(record));
    maxMessages = Math.max(maxMessages, stream.held.messages);
    maxConversations = Math.max(maxConversations, stream.held.conversations);
  }
  const beforeEnd = out.length;
  out.push(...stream.finish());
  return { out, beforeEnd, maxMessages, maxConversations, late: stream.late };
}

test('a long session is written as it goes: the messages held stay within the window, whatever the length', () => {
  const records = session(2000);
  const { out, beforeEnd, maxMessages, maxConversations, late } = run(records, 5_000);
  // 5 s window + 10 s remembered for copies: about 15 cells of 7 messages, never the 14 000 read.
  assert.ok(maxMessages <= 15 * 7, `held ${maxMessages} messages`);
  assert.ok(maxConversations <= 16, `held ${maxConversations} conversations`);
  assert.ok(beforeEnd >= 1980, `only ${beforeEnd} conversations written before the end`);
  assert.equal(late, 0);
  assert.deepEqual(out, conversationRecords(buildConversations(records)));
});

test('held messages do not grow with the input: 200 and 2000 cells hold the same', () => {
  assert.equal(run(session(200), 5_000).maxMessages, run(session(2000), 5_000).maxMessages);
});

test('a second connection read after the first is put in time order when it lags less than the window', () => {
  // Two tabs on one kernel: the same iopub traffic reaches both; the file holds tab A's frames, then tab B's.
  const tabA = session(50, { entry: 0, client: 'client-A' });
  const tabB = session(50, { entry: 1, client: 'client-A' }).map((r) => ({ ...r, time: r.time! + 0.001 }));
  const records = [...tabA, ...tabB];
  const whole = conversationRecords(buildConversations(records));
  const within = run(records, 60_000);
  assert.deepEqual(within.out, whole);
  const kernel = whole.find((r) => r.kind === 'kernel');
  assert.ok(kernel !== undefined && kernel.kind === 'kernel' && kernel.duplicates === 6 * 50, 'every message of tab B is a copy');
  // A 2 s window cannot reach 50 s back: tab B's copies come after their conversations were written.
  const beyond = run(records, 2_000);
  assert.ok(beyond.late > 0);
  assert.notDeepEqual(beyond.out, whole);
});

test('a request with no answer does not hold back the ones after it once the kernel has answered a later one', () => {
  const lost = execute('lost', 'x', T, { count: 1 }).slice(0, 1);
  const records = [...lost, ...session(300).map((r) => ({ ...r, time: r.time! + 1 }))];
  const { out, beforeEnd, maxConversations } = run(records, 5_000);
  assert.ok(beforeEnd >= 280, `only ${beforeEnd} written before the end`);
  assert.ok(maxConversations <= 17, `held ${maxConversations} conversations`);
  assert.deepEqual(out, conversationRecords(buildConversations(records)));
  const first = out[0];
  assert.ok(first !== undefined && first.kind === 'conversation' && first.msg_id === 'lost' && !first.done && first.flags.no_response);
});

test('conversations of two kernels are each in send order; kernels are reported in order of their first message', () => {
  const a = session(30, { kernel: 'kernel-a', entry: 0 });
  const b = session(30, { kernel: 'kernel-b', entry: 1 }).map((r) => ({ ...r, time: r.time! - 3600 }));
  const { out } = run([...a, ...b], 5_000);
  const ids = (kernel: string) => out.filter((r) => r.kind === 'conversation' && r.kernel_id === kernel).map((r) => (r.kind === 'conversation' ? r.msg_id : ''));
  assert.deepEqual(ids('kernel-a'), a.filter((r) => r.msg_type === 'execute_request').map((r) => r.msg_id));
  assert.deepEqual(ids('kernel-b'), b.filter((r) => r.msg_type === 'execute_request').map((r) => r.msg_id));
  assert.deepEqual(out.filter((r) => r.kind === 'kernel').map((r) => r.kernel_id), ['kernel-b', 'kernel-a']);
});

test('orphan groups (output whose request is not in the capture) go to the store once quiet and come back in their place', () => {
  // The capture starts after the requests were sent: only their output is in it.
  const records = session(400).filter((r) => r.msg_type !== 'execute_request');
  const stored = new Map<number, OrphanGroup>();
  let taken = 0;
  const store: GroupStore = {
    put: (group) => {
      stored.set(stored.size, JSON.parse(JSON.stringify(group)) as OrphanGroup);
      return stored.size - 1;
    },
    take: (handle) => {
      taken++;
      return stored.get(handle as number)!;
    },
  };
  const stream = new ConversationStream(5_000, {}, store);
  for (const record of records) stream.add(record);
  assert.ok(stored.size >= 380, `only ${stored.size} of 400 groups stored`);
  const out = [...stream.finish()];
  assert.equal(taken, stored.size);
  assert.deepEqual(out, conversationRecords(buildConversations(records)));
  assert.equal(out.filter((r) => r.kind === 'orphans').length, 400);
});
