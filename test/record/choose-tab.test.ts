import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { chooseTab } from '../../src/cli/commands/record.js';
import { createContext, type CliIO } from '../../src/cli/io.js';
import { UsageError } from '../../src/errors.js';

const TABS = [
  { title: 'Home Page - Select or create a notebook', url: 'http://127.0.0.1:8888/tree' },
  { title: 'session - Jupyter Notebook', url: 'http://127.0.0.1:8888/notebooks/session.ipynb' },
];

function io(terminal: boolean): { io: CliIO; stdin: PassThrough; stderr: () => string } {
  const stdin = new PassThrough();
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (d: Buffer) => (text += d.toString('utf8')));
  return {
    io: { stdout: new PassThrough(), stderr, stdin, stdoutIsTTY: false, stderrIsTTY: terminal, stdinIsTTY: terminal, columns: 80, env: {} },
    stdin,
    stderr: () => text,
  };
}

test('on a terminal, the tabs are listed and the answer chooses', async () => {
  const t = io(true);
  const chosen = chooseTab(createContext(t.io, 'har'), TABS, undefined);
  setTimeout(() => t.stdin.write('2\n'), 20);
  assert.equal(await chosen, 1);
  assert.match(t.stderr(), /The browser has 2 tabs:\n {2}1\. Home Page .*\n {2}2\. session - Jupyter Notebook — http:\/\/127\.0\.0\.1:8888\/notebooks\/session\.ipynb\nRecord which tab \(number or pattern\)\? /);
});

test('not on a terminal: a usage error listing the tabs; --tab or a single tab need no question', async () => {
  const t = io(false);
  await assert.rejects(chooseTab(createContext(t.io, 'har'), TABS, undefined), (e: unknown) => e instanceof UsageError && e.message.includes('1. Home Page') && e.message.includes('--tab'));
  assert.equal(await chooseTab(createContext(t.io, 'har'), TABS, 'Notebook$'), 1);
  assert.equal(await chooseTab(createContext(t.io, 'har'), TABS.slice(0, 1), undefined), 0);
  await assert.rejects(chooseTab(createContext(t.io, 'har'), [], undefined), UsageError);
});
