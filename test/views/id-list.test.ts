/** `idList` / `idListHas`: a built request's message ids as one prefix-coded string. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { idList, idListHas } from '../../src/views/id-list.js';

test('ipykernel ids share their session part: each is written as the length shared and the rest', () => {
  const ids = ['cd7ea3a9_2898', '76307842_2899', '76307842_2900', '76307842_2901'];
  const list = idList(ids);
  assert.equal(list, '0"cd7ea3a9_2898"0"76307842_2899"10"900"12"1"');
  for (const id of ids) assert.ok(idListHas(list, id), id);
  for (const other of ['76307842_290', '76307842_29000', '2899', '', 'cd7ea3a9_2899']) assert.ok(!idListHas(list, other), other);
});

test('ids with quotes, backslashes, digits, control characters and cut surrogate pairs come back whole', () => {
  const ids = ['a"b', 'a"c\\', '12"34', '12', '\u0000\n', 'x😀', 'x😁', '"', ''];
  const list = idList(ids);
  for (const id of ids) assert.ok(idListHas(list, id), JSON.stringify(id));
  assert.ok(!idListHas(list, 'x\ud83d'));
  assert.ok(!idListHas(list, 'a"'));
  assert.ok(!idListHas(idList([]), ''));
});

test('idListHas agrees with a set of the ids, for any strings', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 12 }), fc.string({ unit: 'binary' }), (ids, probe) => {
      const list = idList(ids);
      for (const id of ids) assert.ok(idListHas(list, id));
      assert.equal(idListHas(list, probe), ids.includes(probe));
    }),
  );
});
