/** What `record()` refuses before any browser starts (so that nothing is recorded for nothing). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { record } from '../../src/record/session.js';
import { BrowserMissingError } from '../../src/record/browser.js';
import { UsageError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'harknife-record-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const base = { keepSecrets: true, signal: new AbortController().signal, launch: { executablePath: join(dir, 'no-chromium'), headless: true } };

test('a missing output directory, a directory as output, or a non-URL is a usage error', async () => {
  await assert.rejects(record({ ...base, output: join(dir, 'missing', 'x.har') }), (e: unknown) => e instanceof UsageError && /does not exist/.test(e.message));
  await assert.rejects(record({ ...base, output: dir }), (e: unknown) => e instanceof UsageError && /is a directory/.test(e.message));
  await assert.rejects(record({ ...base, output: join(dir, 'x.har'), url: 'localhost:8888' }), (e: unknown) => e instanceof UsageError);
  await assert.rejects(record({ ...base, output: join(dir, 'x.har'), url: 'javascript:alert(1)' }), (e: unknown) => e instanceof UsageError && /opens http/.test(e.message));
});

test('then a missing browser: exit 4 with the apt-get line', async () => {
  await assert.rejects(record({ ...base, output: join(dir, 'x.har'), url: 'http://127.0.0.1:8888/tree' }), (e: unknown) => e instanceof BrowserMissingError && e.exitCode === 4 && /apt-get install -y chromium/.test(e.message));
});
