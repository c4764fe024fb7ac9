/**
 * Which runs skip the tight heap growth step (src/cli/start.ts): those whose inputs are all
 * regular files small enough to be read whole; standard input gets it once it has given more.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sizeOfInputs } from '../../src/cli/start.js';
import { WHOLE_DOCUMENT_LIMIT } from '../../src/read/whole-document.js';

test('sizeOfInputs: small regular files; a big file or a device; standard input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'harknife-start-'));
  try {
    const small = join(dir, 'small.har');
    writeFileSync(small, '{"log":{"entries":[]}}');
    const big = join(dir, 'big.har');
    writeFileSync(big, '');
    truncateSync(big, WHOLE_DOCUMENT_LIMIT + 1);
    // Command names, option values and an output directory name no input.
    assert.equal(sizeOfInputs(['cells', '--msg-type', 'stream', small]), 'small');
    assert.equal(sizeOfInputs(['notebook', '-o', dir, small, small]), 'small');
    assert.equal(sizeOfInputs(['cells', small, big]), 'big');
    assert.equal(sizeOfInputs(['cells', '/dev/null']), 'big');
    assert.equal(sizeOfInputs(['cells']), 'stdin');
    assert.equal(sizeOfInputs(['cells', small, '-']), 'stdin');
    assert.equal(sizeOfInputs(['cells', '-', big]), 'big');
    assert.equal(sizeOfInputs(['cells', join(dir, 'missing.har')]), 'stdin');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
