import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { HAR_COMMANDS } from '../src/cli/commands/index.js';
import { ROOT } from './helpers/cli.js';

/**
 * gron's testdata idea: each case's stdout (and stderr) on the real samples is a file in
 * test/golden/, written by `npm run goldens` (scripts/update-goldens.mjs) and reviewed as a diff.
 */
interface GoldenCase {
  name: string;
  argv: string[];
  exit?: number;
}

const cases = JSON.parse(readFileSync(`${ROOT}test/golden/cases.json`, 'utf8')) as GoldenCase[];

for (const golden of cases) {
  test(`golden ${golden.name}: ${golden.argv.join(' ')}`, () => {
    const [bin, ...args] = golden.argv;
    const result = spawnSync(process.execPath, [`${ROOT}dist/src/bin/${bin}.js`, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', COLUMNS: '120' },
      maxBuffer: 1 << 28,
    });
    assert.equal(result.status, golden.exit ?? 0, result.stderr.toString());
    const errPath = `${ROOT}test/golden/${golden.name}.err`;
    assert.equal(result.stderr.toString(), existsSync(errPath) ? readFileSync(errPath, 'utf8') : '');
    assert.equal(result.stdout.toString(), readFileSync(`${ROOT}test/golden/${golden.name}.out`, 'utf8'));
  });
}

test('every registered command, and kernel-decode, has a golden on the samples', () => {
  const covered = new Set(cases.map((c) => (c.argv[0] === 'har' ? c.argv[1] : c.argv[0])));
  for (const command of [...HAR_COMMANDS.map((c) => c.name), 'kernel-decode']) assert.ok(covered.has(command), `no golden for ${command}`);
});
