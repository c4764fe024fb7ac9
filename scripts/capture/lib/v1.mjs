// Run a scenario against jupyter_server with @jupyterlab/services (KernelConnection / SessionManager /
// ContentsManager) running inside the Chromium page, so the browser offers the
// v1.kernel.websocket.jupyter.org subprotocol and DevTools records the real traffic.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const V1_NOTEBOOK = 'v1-session.ipynb';

/**
 * @param {import('playwright-core').Page} page
 * @param {{base: string, token: string, port: number}} server
 * @param {any[]} steps
 * @param {string} notebookDir
 * @param {(msg: string) => void} log
 */
export async function runServicesV1(page, server, steps, notebookDir, log) {
  const require = createRequire(import.meta.url);
  const bundle = require.resolve('@jupyterlab/services/dist/dist/index.js');
  const servicesVersion = require('@jupyterlab/services/package.json').version;
  // The server's own web page (nbclassic's file tree, which also logs the browser in), then the services
  // UMD bundle evaluated in it with `define` hidden so it does not register with the page's RequireJS.
  await page.goto(`${server.base}tree?token=${server.token}`, { waitUntil: 'load' });
  await page.waitForTimeout(1500);
  await page.evaluate(`(function (define, exports, module) {\n${readFileSync(bundle, 'utf8')}\n})(undefined, undefined, undefined);`);
  page.on('console', (m) => { if (m.type() === 'error') log(`page console: ${m.text()}`); });
  log(`@jupyterlab/services ${servicesVersion} loaded in the page; starting a session`);
  const start = await page.evaluate(async ({ base, wsBase, token, path }) => {
    // @ts-ignore
    const S = self['@jupyterlab/services'];
    const serverSettings = S.ServerConnection.makeSettings({ baseUrl: base, wsUrl: wsBase, token, appendToken: true });
    const contents = new S.ContentsManager({ serverSettings });
    const empty = { cells: [], metadata: { kernelspec: { name: 'python3', display_name: 'Python 3 (ipykernel)', language: 'python' } }, nbformat: 4, nbformat_minor: 5 };
    await contents.save(path, { type: 'notebook', format: 'json', content: empty });
    const kernelManager = new S.KernelManager({ serverSettings });
    const sessionManager = new S.SessionManager({ serverSettings, kernelManager });
    await sessionManager.ready;
    const session = await sessionManager.startNew({ path, type: 'notebook', name: path, kernel: { name: 'python3' } });
    const kernel = session.kernel;
    const info = await kernel.info;
    // @ts-ignore
    const hk = (window.__hk = { S, serverSettings, contents, kernelManager, sessionManager, session, kernel, cells: [] });
    const waitReady = async () => {
      for (let i = 0; i < 600; i++) {
        if (hk.kernel.connectionStatus === 'connected' && hk.kernel.status === 'idle') return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`kernel not ready: ${hk.kernel.connectionStatus}/${hk.kernel.status}`);
    };
    // @ts-ignore
    hk.waitReady = waitReady;
    await waitReady();
    // @ts-ignore
    return { protocol: kernel._ws?.protocol ?? null, implementation: info.implementation_version, kernelId: kernel.id };
  }, { base: server.base, wsBase: `ws://127.0.0.1:${server.port}/`, token: server.token, path: V1_NOTEBOOK });
  log(`kernel ${start.kernelId} connected, negotiated subprotocol "${start.protocol}"`);
  if (start.protocol !== 'v1.kernel.websocket.jupyter.org') throw new Error(`the server did not negotiate v1.kernel.websocket.jupyter.org (got "${start.protocol}")`);

  /** @type {any[]} */
  const record = [];
  let restartedBefore = false;
  for (let s = 0; s < steps.length; s++) {
    const step = steps[s];
    if (step.kind === 'cell') {
      log(`cell ${record.length}: ${step.source.split('\n')[0]}`);
      const r = await page.evaluate(async ({ code, answer, interruptAfterMs }) => {
        // @ts-ignore
        const hk = window.__hk;
        /** @type {any[]} */ const outputs = [];
        /** @type {string[]} */ const iopub = [];
        /** @type {any} */ let stdin = null;
        const future = hk.kernel.requestExecute({ code, silent: false, store_history: true, allow_stdin: answer !== undefined, stop_on_error: true });
        future.onIOPub = (/** @type {any} */ msg) => {
          const t = msg.header.msg_type;
          iopub.push(t);
          const c = msg.content;
          if (t === 'stream') {
            const last = outputs[outputs.length - 1];
            if (last && last.output_type === 'stream' && last.name === c.name) last.text += c.text;
            else outputs.push({ output_type: 'stream', name: c.name, text: c.text });
          } else if (t === 'display_data' || t === 'execute_result') {
            outputs.push({ output_type: t, ...(t === 'execute_result' ? { execution_count: c.execution_count } : {}), data: c.data, metadata: c.metadata });
          } else if (t === 'error') {
            outputs.push({ output_type: 'error', ename: c.ename, evalue: c.evalue, traceback: c.traceback });
          }
        };
        future.onStdin = (/** @type {any} */ msg) => {
          if (msg.header.msg_type === 'input_request') {
            stdin = { prompt: msg.content.prompt, password: msg.content.password, answer };
            hk.kernel.sendInputReply({ status: 'ok', value: answer }, msg.header);
          }
        };
        // KernelConnection.interrupt() is `POST /api/kernels/<id>/interrupt`; the cell ends in KeyboardInterrupt.
        if (interruptAfterMs !== undefined) setTimeout(() => { hk.kernel.interrupt(); }, interruptAfterMs);
        const noDone = new Promise((_, reject) => setTimeout(() => reject(new Error('no reply and idle within 120 s (a lost idle?)')), 120_000));
        const reply = await Promise.race([future.done.catch((/** @type {any} */ e) => e), noDone]); // an error reply rejects done
        const content = reply?.content ?? {};
        future.dispose();
        await hk.waitReady();
        const cell = { execution_count: content.execution_count ?? null, status: content.status, outputs, iopub, stdin };
        hk.cells.push({ code, ...cell });
        return cell;
      }, { code: step.source, answer: step.answer, interruptAfterMs: step.interruptAfterMs });
      record.push({ index: record.length, step: s, source: step.source, ...(step.answer !== undefined ? { input_answer: step.answer } : {}), ...(step.interruptAfterMs !== undefined ? { interrupted_after_ms: step.interruptAfterMs } : {}), ...(restartedBefore ? { after_restart: true } : {}), ...r });
      restartedBefore = false;
    } else if (step.kind === 'comm') {
      log('comm: open harknife.echo with a buffer, send one message with a buffer');
      const r = await page.evaluate(async () => {
        // @ts-ignore
        const hk = window.__hk;
        const comm = hk.kernel.createComm('harknife.echo');
        /** @type {any[]} */ const got = [];
        const two = new Promise((resolve) => {
          comm.onMsg = (/** @type {any} */ msg) => {
            got.push({ data: msg.content.data, buffers: (msg.buffers ?? []).map((/** @type {any} */ b) => Array.from(b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength))) });
            if (got.length === 2) resolve(undefined);
          };
        });
        await comm.open({ hello: 'v1' }, {}, [new Uint8Array([1, 2, 3, 4]).buffer]).done;
        await comm.send({ ping: 1 }, {}, [new Uint8Array([5, 6, 7, 8, 9]).buffer]).done;
        await Promise.race([two, new Promise((_, rej) => setTimeout(() => rej(new Error('no comm reply within 20 s')), 20000))]);
        await comm.close({ bye: true }).done;
        await hk.waitReady();
        return { sent: [{ msg_type: 'comm_open', data: { hello: 'v1' }, buffers: [[1, 2, 3, 4]] }, { msg_type: 'comm_msg', data: { ping: 1 }, buffers: [[5, 6, 7, 8, 9]] }, { msg_type: 'comm_close', data: { bye: true } }], received: got };
      });
      const last = record[record.length - 1];
      last.comm = r;
    } else if (step.kind === 'restart') {
      log('restart kernel (KernelConnection.restart)');
      await page.evaluate(async () => {
        // @ts-ignore
        const hk = window.__hk;
        await hk.kernel.restart();
        await hk.kernel.info;
        await hk.waitReady();
      });
      restartedBefore = true;
    }
  }
  log(`saving ${V1_NOTEBOOK} through the contents API, then shutting the session down`);
  await page.evaluate(async ({ path, cells }) => {
    // @ts-ignore
    const hk = window.__hk;
    const nb = {
      cells: cells.map((/** @type {any} */ c) => ({ cell_type: 'code', execution_count: c.execution_count, metadata: {}, outputs: c.outputs, source: c.source })),
      metadata: { kernelspec: { name: 'python3', display_name: 'Python 3 (ipykernel)', language: 'python' }, language_info: (await hk.kernel.info).language_info },
      nbformat: 4,
      nbformat_minor: 5,
    };
    await hk.contents.save(path, { type: 'notebook', format: 'json', content: nb });
    await hk.session.shutdown();
    hk.sessionManager.dispose();
    hk.kernelManager.dispose();
  }, { path: V1_NOTEBOOK, cells: record });
  await page.waitForTimeout(1000);
  return {
    record,
    ipynb: readFileSync(join(notebookDir, V1_NOTEBOOK), 'utf8'),
    meta: { client: `@jupyterlab/services ${servicesVersion} (dist/dist/index.js bundle) in the Chromium page`, protocol: start.protocol },
  };
}
