import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ROOT, runHar } from './helpers/cli.js';

/** Splits a shell command line with single and double quotes (enough for the docs' examples). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  const pattern = /'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const match of line.matchAll(pattern)) words.push(match[1] ?? match[2]?.replace(/\\(.)/g, '$1') ?? match[3]!);
  return words;
}

interface Example {
  doc: string;
  command: string;
  output: string | null;
}

/** `$ har …` lines in console blocks, with the lines after them as the expected stdout. */
function examples(doc: string): Example[] {
  const text = readFileSync(`${ROOT}${doc}`, 'utf8');
  const found: Example[] = [];
  for (const block of text.matchAll(/```console\n([\s\S]*?)```/g)) {
    const lines = block[1]!.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (!line.startsWith('$ har ')) continue;
      const output: string[] = [];
      while (i + 1 < lines.length && !lines[i + 1]!.startsWith('$ ') && lines[i + 1] !== '') output.push(lines[++i]!);
      found.push({ doc, command: line.slice(2), output: output.length ? `${output.join('\n')}\n` : null });
    }
  }
  return found;
}

const DOCS = ['README.md'];

for (const example of DOCS.flatMap(examples)) {
  // Pipelines are illustrations; the examples with shown output are checked exactly.
  if (example.command.includes('|') || example.output === null) continue;
  test(`${example.doc}: ${example.command}`, async () => {
    process.chdir(ROOT);
    const result = await runHar(shellWords(example.command).slice(1));
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, example.output);
  });
}

test('the README documents every har command', () => {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  for (const command of ['urls', 'get', 'pick', 'query', 'entries', 'stats']) assert.match(readme, new RegExp(`### har ${command}`));
});
