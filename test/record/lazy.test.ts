/** playwright-core is loaded by `har record` only: every other command runs where it (or a browser) is missing. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'harknife-lazy-'));
after(() => rmSync(dir, { recursive: true, force: true }));
// A module hook that makes any import of playwright-core fail, as if it were not installed.
const hook = join(dir, 'no-playwright.mjs');
writeFileSync(
  hook,
  `import { register } from 'node:module';\nregister('data:text/javascript,' + encodeURIComponent(${JSON.stringify(
    "export async function resolve(specifier, context, next) { if (/(^|\\/)playwright-core(\\/|$)/.test(specifier)) throw new Error('playwright-core is not installed'); return next(specifier, context); }",
  )}));\n`,
);

function harWithoutPlaywright(args: string[]) {
  return spawnSync(process.execPath, ['--import', hook, `${ROOT}dist/src/bin/har.js`, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
}

test('other commands never import playwright-core', () => {
  for (const args of [['entries', '-f', 'json', 'samples/notebook6-session.har'], ['ws-messages', 'samples/jupyter-server-v1.har'], ['--help']]) {
    const run = harWithoutPlaywright(args);
    assert.equal(run.status, 0, `${args.join(' ')}: ${run.stderr}`);
    assert.equal(run.stderr, '');
  }
  const decode = spawnSync(process.execPath, ['--import', hook, `${ROOT}dist/src/bin/kernel-decode.js`, 'samples/notebook6-session.har'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(decode.status, 0, decode.stderr);
});

test('har record reports a missing browser before it needs playwright-core; with a browser it does import it', () => {
  const missing = harWithoutPlaywright(['record', '--browser', join(dir, 'chromium'), '-o', join(dir, 'x.har')]);
  assert.equal(missing.status, 4);
  assert.match(missing.stderr, /^har: .*chromium: no such browser; install Chromium with: apt-get install -y chromium/);
  // control: the hook works (an executable "browser" gets as far as loading playwright-core)
  const control = harWithoutPlaywright(['record', '--headless', '--keep-secrets', '--browser', process.execPath, '-o', join(dir, 'x.har')]);
  assert.equal(control.status, 70, control.stderr);
  assert.match(control.stderr, /playwright-core is not installed/);
});
