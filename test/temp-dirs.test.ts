/**
 * Test hygiene: the suite leaves nothing in the temporary folder. Every test file that makes a
 * temporary folder removes it in an after hook or a finally block (a run of `npm test` used to
 * leave hundreds of harknife-* folders, some holding 40 MB files).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers/cli.js';

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'inputs' && entry.name !== 'fixtures' && entry.name !== 'golden') out.push(...sourceFiles(path));
    } else if (/\.(ts|mjs)$/.test(entry.name)) {
      out.push(path);
    }
  }
  return out;
}

test('every test file that makes a temporary folder removes it (after hook or finally)', () => {
  const offenders: string[] = [];
  const files = [...sourceFiles(join(ROOT, 'test')), join(ROOT, 'scripts', 'capture', 'capture.mjs')];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const made = (text.match(/mkdtempSync\(/g) ?? []).length + (text.match(/makeWorkdir\(\)/g) ?? []).length;
    if (made === 0) continue;
    const removed = (text.match(/rmSync\([^)]*recursive: true/g) ?? []).length;
    const guarded = /\bafter\(|finally \{|once\('exit'/.test(text);
    if (removed === 0 || !guarded) offenders.push(`${file.slice(ROOT.length)}: ${made} temporary folder(s), ${removed} removal(s)${guarded ? '' : ', no after/finally'}`);
  }
  assert.deepEqual(offenders, []);
});
