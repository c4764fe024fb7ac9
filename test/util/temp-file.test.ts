/** TempFile: appends gathered in one buffer, JSON encoded into it, read back at their places. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TempFile, type JsonPlace } from '../../src/util/temp-file.js';

const MiB = 1 << 20;

test('values of every size, around and past the gathered buffer, come back at their places, before and after a write', () => {
  const file = new TempFile('test');
  try {
    const values: unknown[] = [
      { a: 1 },
      'é'.repeat(200_000), // 400 kB of UTF-8 from 200 k characters: fits in what is gathered
      'ü'.repeat(MiB / 2 + 7), // more than a MiB of UTF-8: written on its own
      ['x'.repeat(MiB - 40)],
      '\ud800 lone surrogate',
      Array.from({ length: 5000 }, (_, i) => ({ i, text: `v${i}` })),
      null,
    ];
    const places: JsonPlace[] = [];
    for (const [i, value] of values.entries()) {
      places.push(file.appendJson(value));
      // Reads in between write what is gathered first.
      if (i % 2 === 1) assert.deepEqual(file.readJson(places[0]!), values[0]);
    }
    values.forEach((value, i) => {
      const expected: unknown = JSON.parse(JSON.stringify(value));
      assert.deepEqual(file.readJson(places[i]!), expected, `value ${i}`);
      assert.equal(places[i]!.chars, JSON.stringify(value).length);
      assert.equal(places[i]!.length, Buffer.byteLength(JSON.stringify(value)));
    });
    // Places follow each other: the file is their texts end to end.
    for (let i = 1; i < places.length; i++) assert.equal(places[i]!.position, places[i - 1]!.position + places[i - 1]!.length);
    assert.equal(file.size, places[places.length - 1]!.position + places[places.length - 1]!.length);
  } finally {
    file.close();
  }
});

test('raw appends (frame spill lines) keep their order with JSON appends, whatever their sizes', () => {
  const file = new TempFile('test');
  try {
    const pieces = [Buffer.from('a\n'), Buffer.alloc(MiB - 1, 0x62), Buffer.from('c'), Buffer.alloc(2 * MiB, 0x64), Buffer.from('e')];
    for (const piece of pieces) file.append(piece);
    const json = file.appendJson({ after: true });
    const all = Buffer.concat(pieces);
    assert.equal(file.size, all.length + json.length);
    assert.ok(file.read(0, all.length).equals(all));
    assert.deepEqual(file.readJson(json), { after: true });
    // A piece appended is copied: changing it afterwards does not change the file.
    const changed = Buffer.from('zz');
    const at = file.size;
    file.append(changed);
    changed.fill(0x30);
    assert.equal(file.read(at, 2).toString(), 'zz');
  } finally {
    file.close();
  }
});
