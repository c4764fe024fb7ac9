import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLongSession } from '../helpers/long-session.js';

const HAR_BIN = fileURLToPath(new URL('../../src/bin/har.js', import.meta.url));
const CELLS = 2000;
const OUTPUT = 30_000;

interface WrittenCell {
  execution_count: number | null;
  outputs: { name?: string; text?: string[] }[];
}

test('har notebook -o: 60 MB of cell output under a 32 MB heap (finished cells wait in a temporary file), every output written in order', () => {
  const dir = mkdtempSync(join(tmpdir(), 'harknife-notebook-memory-'));
  try {
    const input = join(dir, 'frames.ndjson');
    writeLongSession(input, CELLS, (n) => [
      { name: 'stdout', text: `${n} ${'x'.repeat(OUTPUT)}\n` },
      { name: 'stderr', text: `done ${n}\n` },
    ]);
    const output = join(dir, 'out.ipynb');
    const result = spawnSync(process.execPath, ['--max-old-space-size=32', HAR_BIN, 'notebook', input, '-o', output], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const cells = (JSON.parse(readFileSync(output, 'utf8')) as { cells: WrittenCell[] }).cells;
    assert.equal(cells.length, CELLS);
    for (const n of [0, 1, CELLS - 1]) {
      const cell = cells[n]!;
      assert.equal(cell.execution_count, n + 1);
      assert.deepEqual(
        cell.outputs.map((o) => [o.name, o.text?.join('')]),
        [
          ['stdout', `${n} ${'x'.repeat(OUTPUT)}\n`],
          ['stderr', `done ${n}\n`],
        ],
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('har notebook -o: 3 000 cells with 60 MB of code under a 32 MB heap (finished cells wait whole in a temporary file), every source written in order', () => {
  const dir = mkdtempSync(join(tmpdir(), 'harknife-notebook-memory-'));
  try {
    const input = join(dir, 'frames.ndjson');
    const count = 3000;
    const code = (n: number) => `# cell ${n}\n${`x_${n} = ${'1 + '.repeat(5000)}1\n`}`;
    writeLongSession(input, count, (n) => [{ name: 'stdout', text: `${n}\n` }], code);
    const output = join(dir, 'out.ipynb');
    const result = spawnSync(process.execPath, ['--max-old-space-size=32', HAR_BIN, 'notebook', input, '-o', output], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const cells = (JSON.parse(readFileSync(output, 'utf8')) as { cells: (WrittenCell & { source: string[] })[] }).cells;
    assert.equal(cells.length, count);
    for (const n of [0, 1, count - 1]) {
      const cell = cells[n]!;
      assert.equal(cell.execution_count, n + 1);
      assert.equal(cell.source.join(''), code(n));
      assert.deepEqual(
        cell.outputs.map((o) => [o.name, o.text?.join('')]),
        [['stdout', `${n}\n`]],
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
