import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HAR_COMMANDS } from '../src/cli/commands/index.js';
import { ROOT } from './helpers/cli.js';

interface Example {
  doc: string;
  command: string;
  output: string;
}

/** `$ har …` / `$ kernel-decode …` lines of console blocks, with the lines after them as the expected stdout. */
function examples(doc: string): Example[] {
  const text = readFileSync(`${ROOT}${doc}`, 'utf8');
  const found: Example[] = [];
  for (const block of text.matchAll(/```console\n([\s\S]*?)```/g)) {
    const lines = block[1]!.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (!/^\$ (har|kernel-decode) /.test(line)) continue;
      const output: string[] = [];
      while (i + 1 < lines.length && !lines[i + 1]!.startsWith('$ ')) output.push(lines[++i]!);
      while (output.length > 0 && output[output.length - 1] === '') output.pop();
      if (output.length > 0) found.push({ doc, command: line.slice(2), output: `${output.join('\n')}\n` });
    }
  }
  return found;
}

/** The bins as a user has them on PATH after `npm install`. */
const binDir = mkdtempSync(join(tmpdir(), 'harknife-bin-'));
after(() => rmSync(binDir, { recursive: true, force: true }));
for (const name of ['har', 'kernel-decode']) {
  const path = join(binDir, name);
  writeFileSync(path, `#!/bin/sh\nexec "${process.execPath}" "${ROOT}dist/src/bin/${name}.js" "$@"\n`);
  chmodSync(path, 0o755);
}
const hasJq = spawnSync('jq', ['--version']).status === 0;

/** The README and every page under docs/. */
const DOCS = ['README.md', ...readdirSync(`${ROOT}docs`).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

for (const example of DOCS.flatMap(examples)) {
  const needsJq = /\|\s*jq\b/.test(example.command);
  test(`${example.doc}: ${example.command}`, { skip: needsJq && !hasJq ? 'jq is not installed' : false }, () => {
    const result = spawnSync('bash', ['-c', example.command], {
      cwd: ROOT,
      env: { ...process.env, PATH: `${binDir}:${process.env['PATH'] ?? ''}`, NO_COLOR: '1' },
      maxBuffer: 1 << 26,
    });
    assert.equal(result.stderr.toString(), '', 'no diagnostics');
    assert.equal(result.stdout.toString(), example.output);
  });
}

test('the README documents every command', () => {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  for (const { name: command } of HAR_COMMANDS) assert.match(readme, new RegExp(`### har ${command}`));
  assert.match(readme, /### kernel-decode/);
});
