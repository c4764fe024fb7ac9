import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main as kernelDecode } from '../src/cli/kernel-decode.js';
import { HAR_COMMANDS } from '../src/cli/commands/index.js';
import { ROOT, runHar, runMain } from './helpers/cli.js';

/** Every example in `--help` runs as shown, on the real samples. */
const dir = mkdtempSync(join(tmpdir(), 'harknife-help-'));
after(() => rmSync(dir, { recursive: true, force: true }));
copyFileSync(`${ROOT}samples/notebook6-session.har`, join(dir, 's.har'));
copyFileSync(`${ROOT}samples/notebook6-session.har`, join(dir, 'old.har'));
copyFileSync(`${ROOT}samples/jupyter-server-v1.har`, join(dir, 'new.har'));
// JSON that is not a HAR, for shape --any-json.
copyFileSync(`${ROOT}package.json`, join(dir, 'package.json'));
for (const name of ['har', 'kernel-decode']) {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\nexec "${process.execPath}" "${ROOT}dist/src/bin/${name}.js" "$@"\n`);
  chmodSync(path, 0o755);
}
const hasJq = spawnSync('jq', ['--version']).status === 0;

function examplesOf(help: string): string[] {
  const section = help.split('\nExamples:\n')[1] ?? '';
  return section
    .split('\n\n')[0]!
    .split('\n')
    .filter((line) => /^ {2}(har|kernel-decode) /.test(line))
    .map((line) => line.slice(2).split(/ {2,}/)[0]!);
}

const COMMANDS = HAR_COMMANDS.map((command) => command.name);

test('every har command and kernel-decode show examples, and each one runs', async () => {
  const helps = [...(await Promise.all(COMMANDS.map((c) => runHar([c, '--help'])))), await runMain(kernelDecode, ['--help'])];
  let ran = 0;
  for (const help of helps) {
    const examples = examplesOf(help.stdout);
    assert.ok(examples.length >= 2, help.stdout.slice(0, 80));
    for (const example of examples) {
      if (/\|\s*jq\b/.test(example) && !hasJq) continue;
      // A recording needs a browser and a page to record, and runs until it is stopped:
      // test/e2e/record.test.mjs runs these commands against a real Jupyter server.
      if (example.startsWith('har record ')) continue;
      const result = spawnSync('bash', ['-c', `${example} > /dev/null`], { cwd: dir, env: { ...process.env, PATH: `${dir}:${process.env['PATH'] ?? ''}` } });
      const expected = example.includes('--diff') ? 1 : 0;
      assert.equal(result.status, expected, `${example}: ${result.stderr.toString()}`);
      assert.equal(result.stderr.toString(), '', example);
      ran++;
    }
  }
  assert.ok(ran >= 20, `${ran} examples ran`);
});
