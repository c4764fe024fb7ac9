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

test('har report: 60 MB of cell output under a 32 MB heap (outputs wait in a temporary file; the page reads back those it shows)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'harknife-report-memory-'));
  try {
    const input = join(dir, 'frames.ndjson');
    writeLongSession(input, CELLS, (n) => [{ name: 'stdout', text: `out-${n} ${'x'.repeat(OUTPUT)}\n` }]);
    const output = join(dir, 'report.html');
    const result = spawnSync(process.execPath, ['--max-old-space-size=32', HAR_BIN, 'report', input, '-o', output], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const page = readFileSync(output, 'utf8');
    // The page's output budget (6 M characters) holds the first cells' outputs, in order; the rest are left out and said so.
    assert.ok(page.includes('out-0 xxx') && page.includes('out-150 xxx'), 'the first outputs are on the page');
    assert.ok(!page.includes(`out-${CELLS - 1} xxx`), 'the last outputs are left out');
    assert.match(page, /The outputs of \d+ cells are left out/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
