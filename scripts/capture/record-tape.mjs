#!/usr/bin/env node
// Tape a real `har record` session for the unit tests of src/record: every CDP event the
// recorder received and every answer to what it asked (bodies cut to 1 KiB to keep the file
// small), from a Notebook 6 tab that runs two cells, reloads, and runs a third.
//
//   npm run build && node scripts/capture/record-tape.mjs test/fixtures/record/notebook6-reload.tape.json.gz
import { writeFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeWorkdir, startJupyter, CHROMIUM } from './lib/env.mjs';
import { ProcessTracker, freePort } from './lib/procs.mjs';
import { writeEmptyNotebook, writeUserConfig } from './lib/notebook6.mjs';
import { connectToTab, reloadNotebook, runCell, waitNotebookIdle } from './lib/drive-notebook6.mjs';

const TAPE_CELLS = { beforeReload: ['print("before reload")', '21 * 2'], afterReload: ['print("after reload")'] };

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = process.argv[2];
if (!out) {
  console.error('usage: node scripts/capture/record-tape.mjs OUT.tape.json.gz');
  process.exit(2);
}
const { record } = await import(join(ROOT, 'dist', 'src', 'record', 'index.js'));

const BODY_LIMIT = 1024;
/** @param {any} result */
function cutBody(result) {
  if (!result || typeof result.body !== 'string' && typeof result.content !== 'string') return result;
  const key = typeof result.body === 'string' ? 'body' : 'content';
  const limit = result.base64Encoded ? BODY_LIMIT - (BODY_LIMIT % 4) : BODY_LIMIT;
  return { ...result, [key]: result[key].slice(0, limit) };
}

const wd = makeWorkdir();
const tracker = new ProcessTracker(wd.root);
/** @type {any[]} */
const tape = [];
try {
  writeEmptyNotebook(wd.notebooks);
  writeUserConfig(wd.config);
  const server = await startJupyter(tracker, 'notebook', wd);
  const port = await freePort();
  const stop = new AbortController();
  /** @type {any[]} */
  const live = [];
  const recording = record({
    output: join(wd.root, 'recorded.har'),
    url: `${server.base}notebooks/session.ipynb?token=${server.token}`,
    launch: { executablePath: CHROMIUM, headless: true, extraArgs: [`--remote-debugging-port=${port}`] },
    keepSecrets: true,
    signal: stop.signal,
    onFrame: (/** @type {any} */ frame) => live.push(frame),
    /** @param {any} cdp */
    wrapConnection: (cdp) => ({
      /** @param {string} method @param {any} params */
      async send(method, params) {
        try {
          const result = await cdp.send(method, params);
          tape.push({ kind: 'send', method, params: params ?? null, result: cutBody(result) });
          return result;
        } catch (error) {
          tape.push({ kind: 'send', method, params: params ?? null, error: String(/** @type {any} */ (error).message ?? error).split('\n')[0] });
          throw error;
        }
      },
      /** @param {string} event @param {(params: any) => void} listener */
      on(event, listener) {
        cdp.on(event, (/** @type {any} */ params) => {
          tape.push({ kind: 'event', method: event, params });
          listener(params);
        });
      },
      detach: () => cdp.detach(),
    }),
  });
  const { browser, page } = await connectToTab(port, /\/notebooks\/session\.ipynb/);
  await waitNotebookIdle(page);
  for (const source of TAPE_CELLS.beforeReload) await runCell(page, source);
  await reloadNotebook(page);
  for (const source of TAPE_CELLS.afterReload) await runCell(page, source);
  await page.waitForTimeout(500);
  await browser.close();
  stop.abort();
  const result = await recording;
  writeFileSync(out, gzipSync(JSON.stringify({ cells: TAPE_CELLS, chromium: result.browserVersion, tape, live }) + '\n'));
  console.error(`taped ${tape.length} items (${result.entries} entries, ${result.frames} frames) into ${out}`);
  await fetch(`${server.base}api/shutdown`, { method: 'POST', headers: { Authorization: `token ${server.token}` } }).catch(() => {});
  await tracker.stop(server.child, 15_000);
} finally {
  await tracker.reap();
  rmSync(wd.root, { recursive: true, force: true });
}
