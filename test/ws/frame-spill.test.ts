import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { TooLarge } from '../../src/read/har.js';
import { FrameSpill, type WaitingItem } from '../../src/ws/frame-spill.js';

async function drained(spill: FrameSpill): Promise<WaitingItem[]> {
  const items: WaitingItem[] = [];
  for await (const batch of spill.drain()) items.push(...batch);
  return items;
}

test('FrameSpill: past its memory limit the items go to a file and come back in order, values and sizes of unread frames alike', async () => {
  const spill = new FrameSpill(4);
  const pushed: WaitingItem[] = [];
  for (let i = 0; i < 50; i++) {
    const value = i === 7 ? new TooLarge(99_000_000) : i === 8 ? null : { type: 'receive', time: 1.5 + i, data: `line\nwith "quotes" é ${i}`, __proto__x: [i] };
    spill.push(i, value);
    pushed.push({ position: i, value });
  }
  assert.equal(spill.spilled, true);
  const back = await drained(spill);
  assert.equal(back.length, 50);
  assert.ok(back[7]!.value instanceof TooLarge && back[7]!.value.size === 99_000_000);
  assert.deepEqual(back.filter((_, i) => i !== 7), pushed.filter((_, i) => i !== 7));
  assert.equal(spill.size, 0);
  assert.equal(spill.spilled, false);
});

test('FrameSpill: a few items never touch the disk; dispose removes a file left by a reader that stopped', async () => {
  const small = new FrameSpill(4);
  small.push(0, { a: 1 });
  assert.equal(small.spilled, false);
  assert.deepEqual(await drained(small), [{ position: 0, value: { a: 1 } }]);
  const big = new FrameSpill(1);
  big.push(0, 1);
  big.push(1, 2);
  const path = (big as unknown as { file: { path: string } }).file.path;
  assert.ok(existsSync(path));
  big.dispose();
  assert.ok(!existsSync(path));
});
