// End-to-end: `har record --headless --live` against a real Notebook 6 server in Debian's
// Chromium, while a script drives the same tab over the DevTools port (cells through the
// notebook's own execute path, a reload in the middle), `--live` piped into kernel-decode.
// Skips (never fails) when Chromium, the Jupyter packages or the build are missing.
//   npm run build && node --test test/e2e/record.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APT_CMD, makeWorkdir, missingPrerequisites, startChromium, startJupyter } from '../../scripts/capture/lib/env.mjs';
import { ProcessTracker, freePort } from '../../scripts/capture/lib/procs.mjs';
import { writeEmptyNotebook, writeUserConfig } from '../../scripts/capture/lib/notebook6.mjs';
import { connectToTab, reloadNotebook, runCell, waitNotebookIdle } from '../../scripts/capture/lib/drive-notebook6.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HAR = join(ROOT, 'dist', 'src', 'bin', 'har.js');
const KERNEL_DECODE = join(ROOT, 'dist', 'src', 'bin', 'kernel-decode.js');
const SAMPLE = join(ROOT, 'samples', 'notebook6-session.har');
/** Redaction (issue 12) is in this build: then the recording is written redacted, as by default. */
const REDACTION = existsSync(join(ROOT, 'dist', 'src', 'redact', 'index.js'));

const CELLS = {
  beforeReload: [
    { source: 'print("before reload")', status: 'ok' },
    { source: '21 * 2', status: 'ok' },
    { source: '1 / 0', status: 'error' },
  ],
  afterReload: [
    { source: 'print("after reload")', status: 'ok' },
    { source: 'import time\nfor i in range(3):\n    print(i, flush=True)\n    time.sleep(0.2)', status: 'ok' },
  ],
};

function skipReason() {
  if (!existsSync(HAR) || !existsSync(KERNEL_DECODE)) return 'not built (npm run build)';
  const missing = missingPrerequisites('notebook').filter((m) => !/ipywidgets|matplotlib|numpy/.test(m));
  return missing.length ? `missing ${missing.join(', ')}; install with: ${APT_CMD}` : false;
}

/** @param {() => boolean} condition @param {number} ms @param {string} what */
async function waitFor(condition, ms, what) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** @param {import('node:child_process').ChildProcess} child @returns {Promise<number | null>} */
function exitOf(child) {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));
}

/** @param {string[]} argv */
function har(argv) {
  const command = argv[0] === 'kernel-decode' ? [KERNEL_DECODE, ...argv.slice(1)] : [HAR, ...argv];
  return spawnSync(process.execPath, command, { encoding: 'utf8', maxBuffer: 1 << 28 });
}

/**
 * A private Notebook 6 server with an empty session.ipynb; it, and everything the test starts
 * with the returned tracker, is stopped after the test (`beforeStop` first: browsers to close).
 * @param {import('node:test').TestContext} t
 * @param {() => Promise<void>} beforeStop
 */
async function notebookServer(t, beforeStop) {
  const wd = makeWorkdir();
  const tracker = new ProcessTracker(wd.root);
  /** @type {any} */ let server;
  t.after(async () => {
    await beforeStop();
    if (server) {
      await fetch(`${server.base}api/shutdown`, { method: 'POST', headers: { Authorization: `token ${server.token}` } }).catch(() => {});
      await tracker.stop(server.child, 15_000);
    }
    await tracker.reap();
    rmSync(wd.root, { recursive: true, force: true });
  });
  writeEmptyNotebook(wd.notebooks);
  writeUserConfig(wd.config);
  server = await startJupyter(tracker, 'notebook', wd);
  return { wd, tracker, server };
}

const reason = skipReason();
test('har record --headless --live: a notebook session across a reload, streamed into kernel-decode and written as a DevTools HAR', { skip: reason, timeout: 300_000 }, async (t) => {
  /** @type {any} */ let driver;
  const { wd, tracker, server } = await notebookServer(t, async () => { await driver?.browser.close().catch(() => {}); });
  const port = await freePort();
  const out = join(wd.root, 's.har');
  const url = `${server.base}notebooks/session.ipynb?token=${server.token}`;
  if (!REDACTION) t.diagnostic('redaction is not in this build: recording with --keep-secrets, redact --check skipped');

  const recorder = tracker.start('har record', process.execPath,
    [HAR, 'record', '--headless', '--live', '-o', out, `--browser-arg=--remote-debugging-port=${port}`, ...(REDACTION ? [] : ['--keep-secrets']), url],
    { cwd: wd.root, stdio: ['ignore', 'pipe', 'pipe'] });
  const decoder = tracker.start('kernel-decode', process.execPath, [KERNEL_DECODE], { stdio: ['pipe', 'pipe', 'pipe'] });
  let recorderErr = '';
  let decoderErr = '';
  recorder.stderr?.on('data', (d) => { recorderErr += d; });
  decoder.stderr?.on('data', (d) => { decoderErr += d; });
  /** @type {any[]} what --live printed */
  const live = [];
  createInterface({ input: /** @type {any} */ (recorder.stdout) }).on('line', (line) => {
    live.push(JSON.parse(line));
    decoder.stdin?.write(`${line}\n`);
  }).on('close', () => decoder.stdin?.end());
  /** @type {any[]} what kernel-decode printed, as it printed it */
  const decoded = [];
  createInterface({ input: /** @type {any} */ (decoder.stdout) }).on('line', (line) => decoded.push(JSON.parse(line)));

  driver = await connectToTab(port, /\/notebooks\/session\.ipynb/);
  const { page } = driver;
  await waitNotebookIdle(page);
  tracker.snapshot();
  /** @type {Map<string, boolean>} cell → its reply and idle came out of kernel-decode while the recorder ran */
  const streamed = new Map();
  const runAndWatch = async (/** @type {string} */ source) => {
    await runCell(page, source);
    await waitFor(() => {
      const request = decoded.find((r) => r.msg_type === 'execute_request' && r.content?.code === source);
      if (!request) return false;
      const replied = decoded.some((r) => r.parent_msg_id === request.msg_id && r.msg_type === 'execute_reply');
      const idle = decoded.some((r) => r.parent_msg_id === request.msg_id && r.msg_type === 'status' && r.content?.execution_state === 'idle');
      return replied && idle;
    }, 20_000, `kernel-decode to print the reply and idle of ${JSON.stringify(source)}`);
    streamed.set(source, recorder.exitCode === null);
  };
  for (const cell of CELLS.beforeReload) await runAndWatch(cell.source);
  const reloadedAt = Date.now() / 1000;
  await reloadNotebook(page);
  for (const cell of CELLS.afterReload) await runAndWatch(cell.source);
  await page.waitForTimeout(300);
  tracker.snapshot();
  await driver.browser.close();
  driver = null;

  process.kill(/** @type {number} */ (recorder.pid), 'SIGINT');
  assert.equal(await exitOf(recorder), 0, recorderErr);
  assert.equal(await exitOf(decoder), 0, decoderErr);
  assert.deepEqual([...streamed.values()], [...CELLS.beforeReload, ...CELLS.afterReload].map(() => true), 'every cell was decoded before the recording ended');
  const said = recorderErr.trim().split('\n').at(-1) ?? '';
  assert.match(said, new RegExp(`^har: wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ entries, 2 pages, \\d+ WebSocket frames`));
  assert.match(said, REDACTION ? /; redacted: .*not written anywhere/ : /NOT redacted \(--keep-secrets\)/);
  const left = tracker.leftovers().filter((p) => p.name.startsWith('har record') || p.name.startsWith('kernel-decode'));
  assert.deepEqual(left, [], 'the recorder closed its Chromium');

  // DevTools' shape, with a page per load and the kernel socket of each on its side of the reload
  const text = readFileSync(out, 'utf8');
  const log = JSON.parse(text).log;
  assert.equal(log.version, '1.2');
  assert.equal(log.creator.name, 'WebInspector');
  assert.deepEqual(log.pages.map((/** @type {any} */ p) => p.id), ['page_1', 'page_2']);
  const sockets = log.entries.filter((/** @type {any} */ e) => e._resourceType === 'websocket' && /\/api\/kernels\/[^/]+\/channels/.test(e.request.url));
  assert.deepEqual(sockets.map((/** @type {any} */ e) => e.pageref), ['page_1', 'page_2']);
  const [before, after] = sockets.map((/** @type {any} */ e) => e._webSocketMessages);
  assert.ok(before.length > 0 && after.length > 0);
  assert.ok(before[0].time < reloadedAt && after.at(-1).time > reloadedAt, 'frames on both sides of the reload');
  for (const page of ['page_1', 'page_2']) {
    const own = log.entries.filter((/** @type {any} */ e) => e.pageref === page);
    assert.ok(own.some((/** @type {any} */ e) => e._resourceType === 'document' && e.response.status === 200), `${page}: its document`);
    assert.ok(own.filter((/** @type {any} */ e) => e._resourceType === 'script' && typeof e.response.content.text === 'string').length > 5, `${page}: script bodies`);
  }

  // every existing command reads it
  for (const argv of [['entries', out], ['stats', out], ['urls', out], ['ws-messages', out], ['get', 'log/pages[]/id', out], ['pick', out],
    ['query', '$.log.pages[*].id', out], ['shape', out], ['kernel-decode', '--format', 'transcript', out]]) {
    const run = har(argv);
    assert.equal(run.status, 0, `${argv.join(' ')}: ${run.stderr}`);
    assert.ok(run.stdout.length > 0, argv.join(' '));
  }

  // the same conversations a DevTools export of such a session decodes to
  const conversations = har(['kernel-decode', '--conversations', out]).stdout.trim().split('\n').map((l) => JSON.parse(l));
  const executes = conversations.filter((c) => c.kind === 'conversation' && c.msg_type === 'execute_request');
  const cells = [...CELLS.beforeReload, ...CELLS.afterReload];
  assert.deepEqual(executes.map((c) => c.code), cells.map((c) => c.source));
  for (const [i, c] of executes.entries()) {
    assert.equal(c.status, cells[i]?.status, c.code);
    assert.ok(c.times.reply !== null && c.times.idle !== null && c.done, `${c.code}: reply and idle`);
  }
  const sample = har(['kernel-decode', '--conversations', SAMPLE]).stdout.trim().split('\n').map((l) => JSON.parse(l));
  const samplePrint = sample.find((c) => c.msg_type === 'execute_request' && /^print\("Hello/.test(c.code));
  const ourPrint = executes[0];
  const kinds = (/** @type {any} */ c) => c.messages.map((/** @type {any} */ m) => `${m.channel}:${m.msg_type}:${m.state ?? ''}`).sort();
  assert.deepEqual(Object.keys(ourPrint), Object.keys(samplePrint), 'conversation records have the same fields');
  assert.deepEqual(kinds(ourPrint), kinds(samplePrint), 'a print cell has the same messages as in the DevTools export');
  assert.deepEqual(ourPrint.outputs, [{ output_type: 'stream', name: 'stdout', text: 'before reload\n' }]);

  // --live printed what ws-messages reads back from the file
  const fromFile = har(['ws-messages', out]).stdout.trim().split('\n').map((l) => JSON.parse(l));
  const key = (/** @type {any} */ f) => [f.entry, f.url === null ? null : f.url.replace(/token=[^&]*/, 'token='), f.index, f.type, f.opcode, f.time];
  assert.deepEqual(live.map(key), fromFile.map(key));
  if (!REDACTION) assert.deepEqual(live, fromFile);

  if (REDACTION) {
    assert.ok(!text.includes(server.token), 'the token is not in the file');
    const check = har(['redact', '--check', out]);
    assert.equal(check.status, 0, `har redact --check: ${check.stdout}${check.stderr}`);
  } else {
    assert.ok(text.includes(server.token), '--keep-secrets keeps the capture as it was');
  }
});

test('har record without a browser says so in one line and exits 4', () => {
  const run = har(['record', '--browser', join(ROOT, 'no-such-chromium'), '-o', join(ROOT, 'never-written.har'), 'http://127.0.0.1:9/']);
  assert.equal(run.status, 4);
  assert.equal(run.stderr.trim().split('\n').length, 1);
  assert.match(run.stderr, /no such browser; install Chromium with: apt-get install -y chromium/);
  assert.ok(!existsSync(join(ROOT, 'never-written.har')));
});

test('closing the recorded tab ends the recording, and the file is written', { skip: existsSync(HAR) ? (existsSync('/usr/bin/chromium') ? false : `missing chromium; install with: ${APT_CMD}`) : 'not built (npm run build)', timeout: 120_000 }, async (t) => {
  const wd = makeWorkdir();
  const tracker = new ProcessTracker(wd.root);
  t.after(async () => {
    await tracker.reap();
    rmSync(wd.root, { recursive: true, force: true });
  });
  const port = await freePort();
  const out = join(wd.root, 'closed.har');
  const recorder = tracker.start('har record', process.execPath,
    [HAR, 'record', '--headless', '--keep-secrets', '-o', out, `--browser-arg=--remote-debugging-port=${port}`, 'data:text/html,<title>to close</title>'],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  recorder.stderr?.on('data', (d) => { stderr += d; });
  const { browser, page } = await connectToTab(port, /^data:/);
  tracker.snapshot();
  await page.close();
  assert.equal(await exitOf(recorder), 0, stderr);
  await browser.close().catch(() => {});
  assert.match(stderr, /har: wrote .*closed\.har \(0 entries, 0 pages, 0 WebSocket frames\)/, 'data: URLs are not exported, as in DevTools');
  assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')).log.entries, []);
  assert.deepEqual(tracker.leftovers().filter((p) => p.name.startsWith('har record')), [], 'its Chromium is gone');
});

test('har record --attach records a tab of a running browser chosen by --tab, and leaves the browser running', { skip: reason, timeout: 240_000 }, async (t) => {
  /** @type {any} */ let chrome;
  const { wd, tracker, server } = await notebookServer(t, async () => {
    if (!chrome) return;
    await chrome.browser.close().catch(() => {});
    await tracker.stop(chrome.child, 5000);
  });
  chrome = await startChromium(tracker, wd);
  const context = chrome.browser.contexts()[0] ?? (await chrome.browser.newContext());
  const home = await context.newPage();
  await home.goto(`${server.base}tree?token=${server.token}`);
  const page = await context.newPage();
  page.on('dialog', (/** @type {any} */ dialog) => { void dialog.accept().catch(() => {}); });
  await page.goto(`${server.base}notebooks/session.ipynb?token=${server.token}`);
  await waitNotebookIdle(page);

  // not a terminal and no --tab: a usage error that lists the tabs
  const ask = har(['record', '--attach', String(chrome.port), '--keep-secrets', '-o', join(wd.root, 'never.har')]);
  assert.equal(ask.status, 2, ask.stderr);
  assert.match(ask.stderr, /which tab\? pass --tab TITLE\|URL-REGEX; the tabs are: \d\. /);
  assert.equal(ask.stderr.trimEnd().split('\n').length, 1, 'a usage error is one line');
  assert.match(ask.stderr, /\d\. session - Jupyter Notebook — http:\/\/127\.0\.0\.1:\d+\/notebooks\/session\.ipynb/);
  assert.match(ask.stderr, /\d\. Home Page - Select or create a notebook — /);

  const out = join(wd.root, 'attached.har');
  const recorder = tracker.start('har record', process.execPath, [HAR, 'record', '--attach', String(chrome.port), '--tab', 'session\\.ipynb', '--keep-secrets', '-o', out],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  recorder.stderr?.on('data', (d) => { stderr += d; });
  await waitFor(() => /recording the tab;/.test(stderr), 30_000, 'the recorder to attach');
  await runCell(page, 'print("seen by nobody")');
  await reloadNotebook(page);
  await runCell(page, 'print("attached")');
  await page.waitForTimeout(300);
  process.kill(/** @type {number} */ (recorder.pid), 'SIGINT');
  assert.equal(await exitOf(recorder), 0, stderr);
  assert.match(stderr, /WebSockets it opened before are not seen/);
  assert.match(stderr, /har: wrote .*attached\.har \(\d+ entries, 1 page, \d+ WebSocket frames;.* \d+ frames? of WebSockets opened before recording left out\)/);
  assert.ok(chrome.browser.isConnected(), 'the browser still runs');
  assert.equal(await page.title(), 'session - Jupyter Notebook');
  const executes = har(['kernel-decode', '--conversations', out]).stdout.trim().split('\n').map((l) => JSON.parse(l))
    .filter((c) => c.msg_type === 'execute_request');
  assert.deepEqual(executes.map((c) => [c.code, c.status]), [['print("attached")', 'ok']]);
  const log = JSON.parse(readFileSync(out, 'utf8')).log;
  assert.deepEqual(log.pages.map((/** @type {any} */ p) => p.title.replace(/:\d+\//, ':PORT/')), ['http://127.0.0.1:PORT/notebooks/session.ipynb']);
  assert.ok(!log.entries.some((/** @type {any} */ e) => /\/tree/.test(e.request.url)), 'nothing of the other tab');
});
