/**
 * `har report` in a real browser: for every capture in samples/, the page written by the command
 * loads from file:// with no console message, no request and no dialog, and shows every executed
 * cell's text output, its images (decoded) and its errors, and a timeline whose bars show the
 * cell's times on hover and jump to the cell on click. A screenshot of each page is written.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { ROOT, runHar } from '../helpers/cli.js';
import { browserSkipReason, launchChromium, openReport } from './browser.js';
import { expectedPage } from './expected.js';

const skip = browserSkipReason();
const SAMPLES = readdirSync(join(ROOT, 'samples')).filter((name) => name.endsWith('.har')).sort();
export const SCREENSHOTS = join(tmpdir(), 'harknife-report-screenshots');
const dir = mkdtempSync(join(tmpdir(), 'harknife-report-'));
let browser: Browser | null = null;

before(async () => {
  if (skip === false) browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the samples are there', () => assert.ok(SAMPLES.length >= 4, SAMPLES.join(', ')));

for (const sample of SAMPLES) {
  test(`har report ${sample}: loads offline, shows every cell's output, images and errors`, { skip }, async (t) => {
    const input = join(ROOT, 'samples', sample);
    const file = join(dir, `${sample}.html`);
    const run = await runHar(['report', input, '-o', file]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(statSync(file).size < 4_000_000, `${statSync(file).size} bytes`);
    const expected = await expectedPage({ name: input, path: input });
    assert.ok(expected.executed > 0 && expected.texts.length > 0, 'the sample has executed cells with text output');

    const opened = await openReport(browser!, file);
    const { page } = opened;
    try {
      assert.deepEqual(opened.console, [], 'console messages');
      assert.deepEqual(opened.pageErrors, []);
      assert.deepEqual(opened.requests, [], 'requests');
      assert.deepEqual(opened.dialogs, []);

      const notebook = await page.locator('#notebook').innerText();
      const missing = expected.texts.filter((text) => !notebook.includes(text));
      assert.deepEqual(missing, [], 'text outputs not shown');
      for (const ename of expected.errors) assert.ok(notebook.includes(ename), ename);
      assert.equal(await page.locator('#notebook .error-output').count(), expected.errors.length);
      const images = await page.locator('#notebook img.output-image').evaluateAll((imgs) => imgs.map((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth > 0));
      assert.equal(images.length, expected.images);
      assert.ok(images.every(Boolean), 'every image decodes');
      assert.equal(await page.locator('#notebook iframe.sandboxed').count(), expected.frames);
      for (const frame of await page.locator('#notebook iframe.sandboxed').elementHandles()) assert.equal(await frame.getAttribute('sandbox'), '');

      const bars = page.locator('#timeline a rect.busy');
      assert.ok((await bars.count()) >= expected.executed, `${await bars.count()} bars for ${expected.executed} cells`);
      const bar = bars.first();
      await bar.hover();
      const tip = await page.locator('#tip').innerText();
      assert.match(tip, /queued .* · running .* · wall /);
      const href = await page.locator('#timeline a').first().getAttribute('href');
      await bar.click();
      assert.equal(new URL(page.url()).hash, href);
      assert.ok(await page.locator(`${href} .cell-code`).isVisible());

      await page.evaluate('window.scrollTo(0, 0)');
      const shot = join(SCREENSHOTS, `${sample}.png`);
      await page.screenshot({ path: shot });
      t.diagnostic(`screenshot: ${shot}`);
      assert.deepEqual(opened.console, [], 'console messages after hover and click');
      assert.deepEqual(opened.requests, [], 'requests after hover and click');
      // Reported, not asserted: an idle machine whose page faults cost 11–17 µs (bench/notes.md,
      // "Eighth pass") loaded these pages in 1.2 s, so a wall-clock bound here fails by machine.
      const loadMs = Number(await page.evaluate('performance.getEntriesByType("navigation")[0].loadEventEnd'));
      t.diagnostic(`loaded in ${loadMs.toFixed(0)} ms (load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores)`);
    } finally {
      await page.context().close();
    }
  });
}

test('the page script works under its CSP: the entries table filters and sorts', { skip }, async () => {
  const input = join(ROOT, 'samples', 'notebook6-session.har');
  const file = join(dir, 'sort.html');
  assert.equal((await runHar(['report', input, '-o', file])).code, 0);
  const opened = await openReport(browser!, file);
  const { page } = opened;
  try {
    const rows = page.locator('#entries-table > tbody > tr');
    const total = await rows.count();
    await page.locator('form[data-table="entries-table"] select[name="type"]').selectOption('websocket');
    assert.equal(await page.locator('#entries-table > tbody > tr:not([hidden])').count(), 2);
    assert.equal(await page.locator('form[data-table="entries-table"] .shown').innerText(), '2');
    await page.locator('form[data-table="entries-table"] select[name="type"]').selectOption('');
    await page.locator('form[data-table="entries-table"] input[name="text"]').fill('/api/kernels');
    const kernelRows = await page.locator('#entries-table > tbody > tr:not([hidden]) > td.url').allInnerTexts();
    assert.ok(kernelRows.length > 0 && kernelRows.length < total && kernelRows.every((url) => url.includes('/api/kernels')));
    await page.locator('#entries-table th', { hasText: 'time ms' }).click();
    await page.locator('#entries-table th', { hasText: 'time ms' }).click();
    const times = (await page.locator('#entries-table > tbody > tr:not([hidden]) > td:nth-child(7)').allInnerTexts()).map(Number);
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
    assert.deepEqual(opened.console, []);
  } finally {
    await page.context().close();
  }
});
