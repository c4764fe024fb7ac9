// Prerequisite checks, temp dirs, and the Jupyter server / Chromium launchers.
import { existsSync, mkdirSync, mkdtempSync, createWriteStream, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './procs.mjs';

export const CHROMIUM = '/usr/bin/chromium';
export const PYTHON = '/usr/bin/python3';
export const APT_CMD =
  'apt-get update && apt-get install -y jupyter-notebook python3-ipykernel python3-jupyter-server python3-nbclassic python3-ipywidgets python3-matplotlib python3-numpy chromium';

/** A prerequisite problem: reported as one line, exit code 3. */
export class MissingPrerequisite extends Error {}

/** @param {string} mod @param {string} pkg */
function pyHas(mod, pkg) {
  try {
    execFileSync(PYTHON, ['-c', `import ${mod}`], { stdio: 'ignore', env: { PATH: '/usr/bin:/bin' } });
    return null;
  } catch {
    return `${pkg} (python module ${mod})`;
  }
}

/**
 * What is missing for a capture against `server`; empty when everything is there.
 * @param {'notebook'|'jupyter-server'} server
 * @returns {string[]}
 */
export function missingPrerequisites(server) {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push(`chromium (${CHROMIUM})`);
  if (!existsSync(PYTHON)) missing.push(`python3 (${PYTHON})`);
  else {
    const mods = server === 'notebook'
      ? [['notebook.notebookapp', 'jupyter-notebook'], ['ipykernel', 'python3-ipykernel'], ['ipywidgets', 'python3-ipywidgets'], ['matplotlib', 'python3-matplotlib'], ['numpy', 'python3-numpy']]
      : [['jupyter_server.serverapp', 'python3-jupyter-server'], ['ipykernel', 'python3-ipykernel'], ['ipywidgets', 'python3-ipywidgets'], ['matplotlib', 'python3-matplotlib'], ['numpy', 'python3-numpy']];
    for (const [m, p] of mods) {
      const miss = pyHas(m, p);
      if (miss) missing.push(miss);
    }
  }
  return missing;
}

/** @returns {string | null} what is missing among the npm dev dependencies */
export async function missingNpm() {
  for (const name of ['playwright-core', '@jupyterlab/services']) {
    try {
      await import(name);
    } catch {
      return `npm package ${name} (run: npm install)`;
    }
  }
  return null;
}

/**
 * A private working area: notebook dir, HOME and JUPYTER_* dirs, browser profile.
 * @param {string} [base]
 */
export function makeWorkdir(base) {
  const root = mkdtempSync(join(base ?? tmpdir(), 'harknife-capture-'));
  /** @type {Record<string, string>} */
  const d = {};
  for (const k of ['notebooks', 'home', 'config', 'runtime', 'data', 'ipython', 'mpl', 'profile', 'downloads']) {
    d[k] = join(root, k);
    mkdirSync(d[k]);
  }
  return { root, ...d };
}

/**
 * Start the Jupyter server (Notebook 6 or jupyter_server) on 127.0.0.1 with a random token.
 * @param {import('./procs.mjs').ProcessTracker} tracker
 * @param {'notebook'|'jupyter-server'} server
 * @param {ReturnType<typeof makeWorkdir>} wd
 * @param {string[]} [options] more server options (a scenario's SERVER_OPTIONS)
 */
export async function startJupyter(tracker, server, wd, options = []) {
  const port = await freePort();
  // HARKNIFE_CAPTURE_TOKEN lets a test know the token so it can check that the outputs do not contain it
  const token = process.env.HARKNIFE_CAPTURE_TOKEN || randomBytes(24).toString('hex');
  if (!/^[A-Za-z0-9]{16,}$/.test(token)) throw new Error('HARKNIFE_CAPTURE_TOKEN must be at least 16 letters or digits');
  const env = {
    PATH: '/usr/bin:/bin',
    HOME: wd.home,
    LANG: 'C.UTF-8',
    JUPYTER_CONFIG_DIR: wd.config,
    JUPYTER_RUNTIME_DIR: wd.runtime,
    JUPYTER_DATA_DIR: wd.data,
    IPYTHONDIR: wd.ipython,
    MPLCONFIGDIR: wd.mpl,
    PYTHONDONTWRITEBYTECODE: '1',
  };
  const App = server === 'notebook' ? 'NotebookApp' : 'ServerApp';
  const args = server === 'notebook'
    ? ['-m', 'notebook', `--NotebookApp.notebook_dir=${wd.notebooks}`]
    : ['-m', 'jupyter_server', `--ServerApp.root_dir=${wd.notebooks}`];
  args.push('--no-browser', '--ip=127.0.0.1', `--port=${port}`, '--port-retries=0',
    `--${App}.token=${token}`, `--${App}.allow_root=True`, `--${App}.open_browser=False`, ...options);
  const logPath = join(wd.root, 'server.log');
  const log = createWriteStream(logPath);
  const child = tracker.start(server, PYTHON, args, { env, cwd: wd.notebooks, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const base = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`${server} exited with code ${child.exitCode} during start-up; log: ${logPath}\n${readFileSync(logPath, 'utf8').slice(-2000)}`);
    }
    try {
      const r = await fetch(`${base}api/status?token=${token}`);
      if (r.ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`${server} did not answer on ${base} within 60 s; log: ${logPath}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const version = execFileSync(PYTHON, ['-c', server === 'notebook'
    ? 'import notebook, ipykernel, jupyter_client, tornado; print(notebook.__version__, ipykernel.__version__, jupyter_client.__version__, tornado.version)'
    : 'import jupyter_server, ipykernel, jupyter_client, tornado; print(jupyter_server.__version__, ipykernel.__version__, jupyter_client.__version__, tornado.version)'],
  { env: { PATH: '/usr/bin:/bin' } }).toString().trim().split(' ');
  return {
    child, port, token, base, logPath,
    versions: { server: version[0], ipykernel: version[1], jupyter_client: version[2], tornado: version[3] },
  };
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Start Debian's Chromium with a fresh profile and a DevTools port; connect Playwright to it.
 * @param {import('./procs.mjs').ProcessTracker} tracker
 * @param {ReturnType<typeof makeWorkdir>} wd
 */
export async function startChromium(tracker, wd) {
  const { chromium } = await import('playwright-core');
  const child = tracker.start('chromium', CHROMIUM, [...CHROMIUM_ARGS, `--user-data-dir=${wd.profile}`,
    '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', '--window-size=1280,900', 'about:blank'],
  { env: { ...process.env, HOME: wd.home }, stdio: ['ignore', 'ignore', 'pipe'] });
  const logPath = join(wd.root, 'chromium.log');
  const log = createWriteStream(logPath);
  const port = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not open its DevTools port within 30 s; log: ${logPath}`)), 30_000);
    child.stderr?.on('data', (d) => {
      log.write(d);
      buf += d;
      const m = buf.match(/DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)/);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`chromium exited with code ${code}; log: ${logPath}`)); });
  });
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const version = browser.version();
  return { child, port, browser, version };
}
