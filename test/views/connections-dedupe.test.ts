import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageRecord } from '../../src/kernel/index.js';
import { FirstDelivery } from '../../src/views/connections-dedupe.js';

function message(msgId: string, kernel = 'K', session = 's1', direction: 'send' | 'receive' = 'receive'): MessageRecord {
  return { msg_id: msgId, kernel_id: kernel, session, direction } as unknown as MessageRecord;
}

test('FirstDelivery: a copy is not first; the same id on another kernel, session or direction is', () => {
  const delivery = new FirstDelivery();
  assert.equal(delivery.isFirst(message('a')), true);
  assert.equal(delivery.isFirst(message('a')), false);
  assert.equal(delivery.isFirst(message('a', 'K2')), true);
  assert.equal(delivery.isFirst(message('a', 'K', 's2')), true);
  assert.equal(delivery.isFirst(message('a', 'K', 's1', 'send')), true);
  assert.equal(delivery.isFirst(message('')), true);
  assert.equal(delivery.isFirst(message('')), true);
});

test('FirstDelivery: past its limit the oldest ids are forgotten first, in the order they came', () => {
  const delivery = new FirstDelivery(3);
  for (const id of ['a', 'b', 'c']) assert.equal(delivery.isFirst(message(id)), true);
  assert.equal(delivery.isFirst(message('b')), false);
  assert.equal(delivery.isFirst(message('d', 'K2')), true); // a is forgotten
  assert.equal(delivery.isFirst(message('b')), false);
  assert.equal(delivery.isFirst(message('a')), true); // a again: b is forgotten
  // Remembered now: c, d, a. b comes back as new and pushes c out.
  assert.deepEqual(['d', 'c', 'b', 'c', 'a'].map((id) => delivery.isFirst(message(id, id === 'd' ? 'K2' : 'K'))), [false, false, true, true, false]);
});
