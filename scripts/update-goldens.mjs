#!/usr/bin/env node
// Regenerates test/golden/<name>.out (stdout) and <name>.err (stderr, when there is any) from
// test/golden/cases.json by running the built bins, as a user would, from the repository root.
// Review the diff before committing: it is the change in what users see.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const goldens = join(root, 'test/golden');
const cases = JSON.parse(readFileSync(join(goldens, 'cases.json'), 'utf8'));

export function runCase(testCase) {
  const [bin, ...args] = testCase.argv;
  const result = spawnSync(process.execPath, [join(root, 'dist/src/bin', `${bin}.js`), ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', COLUMNS: '120' },
    maxBuffer: 1 << 28,
  });
  return { code: result.status, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

let changed = 0;
for (const testCase of cases) {
  const { code, stdout, stderr } = runCase(testCase);
  if (code !== (testCase.exit ?? 0)) {
    console.error(`${testCase.name}: exit ${code}, expected ${testCase.exit ?? 0}\n${stderr}`);
    process.exitCode = 1;
  }
  const out = join(goldens, `${testCase.name}.out`);
  const err = join(goldens, `${testCase.name}.err`);
  const before = (() => {
    try {
      return readFileSync(out, 'utf8');
    } catch {
      return null;
    }
  })();
  if (before !== stdout) changed++;
  writeFileSync(out, stdout);
  if (stderr === '') rmSync(err, { force: true });
  else writeFileSync(err, stderr);
}
console.error(`${cases.length} goldens written, ${changed} changed (git diff test/golden to review)`);
