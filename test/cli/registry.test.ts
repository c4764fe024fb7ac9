import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HAR_COMMANDS } from '../../src/cli/commands/index.js';

test('every registered command has the command and description its module declares', async () => {
  for (const listed of HAR_COMMANDS) {
    const module = await listed.load();
    assert.equal(module.command, listed.command, listed.name);
    assert.equal(module.describe, listed.describe, listed.name);
    assert.equal(module.command.split(' ')[0], listed.name);
  }
});

test('the registry is in alphabetical order', () => {
  const names = HAR_COMMANDS.map((c) => c.name);
  assert.deepEqual(names, [...names].sort());
});
