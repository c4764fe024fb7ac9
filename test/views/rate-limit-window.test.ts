import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IopubRateWindow } from '../../src/views/rate-limit-window.js';

/**
 * The limiter against hand-worked steps of jupyter_server's `_limit_rate`: limits 2 msg/s and
 * 100 B/s over a 1 s window, so the third counted message within a second trips the message
 * limit (3 / 1 > 2) and 101 stream bytes trip the data limit.
 */
const limits = { msgRate: 2, dataRate: 100, window: 1 };

test('the third message in the window trips the message limit, is dropped, and later ones too', () => {
  const window = new IopubRateWindow(limits);
  assert.equal(window.take('stream', undefined, 0.0, 1).dropped, false);
  assert.equal(window.take('display_data', undefined, 0.1, 0).dropped, false);
  const third = window.take('stream', undefined, 0.2, 1);
  assert.deepEqual([third.msgTripped, third.dropped, third.msgRate], [true, true, 3]);
  // Still 2 counted (the dropped one was uncounted): 3 again > 2, flag already set, no second notice.
  const fourth = window.take('stream', undefined, 0.3, 1);
  assert.deepEqual([fourth.msgTripped, fourth.dropped], [false, true]);
});

test('sending resumes only below 80 % of the limit, once old messages expire', () => {
  const window = new IopubRateWindow(limits);
  window.take('stream', undefined, 0.0, 1);
  window.take('stream', undefined, 0.5, 1);
  assert.equal(window.take('stream', undefined, 0.6, 1).dropped, true);
  // At 1.05 the message from 0.0 expired: 1 left + this one = 2, not over 2, but not below 1.6 either.
  const atLimit = window.take('stream', undefined, 1.05, 1);
  assert.deepEqual([atLimit.msgResumed, atLimit.dropped], [false, true]);
  // At 1.6 both expired: 1 counted = 1 < 1.6: resumed and sent.
  const resumed = window.take('stream', undefined, 1.6, 1);
  assert.deepEqual([resumed.msgResumed, resumed.dropped, resumed.msgRate], [true, false, 1]);
});

test('status, comm_open and execute_input are never counted; bytes count for stream only', () => {
  const window = new IopubRateWindow(limits);
  for (const type of ['status', 'comm_open', 'execute_input', 'status', 'comm_open']) assert.equal(window.take(type, 'busy', 0, 1000).counted, false);
  assert.equal(window.take('display_data', undefined, 0, 1000).dataRate, 0);
  const stream = window.take('stream', undefined, 0, 101);
  assert.deepEqual([stream.dataRate, stream.dataTripped, stream.dropped], [101, true, true]);
});

test('an idle resets the window and both flags', () => {
  const window = new IopubRateWindow(limits);
  for (const t of [0, 0.1, 0.2]) window.take('stream', undefined, t, 1);
  assert.equal(window.msgsExceeded, true);
  window.take('status', 'idle', 0.3, 0);
  assert.equal(window.msgsExceeded, false);
  assert.deepEqual([window.windowCount, window.take('stream', undefined, 0.31, 1).dropped], [0, false]);
});

test('a limit of 0 turns its check off, as in the server', () => {
  const window = new IopubRateWindow({ msgRate: 0, dataRate: 0, window: 1 });
  for (let i = 0; i < 100; i++) assert.equal(window.take('stream', undefined, i / 1000, 10_000).dropped, false);
  assert.equal(window.windowCount, 100);
});
