import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLongSession } from '../helpers/long-session.js';

const KERNEL_DECODE_BIN = fileURLToPath(new URL('../../src/bin/kernel-decode.js', import.meta.url));
const CELLS = 2000;
const OUTPUT = 30_000;

/** 60 MB of output in all (CELLS cells printing OUTPUT characters), so holding every message cannot fit a 32 MB heap. */
function writeSession(file: string): void {
  writeLongSession(file, CELLS, (n) => [{ name: 'stdout', text: `${n} ${'x'.repeat(OUTPUT)}\n` }]);
}

test('kernel-decode --conversations: a 60 MB session under a 32 MB heap, every cell written (the reorder window is bounded)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'harknife-conversations-'));
  try {
    const input = join(dir, 'frames.ndjson');
    writeSession(input);
    const output = join(dir, 'out.tsv');
    const out = openSync(output, 'w');
    const result = spawnSync(process.execPath, ['--max-old-space-size=32', KERNEL_DECODE_BIN, '--conversations', '--reorder-window', '5', '-f', 'tsv', input], {
      stdio: ['ignore', out, 'pipe'],
      encoding: 'utf8',
    });
    closeSync(out);
    assert.equal(result.status, 0, result.stderr);
    const rows = readFileSync(output, 'utf8').trimEnd().split('\n');
    assert.equal(rows.length, CELLS + 1);
    assert.ok(rows[1]!.includes('print(0)'));
    assert.ok(rows[CELLS]!.includes(`print(${CELLS - 1})`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
