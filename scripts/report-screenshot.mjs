// Writes docs/report.png: `har report` of a sample, opened from file:// in headless Chromium,
// the pointer on a cell's bar in the timeline (its queued / running / wall times shown).
//   npm run build && node scripts/report-screenshot.mjs [samples/X.har] [docs/report.png]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [sample = 'samples/jupyter-server-limits.har', out = 'docs/report.png'] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'harknife-shot-'));
const page = join(dir, 'report.html');
try {
  const run = spawnSync(process.execPath, [join(ROOT, 'dist/src/bin/har.js'), 'report', sample, '-o', page], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
  const { CHROMIUM_FLAGS, DEFAULT_BROWSER } = await import(join(ROOT, 'dist/src/record/browser.js'));
  const browser = await chromium.launch({ executablePath: DEFAULT_BROWSER, args: [...CHROMIUM_FLAGS] });
  const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await tab.goto(pathToFileURL(page).href);
  await tab.locator('#timeline a rect.busy').nth(1).hover();
  await tab.screenshot({ path: join(ROOT, out) });
  await browser.close();
  console.log(`wrote ${out}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
