import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

test('FrameSpill: a few items never touch the disk; a spilled file is never visible in the temporary folder, so a process that dies leaves nothing', async () => {
  const spillDirs = () => readdirSync(tmpdir()).filter((name) => name.startsWith('harknife-frames-')).length;
  const before = spillDirs();
  const small = new FrameSpill(4);
  small.push(0, { a: 1 });
  assert.equal(small.spilled, false);
  assert.deepEqual(await drained(small), [{ position: 0, value: { a: 1 } }]);
  const big = new FrameSpill(1);
  for (let i = 0; i < 3; i++) big.push(i, { long: 'é'.repeat(700_000), i });
  assert.equal(big.spilled, true);
  assert.equal(spillDirs(), before);
  // Lines longer than a read piece (1 MiB) come back whole.
  assert.deepEqual((await drained(big)).map((item) => [item.position, (item.value as { i: number }).i, (item.value as { long: string }).long.length]), [
    [0, 0, 700_000],
    [1, 1, 700_000],
    [2, 2, 700_000],
  ]);
  const stopped = new FrameSpill(1);
  stopped.push(0, 1);
  stopped.push(1, 2);
  stopped.dispose();
  assert.equal(stopped.spilled, false);
});

test('TempGroupStore: groups come back by their place, after more were written', async () => {
  const { TempGroupStore } = await import('../../src/analyse/group-spill.js');
  const store = new TempGroupStore();
  const group = (n: number) => ({ kind: 'orphans' as const, kernel_id: 'k', parent_msg_id: `p-${n}`, parent_msg_type: null, parent_date: null, parent_session: null, outputs: [{ output_type: 'stream' as const, name: 'stdout', text: `中 ${'x'.repeat(n * 10)}` }], rate_limited: false, messages: [] });
  const places = Array.from({ length: 2000 }, (_, n) => store.put(group(n)));
  assert.deepEqual(store.take(places[1999]), group(1999));
  assert.deepEqual(store.take(places[3]), group(3));
  store.dispose();
});
