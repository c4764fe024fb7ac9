/**
 * Which runs skip the tight heap growth step (src/cli/start.ts): only those whose inputs are all
 * regular files small enough to be read whole.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onlySmallFiles } from '../../src/cli/start.js';
import { WHOLE_DOCUMENT_LIMIT } from '../../src/read/whole-document.js';

test('onlySmallFiles: small regular files yes; a big file, a device or no file at all (stdin) no', () => {
  const dir = mkdtempSync(join(tmpdir(), 'harknife-start-'));
  try {
    const small = join(dir, 'small.har');
    writeFileSync(small, '{"log":{"entries":[]}}');
    const big = join(dir, 'big.har');
    writeFileSync(big, '');
    truncateSync(big, WHOLE_DOCUMENT_LIMIT + 1);
    // Command names, option values and an output directory name no input.
    assert.equal(onlySmallFiles(['cells', '--msg-type', 'stream', small]), true);
    assert.equal(onlySmallFiles(['notebook', '-o', dir, small, small]), true);
    assert.equal(onlySmallFiles(['cells', small, big]), false);
    assert.equal(onlySmallFiles(['cells']), false);
    assert.equal(onlySmallFiles(['cells', '/dev/null']), false);
    assert.equal(onlySmallFiles(['cells', join(dir, 'missing.har')]), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
