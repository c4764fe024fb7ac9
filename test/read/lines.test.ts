import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHUNK_SIZE } from '../../src/read/input.js';
import { readLineBatches } from '../../src/read/lines.js';

test('lines of a plain file that cross chunk boundaries come out whole (the file is read into one refilled buffer)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'harknife-lines-'));
  try {
    // Lines of 0.4 to 1.9 chunks, each of its own letter: a piece kept from an earlier chunk that
    // the refill overwrote would show the wrong letters.
    const expected: string[] = [];
    for (let i = 0; i < 9; i++) expected.push(String.fromCharCode(0x61 + i).repeat(Math.round(CHUNK_SIZE * (0.4 + (i % 4) * 0.5)) + i));
    expected.push('{"last":"line, no newline"}');
    const path = join(dir, 'frames.ndjson');
    writeFileSync(path, expected.join('\r\n'));
    const lines: (string | null)[] = [];
    const numbers: number[] = [];
    for await (const batch of readLineBatches({ name: path, path })) {
      for (const read of batch) {
        lines.push(read.line);
        numbers.push(read.number);
      }
    }
    assert.equal(lines.length, expected.length);
    lines.forEach((line, i) => assert.ok(line === expected[i], `line ${i + 1}: ${line === null ? 'null' : `${line.length} chars from ${JSON.stringify(line.slice(0, 3))}`}, not ${expected[i]!.length} of ${JSON.stringify(expected[i]!.slice(0, 3))}`));
    assert.deepEqual(numbers, expected.map((_, i) => i + 1));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
