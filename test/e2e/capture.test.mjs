// End-to-end: record a fresh short session with scripts/capture/capture.mjs against a real Jupyter
// server in headless Chromium, then check the HAR DevTools exported. Skips (never fails) when
// Chromium, the Jupyter packages or the npm dev dependencies are missing.
//   node --test test/e2e/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CAPTURE = join(ROOT, 'scripts', 'capture', 'capture.mjs');
const APT = 'apt-get update && apt-get install -y jupyter-notebook python3-ipykernel python3-jupyter-server python3-nbclassic python3-ipywidgets python3-matplotlib python3-numpy chromium';

/** @param {string} mod */
function pyHas(mod) {
  try {
    execFileSync('/usr/bin/python3', ['-c', `import ${mod}`], { stdio: 'ignore', env: { PATH: '/usr/bin:/bin' } });
    return true;
  } catch {
    return false;
  }
}

/** @param {string} name */
async function npmHas(name) {
  try {
    await import(name);
    return true;
  } catch {
    return false;
  }
}

/** @param {'notebook'|'jupyter-server'} server @returns {Promise<string|false>} why the test must skip, or false */
async function skipReason(server) {
  const missing = [];
  if (!existsSync('/usr/bin/chromium')) missing.push('chromium (/usr/bin/chromium)');
  if (!existsSync('/usr/bin/python3')) missing.push('/usr/bin/python3');
  else {
    const mod = server === 'notebook' ? 'notebook.notebookapp' : 'jupyter_server.serverapp';
    if (!pyHas(mod)) missing.push(`python module ${mod}`);
    if (!pyHas('ipykernel')) missing.push('python module ipykernel');
  }
  if (missing.length) return `missing ${missing.join(', ')}; install with: ${APT}`;
  for (const n of ['playwright-core', '@jupyterlab/services']) if (!(await npmHas(n))) return `npm dev dependency ${n} is not installed`;
  return false;
}

// the cells of the "short" scenario (scripts/capture/scenarios.mjs)
const { SCENARIOS } = await import(join(ROOT, 'scripts', 'capture', 'scenarios.mjs'));

/** @param {string} b64 decode a binary frame (v1 or legacy) into {channel, header, content} or null */
function decodeBinary(b64) {
  const b = Buffer.from(b64, 'base64');
  if (b.length >= 8) {
    const n = Number(b.readBigUInt64LE(0));
    if (n >= 6 && n <= b.length / 8 - 1 && Number(b.readBigUInt64LE(8)) === 8 * (n + 1)) {
      const off = [];
      for (let i = 0; i < n; i++) off.push(Number(b.readBigUInt64LE(8 + 8 * i)));
      const part = (/** @type {number} */ i) => b.subarray(off[i], off[i + 1]).toString('utf8');
      return { format: 'v1', channel: part(0), header: JSON.parse(part(1)), content: JSON.parse(part(4)) };
    }
  }
  const nb = b.readUInt32BE(0);
  if (nb >= 1 && b.readUInt32BE(4) === 4 * (nb + 1)) {
    const end = nb > 1 ? b.readUInt32BE(8) : b.length;
    const m = JSON.parse(b.subarray(4 * (nb + 1), end).toString('utf8'));
    return { format: 'legacy-binary', channel: m.channel, header: m.header, content: m.content };
  }
  return null;
}

/** @param {any} frame */
function decode(frame) {
  if (frame.opcode === 1) {
    const m = JSON.parse(frame.data);
    return { format: 'legacy-text', channel: m.channel, header: m.header, content: m.content };
  }
  if (frame.opcode === 2) return decodeBinary(frame.data);
  return null;
}

/** @param {number} pid @param {string} start */
function stillRunning(pid, start) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return rest[19] === start && rest[0] !== 'Z';
  } catch {
    return false;
  }
}

for (const server of /** @type {const} */ (['notebook', 'jupyter-server'])) {
  const reason = await skipReason(server);
  const name = `capture --server ${server} --scenario short records a real session`;
  if (reason) {
    test(name, { skip: reason }, () => {});
    continue;
  }
  test(name, { timeout: 240_000 }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'harknife-e2e-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const out = join(dir, 's.har');
    const token = randomBytes(20).toString('hex');
    const run = spawnSync(process.execPath, [CAPTURE, '--out', out, '--server', server, '--scenario', 'short', '--quiet'], {
      cwd: ROOT,
      env: { ...process.env, HARKNIFE_CAPTURE_TOKEN: token },
      encoding: 'utf8',
      timeout: 200_000,
    });
    assert.equal(run.status, 0, `capture failed (status ${run.status}): ${run.stderr}`);
    assert.equal(run.stdout.trim(), out);

    const text = readFileSync(out, 'utf8');
    const har = JSON.parse(text);
    assert.equal(har.log.version, '1.2');
    assert.equal(har.log.creator.name, 'WebInspector', 'the HAR is DevTools\' own export');
    assert.ok(har.log.pages.length >= 1);

    // the token is redacted everywhere, in every file written
    for (const f of ['s.har', 's.playwright.har', 's.ipynb', 's.cells.json', 's.meta.json']) {
      const body = readFileSync(join(dir, f), 'utf8');
      assert.ok(!body.includes(token), `${f} contains the token`);
    }
    assert.match(text, /token=REDACTED/);

    const ws = har.log.entries.filter((/** @type {any} */ e) => e._resourceType === 'websocket');
    assert.ok(ws.length >= 1, 'a websocket entry exists');
    const kernelWs = ws.filter((/** @type {any} */ e) => /\/api\/kernels\/[^/]+\/channels\?session_id=/.test(e.request.url));
    assert.ok(kernelWs.length >= 1, 'a kernel channels websocket exists');
    for (const e of kernelWs) {
      assert.equal(e.response.status, 101);
      assert.ok(Array.isArray(e._webSocketMessages) && e._webSocketMessages.length > 0, 'frames are present');
      for (const m of e._webSocketMessages) {
        assert.ok(m.type === 'send' || m.type === 'receive', `frame type ${m.type}`);
        assert.ok(m.time > 1e9 && m.time < 1e11, `frame time ${m.time} is epoch seconds`);
      }
      const proto = e.response.headers.find((/** @type {any} */ h) => h.name.toLowerCase() === 'sec-websocket-protocol')?.value ?? '';
      assert.equal(proto, server === 'jupyter-server' ? 'v1.kernel.websocket.jupyter.org' : '');
    }

    // one execute_request per scenario cell, in order, with the typed source
    const cells = SCENARIOS[server].short.filter((/** @type {any} */ s) => s.kind === 'cell').map((/** @type {any} */ s) => s.source);
    const frames = kernelWs.flatMap((/** @type {any} */ e) => e._webSocketMessages);
    const decoded = frames.map(decode);
    assert.ok(decoded.every(Boolean), 'every kernel frame decodes as a Jupyter message');
    const execs = decoded.filter((d, i) => frames[i].type === 'send' && d?.header.msg_type === 'execute_request');
    assert.deepEqual(execs.map((d) => d?.content.code), cells);
    const replies = decoded.filter((d) => d?.header.msg_type === 'execute_reply');
    assert.equal(replies.length, cells.length);
    assert.deepEqual(replies.map((d) => d?.content.status), ['ok', 'ok', 'error', 'ok']);
    if (server === 'jupyter-server') assert.ok(frames.every((/** @type {any} */ f) => f.opcode === 2), 'v1: every frame is binary');

    // ground truth beside it
    const truth = JSON.parse(readFileSync(join(dir, 's.cells.json'), 'utf8'));
    assert.deepEqual(truth.map((/** @type {any} */ c) => c.source), cells);
    const nb = JSON.parse(readFileSync(join(dir, 's.ipynb'), 'utf8'));
    assert.deepEqual(nb.cells.filter((/** @type {any} */ c) => c.cell_type === 'code' && [].concat(c.source).join('')).map((/** @type {any} */ c) => [].concat(c.source).join('')), cells);

    // Playwright's HAR of the same session: same frames, times in epoch milliseconds
    const pw = JSON.parse(readFileSync(join(dir, 's.playwright.har'), 'utf8'));
    const pwFrames = pw.log.entries.filter((/** @type {any} */ e) => e._webSocketMessages).flatMap((/** @type {any} */ e) => e._webSocketMessages);
    assert.ok(pwFrames.length > 0);
    assert.ok(pwFrames.every((/** @type {any} */ m) => m.time > 1e11), 'Playwright frame times are epoch ms');

    // every process the capture started is gone
    const meta = JSON.parse(readFileSync(join(dir, 's.meta.json'), 'utf8'));
    assert.ok(meta.processes.length >= 3, 'server, kernel and chromium were tracked');
    const left = meta.processes.filter((/** @type {any} */ p) => stillRunning(p.pid, p.start));
    assert.deepEqual(left, [], 'no process started by the capture is left');

    // the toolkit reads it, when it is built
    const kd = join(ROOT, 'dist', 'src', 'bin', 'kernel-decode.js');
    if (existsSync(kd)) {
      const r = spawnSync(process.execPath, [kd, out], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      assert.equal(r.status, 0, `kernel-decode failed: ${r.stderr}`);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
      assert.ok(lines.length >= frames.length * 0.9, `kernel-decode emitted ${lines.length} records for ${frames.length} frames`);
      for (const src of cells) assert.ok(r.stdout.includes(JSON.stringify(src)), `kernel-decode output has the cell ${JSON.stringify(src)}`);
    } else {
      t.diagnostic('dist/src/bin/kernel-decode.js not built; toolkit check skipped');
    }
  });
}
