/**
 * `har report` with its temporary file (as the CLI runs it): what each pass keeps (the HTTP
 * rows, the timeline a kernel at a time, the frame rows, the cells) waits there, and the page is
 * the one rendered from memory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { readReport, reportPage } from '../../src/report/index.js';
import { CellSpill } from '../../src/views/cell-spill.js';
import { ROOT } from '../helpers/cli.js';

const SAMPLES = readdirSync(`${ROOT}samples`).filter((name) => /^[^.]+\.har$/.test(name));

test('every sample: the page read through the spill file is the page read in memory', async () => {
  assert.ok(SAMPLES.length >= 5);
  for (const sample of SAMPLES) {
    const source = { name: `samples/${sample}`, path: `${ROOT}samples/${sample}` };
    const inMemory = [...reportPage(await readReport([source]))].join('');
    const spill = new CellSpill();
    try {
      const data = await readReport([source], { spill });
      // Read back from the file: a new copy at each ask, equal to the one before.
      const kernel = data.session.timeline[0];
      assert.ok(kernel !== undefined, `${sample} has a timeline`);
      const [first, second] = [kernel.records(), kernel.records()];
      assert.notEqual(first, second);
      assert.deepEqual(first, second);
      assert.equal([...reportPage(data)].join(''), inMemory, sample);
    } finally {
      spill.close();
    }
  }
});

test('a list kept in the spill comes back whole and in order, across its pieces', () => {
  const spill = new CellSpill();
  try {
    const items = Array.from({ length: 1000 }, (_, i) => ({ i, text: `item ${i}` }));
    const back = spill.keepList(items);
    assert.deepEqual(back(), items);
    assert.deepEqual(spill.keepList([])(), []);
  } finally {
    spill.close();
  }
});
