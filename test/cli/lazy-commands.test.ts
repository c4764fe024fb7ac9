import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { HAR_COMMANDS } from '../../src/cli/har.js';
import { createContext } from '../../src/cli/io.js';

test('every lazily listed command has the command and description its module declares', async () => {
  const io = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false, columns: 80, env: {} };
  const ctx = createContext(io, 'har');
  for (const listed of HAR_COMMANDS) {
    const module = (await listed.load())(ctx);
    assert.equal(module.command, listed.command, listed.name);
    assert.equal(module.describe, listed.describe, listed.name);
    assert.equal(String(module.command).split(' ')[0], listed.name);
  }
  assert.deepEqual(
    HAR_COMMANDS.map((c) => c.name),
    [...HAR_COMMANDS.map((c) => c.name)].sort(),
    'alphabetical order',
  );
});
