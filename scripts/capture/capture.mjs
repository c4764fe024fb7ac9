#!/usr/bin/env node
// Record a real Jupyter session into a DevTools-exported HAR (+ Playwright's HAR of the same session,
// the saved .ipynb and a cells.json ground truth). See samples/README.md.
//
//   node scripts/capture/capture.mjs --out FILE.har [--server notebook|jupyter-server] [--scenario full|short]
//                                    [--strip-static] [--no-redact] [--sanitized] [--keep-temp] [--quiet]
// --sanitized also saves Chrome's default "Export HAR (sanitized)" of the same session as FILE.sanitized.har.
// The `secrets` scenario must run with --no-redact: its .meta.json then lists every planted secret.
import { existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { ProcessTracker } from './lib/procs.mjs';
import { APT_CMD, MissingPrerequisite, makeWorkdir, missingNpm, missingPrerequisites, startChromium, startJupyter } from './lib/env.mjs';
import { openDevTools } from './lib/devtools.mjs';
import { frameCounts, redactHar, stripStatic } from './lib/postprocess.mjs';
import { SCENARIOS, SERVER_OPTIONS } from './scenarios.mjs';

const USAGE = 'usage: node scripts/capture/capture.mjs --out FILE.har [--server notebook|jupyter-server] [--scenario full|short] [--strip-static] [--no-redact] [--sanitized] [--keep-temp] [--quiet]';

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{out?: string, server: 'notebook'|'jupyter-server', scenario: string, stripStatic: boolean, redact: boolean, sanitized: boolean, keepTemp: boolean, quiet: boolean}} */
  const o = { server: 'notebook', scenario: 'full', stripStatic: false, redact: true, sanitized: false, keepTemp: false, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    const name = a.split('=')[0];
    if (name === '--out' || name === '-o') o.out = val();
    else if (name === '--server') o.server = /** @type {any} */ (val());
    else if (name === '--scenario') o.scenario = val();
    else if (a === '--strip-static') o.stripStatic = true;
    else if (a === '--no-redact') o.redact = false;
    else if (a === '--sanitized') o.sanitized = true;
    else if (a === '--keep-temp') o.keepTemp = true;
    else if (a === '--quiet' || a === '-q') o.quiet = true;
    else if (a === '--help' || a === '-h') { console.log(USAGE); process.exit(0); }
    else throw new UsageError(`unknown argument ${a}`);
  }
  if (!o.out) throw new UsageError('--out FILE.har is required');
  if (!existsSync(dirname(resolve(o.out)))) throw new UsageError(`the directory of --out does not exist: ${dirname(resolve(o.out))}`);
  if (!(o.server in SCENARIOS)) throw new UsageError(`--server must be one of ${Object.keys(SCENARIOS).join(', ')}`);
  if (!(o.scenario in SCENARIOS[o.server])) throw new UsageError(`--scenario must be one of ${Object.keys(SCENARIOS[o.server]).join(', ')}`);
  if (o.scenario === 'secrets' && o.redact) throw new UsageError('the secrets scenario keeps its secrets: add --no-redact');
  return o;
}
class UsageError extends Error {}

/** @param {string} out */
function siblings(out) {
  const base = resolve(out).replace(/\.har$/, '');
  return { har: resolve(out), sanitized: `${base}.sanitized.har`, playwright: `${base}.playwright.har`, ipynb: `${base}.ipynb`, cells: `${base}.cells.json`, meta: `${base}.meta.json` };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const log = (/** @type {string} */ m) => { if (!opts.quiet) console.error(`[capture] ${m}`); };
  const npmMissing = await missingNpm();
  if (npmMissing) throw new MissingPrerequisite(`missing ${npmMissing}`);
  const missing = missingPrerequisites(opts.server);
  if (missing.length) throw new MissingPrerequisite(`missing ${missing.join(', ')}; install with: ${APT_CMD}`);

  const files = siblings(opts.out);
  const steps = SCENARIOS[opts.server][opts.scenario];
  const serverOptions = SERVER_OPTIONS[opts.server]?.[opts.scenario] ?? [];
  const wd = makeWorkdir();
  // Removed however the run ends (a failed step, a signal's exit), unless asked to keep it.
  if (!opts.keepTemp) process.once('exit', () => rmSync(wd.root, { recursive: true, force: true }));
  const tracker = new ProcessTracker(wd.root);
  /** @type {any} */ let server;
  /** @type {any} */ let chrome;
  /** @type {Promise<void> | null} */ let cleaning = null;
  // One cleanup, awaited by every caller: a signal and the failing step it causes must not exit halfway.
  const cleanup = () => (cleaning ??= (async () => {
    tracker.snapshot();
    if (chrome) {
      await chrome.browser.close().catch(() => {});
      await tracker.stop(chrome.child, 5000);
    }
    if (server) {
      await fetch(`${server.base}api/shutdown`, { method: 'POST', headers: { Authorization: `token ${server.token}` } }).catch(() => {});
      await tracker.stop(server.child, 15000);
    }
    const killed = await tracker.reap();
    if (killed.length) log(`had to kill leftover processes: ${killed.map((k) => `${k.pid} (${k.name})`).join(', ')}`);
  })());
  const onSignal = async () => { await cleanup(); process.exit(130); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  // a closed stdout/stderr (e.g. piped into `head`) must not abort the run and strand its processes
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});

  const rawHar = join(wd.root, 'devtools.har');
  const rawPw = join(wd.root, 'playwright.har');
  const rawSanitized = join(wd.root, 'devtools.sanitized.har');
  /** @type {any[]} */ let record;
  /** @type {string} */ let ipynb;
  /** @type {any} */ let extraMeta = {};
  try {
    if (opts.server === 'notebook') {
      const { writeEmptyNotebook, writeUserConfig } = await import('./lib/notebook6.mjs');
      writeEmptyNotebook(wd.notebooks);
      writeUserConfig(wd.config);
    }
    log(`starting ${opts.server} in ${wd.root}`);
    server = await startJupyter(tracker, opts.server, wd, serverOptions);
    log(`server on ${server.base} (pid ${server.child.pid}); starting chromium`);
    chrome = await startChromium(tracker, wd);
    log(`chromium ${chrome.version} (pid ${chrome.child.pid}), DevTools port ${chrome.port}`);
    const ctx = await chrome.browser.newContext({ recordHar: { path: rawPw, content: 'embed' }, viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const devtools = await openDevTools(chrome.browser, chrome.port, page);
    log(`DevTools frontend attached to target ${devtools.targetId}`);
    tracker.snapshot();
    if (opts.server === 'notebook') {
      const { runNotebook6, readSavedNotebook } = await import('./lib/notebook6.mjs');
      record = await runNotebook6(page, server, steps, log);
      ipynb = readSavedNotebook(wd.notebooks);
    } else {
      const { runServicesV1 } = await import('./lib/v1.mjs');
      const r = await runServicesV1(page, server, steps, wd.notebooks, log);
      record = r.record;
      ipynb = r.ipynb;
      extraMeta = r.meta;
    }
    tracker.snapshot();
    log('exporting HAR from the DevTools Network panel (with sensitive data)');
    const suggested = await devtools.exportHar(rawHar);
    log(`DevTools saved ${suggested}`);
    if (opts.sanitized) {
      log('exporting HAR from the DevTools Network panel (sanitized, Chrome\'s default)');
      await devtools.exportHar(rawSanitized, { sanitized: true });
    }
    await ctx.close(); // writes Playwright's HAR
    await devtools.close();
  } finally {
    await cleanup();
  }
  const left = tracker.leftovers();
  if (left.length) throw new Error(`processes still running after stop: ${left.map((l) => `${l.pid} (${l.name})`).join(', ')}`);
  log(`all ${tracker.known.size} processes started by this run are gone`);

  const pwVersion = createRequire(import.meta.url)('playwright-core/package.json').version;
  const post = [];
  const outputs = [[rawHar, files.har, 'devtools'], [rawPw, files.playwright, 'playwright']];
  if (opts.sanitized) outputs.splice(1, 0, [rawSanitized, files.sanitized, 'devtools sanitized']);
  /** @type {any} */ let planted;
  if (opts.scenario === 'secrets') {
    const { plantedSecrets } = await import('./lib/secrets.mjs');
    planted = plantedSecrets(JSON.parse(readFileSync(rawHar, 'utf8')), server.token, record);
  }
  for (const [src, dst, label] of outputs) {
    const har = JSON.parse(readFileSync(src, 'utf8'));
    if (opts.redact) {
      const r = redactHar(har, server.token);
      post.push(`${label}: token replaced by REDACTED in ${r.strings} strings and ${r.base64Bodies} base64 bodies`);
    }
    if (opts.stripStatic) {
      const s = stripStatic(har);
      post.push(`${label}: removed ${s.chars} characters of body text from ${s.entries} static JS/CSS/font responses`);
    }
    let text = JSON.stringify(har, null, 2);
    if (opts.redact && text.includes(server.token)) throw new Error('token still present after redaction');
    writeFileSync(dst, text + '\n');
  }
  writeFileSync(files.ipynb, opts.redact ? ipynb.split(server.token).join('REDACTED') : ipynb);
  writeFileSync(files.cells, JSON.stringify(record, null, 2) + '\n');
  const counts = frameCounts(JSON.parse(readFileSync(files.har, 'utf8')));
  const meta = {
    server: opts.server,
    scenario: opts.scenario,
    captured: new Date().toISOString(),
    versions: { ...server.versions, chromium: chrome.version, 'playwright-core': pwVersion, node: process.version },
    ...(serverOptions.length ? { server_options: serverOptions } : {}),
    ...extraMeta,
    files: {
      har: 'DevTools frontend Export HAR (with sensitive data)',
      ...(opts.sanitized ? { sanitized: 'DevTools frontend Export HAR (sanitized), Chrome\'s default export' } : {}),
      playwright: 'playwright-core recordHar content=embed',
    },
    ...(planted ? { planted } : {}),
    postprocessing: post,
    counts,
    // every process this run started or saw as a descendant; all were verified gone before the files were written
    processes: [...tracker.known].map(([pid, p]) => ({ pid, start: p.start, name: p.name })),
  };
  writeFileSync(files.meta, JSON.stringify(meta, null, 2) + '\n');
  if (steps.some((/** @type {any} */ s) => s.kind === 'cell' && /range\(5000\)/.test(s.source)) && !JSON.stringify(record).includes('IOPub message rate exceeded')) {
    log('warning: the output burst did not trip the IOPub message rate limit this time (it depends on machine speed); re-run to get a capture that does');
  }
  if (steps.some((/** @type {any} */ s) => s.kind === 'cell' && s.source.includes('chunk = ')) && !JSON.stringify(record).includes('IOPub data rate exceeded')) {
    log('warning: the large-output cell did not trip the IOPub data rate limit this time; re-run to get a capture that does');
  }
  if (!opts.keepTemp) rmSync(wd.root, { recursive: true, force: true });
  else log(`kept ${wd.root}`);
  log(`wrote ${files.har} (${counts.entries} entries; websocket frames: ${counts.websockets.map((w) => w.frames).join(', ')})`);
  console.log(files.har);
}

main().catch((err) => {
  if (err instanceof UsageError) {
    console.error(`capture: ${err.message}\n${USAGE}`);
    process.exit(2);
  }
  if (err instanceof MissingPrerequisite) {
    console.error(`capture: ${err.message}`);
    process.exit(3);
  }
  console.error(`capture: ${process.env.HARKNIFE_DEBUG ? err.stack : err.message}`);
  process.exit(1);
});
