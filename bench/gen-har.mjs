#!/usr/bin/env node
// Deterministic generator of big, realistic HARs of JupyterLab sessions, for `npm run bench`.
//
//   node bench/gen-har.mjs OUT.har SIZE_MB [--seed N] [--compact]
//
// The document looks like Chrome's "Save all as HAR with content": 2-space indentation, entries
// with headers, cookies, query strings, timings, initiators and response bodies (notebook JSON
// from /api/contents as an escaped string, JS/CSS bundles, base64 images and fonts), plus kernel
// WebSocket entries whose `_webSocketMessages` carry Jupyter messages: legacy text frames
// (opcode 1), legacy binary frames with buffers and v1.kernel.websocket.jupyter.org frames
// (opcode 2, base64). Strings hold non-ASCII text (é, ß, 中文, 😀, Ω) and every kind of escape
// (\" \\ \n \t \u001b), but never a lone surrogate. It is written entry by entry, so any size
// works in little memory. The same seed and size always give the same bytes.
//
// Also writes OUT.meta.json: entry and frame counts the bench uses as a sanity check.
import { closeSync, fsyncSync, openSync, renameSync, writeFileSync, writeSync } from 'node:fs';

// 2: a PUT's postData was cut at 50,000 UTF-16 units without safeSlice; at 2 GB one cut split a
// surrogate pair, and jq 1.6 refused the whole file ("Invalid \uXXXX\uXXXX surrogate pair escape").
export const GENERATOR_VERSION = 2;

/** xoshiro128** seeded through splitmix32: fast, and the same sequence on every platform. */
function makeRandom(seed) {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(), b = split(), c = split(), d = split();
  return () => {
    const r = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)), 9) >>> 0;
    const t = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t;
    d = (d << 11) | (d >>> 21);
    return r / 4294967296;
  };
}

class Gen {
  constructor(seed) {
    this.random = makeRandom(seed);
  }
  int(lo, hi) {
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }
  chance(p) {
    return this.random() < p;
  }
  one(list) {
    return list[Math.floor(this.random() * list.length)];
  }
  /** Weighted choice from [[value, weight], …]. */
  weighted(pairs) {
    let total = 0;
    for (const [, w] of pairs) total += w;
    let x = this.random() * total;
    for (const [v, w] of pairs) {
      x -= w;
      if (x < 0) return v;
    }
    return pairs[pairs.length - 1][0];
  }
  hex(n) {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(0, 15)];
    return s;
  }
  uuid() {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.one(['8', '9', 'a', 'b'])}${this.hex(3)}-${this.hex(12)}`;
  }
  /** Heavy-tailed size: mostly small, sometimes huge (log-uniform between lo and hi). */
  logSize(lo, hi) {
    return Math.round(Math.exp(Math.log(lo) + this.random() * (Math.log(hi) - Math.log(lo))));
  }
}

// ---------------------------------------------------------------------------------------------
// Text pools. Slices of these make bodies cheap to produce.

const WORDS = [
  'import', 'numpy', 'as', 'np', 'pandas', 'pd', 'def', 'return', 'kernel', 'notebook', 'cell', 'output',
  'widget', 'display', 'matplotlib', 'plt.plot(x,', 'y)', 'print("héllo")', 'Straße', 'café', 'naïve',
  '数据分析', '中文', 'Ω≈ç√', '😀', '🚀', 'données', 'Größe', '\\n', '"quoted"', "it's", 'tab\there', 'a\\b',
  'for', 'in', 'range(10):', 'lambda', 'x:', 'x**2', '{', '}', '[1,', '2,', '3]', '#', 'TODO', 'résumé',
];

/** Cuts never split a surrogate pair. */
function safeSlice(text, start, end) {
  const first = text.charCodeAt(start);
  if (first >= 0xdc00 && first <= 0xdfff) start++;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(start, end);
}

function buildPools(g) {
  let prose = '';
  while (prose.length < 300_000) {
    prose += g.one(WORDS);
    prose += g.chance(0.08) ? '\n' : g.chance(0.03) ? '\n    ' : ' ';
  }
  let code = '';
  const idents = ['e', 't', 'n', 'r', 'o', 'i', 'a', 's', 'l', 'c', 'u', 'd', 'h', 'f', 'p'];
  while (code.length < 300_000) {
    const id = g.one(idents) + g.int(0, 99);
    code += g.one([
      `function ${id}(e,t){return e&&t?e[t]:void 0}`,
      `var ${id}=n(${g.int(1, 9999)});`,
      `${id}.prototype.render=function(){this.node.textContent="${g.one(['Kernel busy', 'Fertig', '完了', 'Prêt'])}"};`,
      `const ${id}='\\\\u00e9 ${g.hex(6)}';`,
      `if(${id}==="\\"x\\""){throw new Error("bad \\t value")}`,
      `.jp-${id}{color:#${g.hex(6)};margin:${g.int(0, 20)}px}`,
      `/*! ${g.one(['licensed MIT', 'Copyright © Jupyter', 'build'])} */\n`,
      `${id}=${id}||{};`,
    ]);
    if (g.chance(0.05)) code += '\n';
  }
  const bytes = Buffer.alloc(450_000);
  for (let i = 0; i < bytes.length; i += 4) bytes.writeUInt32LE((g.random() * 4294967296) >>> 0, i);
  return { prose, code, base64: bytes.toString('base64'), raw: bytes };
}

function slicePool(g, pool, n) {
  const start = g.int(0, Math.max(0, pool.length - n - 2));
  return safeSlice(pool, start, start + n);
}

// ---------------------------------------------------------------------------------------------
// HTTP entries.

const HOST = 'https://hub.example.org';
const USER = '/user/ada%40example.org';
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const NOTEBOOKS = ['analysis.ipynb', 'Übersicht.ipynb', 'experiments/run%201.ipynb', 'données/clean.ipynb', 'scratch.ipynb'];

function header(name, value) {
  return { name, value };
}

function baseRequestHeaders(g, extra) {
  const headers = [
    header(':authority', 'hub.example.org'),
    header(':method', 'GET'),
    header('accept', g.one(['*/*', 'application/json', 'text/css,*/*;q=0.1'])),
    header('accept-encoding', 'gzip, deflate, br, zstd'),
    header('accept-language', g.one(['en-US,en;q=0.9', 'de-DE,de;q=0.9,en;q=0.8', 'fr-FR,fr;q=0.9'])),
    header('cookie', `_xsrf=2|${g.hex(8)}|${g.hex(32)}|${g.int(1_700_000_000, 1_750_000_000)}; jupyterhub-session-id=${g.hex(32)}`),
    header('referer', `${HOST}${USER}/lab/tree/${g.one(NOTEBOOKS)}`),
    header('sec-ch-ua', '"Chromium";v="124", "Google Chrome";v="124", "Not-A.Brand";v="99"'),
    header('user-agent', UA),
  ];
  return extra ? headers.concat(extra) : headers;
}

function responseHeaders(g, mime, size) {
  const headers = [
    header('content-type', mime),
    header('date', `Tue, ${g.int(10, 28)} May 2024 ${g.int(10, 23)}:${g.int(10, 59)}:${g.int(10, 59)} GMT`),
    header('server', 'TornadoServer/6.4'),
    header('content-security-policy', "frame-ancestors 'self'; report-uri /user/ada%40example.org/api/security/csp-report"),
    header('x-content-type-options', 'nosniff'),
  ];
  if (size > 0) headers.push(header('content-length', String(size)));
  if (g.chance(0.3)) headers.push(header('etag', `"${g.hex(40)}"`));
  return headers;
}

function initiator(g) {
  if (g.chance(0.3)) return { type: 'parser', url: `${HOST}${USER}/lab`, lineNumber: g.int(1, 200) };
  const frames = [];
  const n = g.int(1, 6);
  for (let i = 0; i < n; i++) {
    frames.push({
      functionName: g.one(['', 'fetch', 'makeRequest', 'e._handleMessage', 'async n.requestAPI', 'Object.save']),
      scriptId: String(g.int(10, 400)),
      url: `${HOST}${USER}/static/lab/${g.int(100, 999)}.${g.hex(20)}.js?v=${g.hex(20)}`,
      lineNumber: g.int(0, 2),
      columnNumber: g.int(0, 400_000),
    });
  }
  return { type: 'script', stack: { callFrames: frames } };
}

function timings(g) {
  const t = {
    blocked: Math.round(g.random() * 50_000) / 1000,
    dns: g.chance(0.9) ? -1 : Math.round(g.random() * 20_000) / 1000,
    ssl: -1,
    connect: g.chance(0.9) ? -1 : Math.round(g.random() * 30_000) / 1000,
    send: Math.round(g.random() * 500) / 1000,
    wait: Math.round(g.random() * 400_000) / 1000,
    receive: Math.round(g.random() * 40_000) / 1000,
    _blocked_queueing: Math.round(g.random() * 5_000) / 1000,
  };
  if (g.chance(0.02)) t.comment = 'très lent — 遅い';
  return t;
}

function notebookJson(g, pools, approxSize) {
  const cells = [];
  let size = 0;
  let count = 1;
  while (size < approxSize) {
    const code = g.chance(0.7);
    const source = slicePool(g, pools.prose, g.logSize(20, 2000));
    const cell = code
      ? {
          cell_type: 'code',
          execution_count: count++,
          id: g.hex(8),
          metadata: { tags: g.chance(0.1) ? ['parameters'] : [] },
          outputs: g.chance(0.5)
            ? [{ name: 'stdout', output_type: 'stream', text: [slicePool(g, pools.prose, g.logSize(10, 3000))] }]
            : g.chance(0.3)
              ? [{ data: { 'image/png': slicePool(g, pools.base64, g.logSize(1000, 40000)), 'text/plain': ['<Figure size 640x480 with 1 Axes>'] }, metadata: {}, output_type: 'display_data' }]
              : [],
          source,
        }
      : { cell_type: 'markdown', id: g.hex(8), metadata: {}, source };
    size += source.length + 200;
    cells.push(cell);
  }
  return JSON.stringify({
    content: { cells, metadata: { kernelspec: { display_name: 'Python 3 (ipykernel)', language: 'python', name: 'python3' } }, nbformat: 4, nbformat_minor: 5 },
    created: '2024-05-14T09:12:33.123456Z',
    format: 'json',
    last_modified: '2024-05-14T10:01:02.654321Z',
    mimetype: null,
    name: 'analysis.ipynb',
    path: 'analysis.ipynb',
    size: approxSize,
    type: 'notebook',
    writable: true,
  });
}

/** One plain HTTP entry; returns the entry object. */
function httpEntry(g, pools, time, pageref) {
  const kind = g.weighted([
    ['api', 30], ['contents', 6], ['js', 14], ['css', 5], ['image', 10], ['font', 3], ['html', 2], ['xhr-small', 45], ['post', 5],
  ]);
  let url;
  let method = 'GET';
  let mime;
  let status = 200;
  let text;
  let encoding;
  let postData;
  let resourceType = 'fetch';
  const query = [];
  switch (kind) {
    case 'api': {
      const path = g.one(['/api/sessions', '/api/kernels', '/api/kernelspecs', '/api/terminals', '/lab/api/settings', '/api/me', '/api/contents?content=0']);
      url = `${HOST}${USER}${path}${path.includes('?') ? '&' : '?'}${g.int(1_700_000_000_000, 1_750_000_000_000)}`;
      mime = 'application/json';
      text = JSON.stringify(
        Array.from({ length: g.int(1, 30) }, () => ({
          id: g.uuid(),
          name: g.one(['python3', 'ir', 'julia-1.10', 'Übersicht', 'données']),
          last_activity: `2024-05-14T10:${g.int(10, 59)}:${g.int(10, 59)}.${g.int(100000, 999999)}Z`,
          execution_state: g.one(['idle', 'busy', 'starting']),
          connections: g.int(0, 3),
          path: g.one(NOTEBOOKS),
        })),
      );
      if (g.chance(0.05)) status = g.one([304, 403, 404, 500]);
      break;
    }
    case 'contents': {
      const nb = g.one(NOTEBOOKS);
      url = `${HOST}${USER}/api/contents/${nb}?type=notebook&content=1&hash=0&${g.int(1_700_000_000_000, 1_750_000_000_000)}`;
      mime = 'application/json';
      text = notebookJson(g, pools, g.logSize(2_000, 300_000));
      method = g.chance(0.2) ? 'PUT' : 'GET';
      if (method === 'PUT') postData = { mimeType: 'text/plain;charset=UTF-8', text: safeSlice(text, 0, Math.min(text.length, 50_000)) };
      query.push({ name: 'type', value: 'notebook' }, { name: 'content', value: '1' });
      break;
    }
    case 'js':
      url = `${HOST}${USER}/static/lab/${g.int(100, 9999)}.${g.hex(20)}.js?v=${g.hex(20)}`;
      mime = 'application/javascript';
      text = slicePool(g, pools.code, g.logSize(500, 150_000));
      resourceType = 'script';
      break;
    case 'css':
      url = `${HOST}${USER}/static/lab/${g.hex(20)}.css`;
      mime = 'text/css';
      text = slicePool(g, pools.code, g.logSize(300, 60_000));
      resourceType = 'stylesheet';
      break;
    case 'image':
      url = `${HOST}${USER}/files/${g.one(['plots', 'figures', 'Bilder'])}/${g.hex(6)}.png?_xsrf=${g.hex(16)}`;
      mime = 'image/png';
      text = slicePool(g, pools.base64, 4 * g.logSize(100, 60_000));
      encoding = 'base64';
      resourceType = 'image';
      break;
    case 'font':
      url = `${HOST}${USER}/static/lab/fonts/${g.one(['jupyter', 'fa-solid-900', 'Roboto'])}.${g.hex(20)}.woff2`;
      mime = 'font/woff2';
      text = slicePool(g, pools.base64, 4 * g.logSize(5_000, 60_000));
      encoding = 'base64';
      resourceType = 'font';
      break;
    case 'html':
      url = `${HOST}${USER}/lab/tree/${g.one(NOTEBOOKS)}`;
      mime = 'text/html; charset=utf-8';
      text = `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>JupyterLab — ${g.one(NOTEBOOKS)}</title></head><body>${slicePool(g, pools.prose, g.logSize(500, 20_000))}</body></html>`;
      resourceType = 'document';
      break;
    case 'post': {
      method = g.one(['POST', 'PATCH', 'DELETE']);
      url = `${HOST}${USER}/api/${g.one(['sessions', 'kernels', 'contents/scratch.ipynb/checkpoints', 'metrics/v1'])}`;
      mime = 'application/json';
      const body = JSON.stringify({ path: g.one(NOTEBOOKS), type: 'notebook', name: '', kernel: { id: null, name: 'python3' } });
      postData = { mimeType: 'application/json', text: body };
      text = JSON.stringify({ id: g.uuid(), path: g.one(NOTEBOOKS), kernel: { id: g.uuid(), name: 'python3', execution_state: 'starting' } });
      status = method === 'POST' ? 201 : method === 'DELETE' ? 204 : 200;
      if (status === 204) text = '';
      break;
    }
    default:
      url = `${HOST}${USER}/api/${g.one(['nbconvert', 'yjs/roomid/json:notebook:', 'lsp/status', 'collaboration/session'])}${g.uuid()}?t=${g.int(1, 1e9)}`;
      mime = 'application/json';
      text = JSON.stringify({ status: g.one(['ok', 'error']), message: g.chance(0.2) ? 'Fehler: ungültige Eingabe — 入力が無効です' : '', value: g.random() });
      if (g.chance(0.08)) status = g.one([0, 400, 404, 502]);
  }
  const q = url.indexOf('?');
  if (q >= 0 && query.length === 0) {
    for (const part of url.slice(q + 1).split('&').slice(0, 4)) {
      const eq = part.indexOf('=');
      query.push({ name: eq < 0 ? part : part.slice(0, eq), value: eq < 0 ? '' : part.slice(eq + 1) });
    }
  }
  const bodySize = encoding === 'base64' ? (text.length / 4) * 3 : Buffer.byteLength(text);
  const request = {
    method,
    url,
    httpVersion: 'http/2.0',
    headers: baseRequestHeaders(g, method === 'GET' ? null : [header('content-type', postData ? postData.mimeType : 'application/json'), header('x-xsrftoken', g.hex(32))]),
    queryString: query,
    cookies: [
      { name: '_xsrf', value: `2|${g.hex(8)}|${g.hex(32)}`, path: '/', domain: 'hub.example.org', expires: '1969-12-31T23:59:59.000Z', httpOnly: false, secure: true },
    ],
    headersSize: -1,
    bodySize: postData ? Buffer.byteLength(postData.text) : 0,
  };
  if (postData) request.postData = postData;
  const content = { size: bodySize, mimeType: mime };
  if (status !== 0 && status !== 304) content.text = text;
  if (encoding) content.encoding = encoding;
  if (status === 0) content.comment = 'net::ERR_CONNECTION_RESET';
  return {
    _fromCache: status === 304 ? 'disk' : undefined,
    _initiator: initiator(g),
    _priority: g.one(['VeryHigh', 'High', 'Medium', 'Low', null]),
    _resourceType: resourceType,
    cache: {},
    connection: String(g.int(100, 9000)),
    pageref: pageref,
    request,
    response: {
      status,
      statusText: status === 200 ? '' : status === 404 ? 'Not Found' : '',
      httpVersion: 'http/2.0',
      headers: responseHeaders(g, mime, bodySize),
      cookies: [],
      content,
      redirectURL: '',
      headersSize: -1,
      bodySize: status === 304 ? 0 : bodySize,
      _transferSize: Math.round(bodySize * 0.4) + 300,
      _error: status === 0 ? 'net::ERR_CONNECTION_RESET' : null,
    },
    serverIPAddress: '192.0.2.10',
    startedDateTime: new Date(time).toISOString(),
    time: Math.round(g.random() * 500_000) / 1000,
    timings: timings(g),
  };
}

// ---------------------------------------------------------------------------------------------
// Kernel WebSocket entries.

class KernelSession {
  constructor(g, pools, v1) {
    this.g = g;
    this.pools = pools;
    this.v1 = v1;
    this.kernelId = g.uuid();
    this.clientSession = g.uuid();
    this.kernelSession = g.uuid();
    this.count = 0;
    this.seq = 0;
  }
  header(msgType, session, date) {
    return { msg_id: `${session.slice(0, 8)}_${this.seq++}`, msg_type: msgType, username: 'ada', session, date, version: '5.3' };
  }
  /** The frames of one cell execution, in order, as [type, message, buffers]. */
  execution(dateMs) {
    const g = this.g;
    const iso = (dt) => new Date(dateMs + dt).toISOString().replace('Z', '000Z');
    const request = {
      header: this.header('execute_request', this.clientSession, iso(0)),
      parent_header: {},
      metadata: { deletedCells: [], recordTiming: false, cellId: g.uuid() },
      content: { silent: false, store_history: true, user_expressions: {}, allow_stdin: true, stop_on_error: true, code: slicePool(g, this.pools.prose, g.logSize(10, 1500)) },
      buffers: [],
      channel: 'shell',
    };
    const parent = request.header;
    const reply = (msgType, channel, content, dt, buffers = []) => ({
      header: this.header(msgType, this.kernelSession, iso(dt)),
      parent_header: parent,
      metadata: {},
      content,
      buffers,
      channel,
    });
    const frames = [['send', request, []]];
    frames.push(['receive', reply('status', 'iopub', { execution_state: 'busy' }, 2), []]);
    this.count++;
    frames.push(['receive', reply('execute_input', 'iopub', { code: request.content.code, execution_count: this.count }, 3), []]);
    const outputs = g.int(0, 4);
    for (let i = 0; i < outputs; i++) {
      const kind = g.weighted([['stream', 5], ['display', 2], ['result', 2], ['error', 1], ['comm', 2]]);
      if (kind === 'stream') {
        frames.push(['receive', reply('stream', 'iopub', { name: g.one(['stdout', 'stderr']), text: slicePool(g, this.pools.prose, g.logSize(5, 4000)) }, 10 + i), []]);
      } else if (kind === 'display') {
        frames.push(['receive', reply('display_data', 'iopub', { data: { 'image/png': slicePool(g, this.pools.base64, 4 * g.logSize(100, 8_000)), 'text/plain': '<Figure size 640x480 with 1 Axes>' }, metadata: { 'image/png': { width: 640, height: 480 } }, transient: {} }, 10 + i), []]);
      } else if (kind === 'result') {
        frames.push(['receive', reply('execute_result', 'iopub', { data: { 'text/plain': `array([${g.random()}, ${g.random()}])`, 'text/html': `<table><tr><td>Größe</td><td>${g.int(0, 1e6)}</td></tr></table>` }, metadata: {}, execution_count: this.count }, 10 + i), []]);
      } else if (kind === 'error') {
        frames.push(['receive', reply('error', 'iopub', { ename: 'ZeroDivisionError', evalue: 'division by zero', traceback: ['\u001b[0;31m---------------------------------------------------------------------------\u001b[0m', '\u001b[0;31mZeroDivisionError\u001b[0m: division by zero — Division durch Null'] }, 10 + i), []]);
      } else {
        const nbuf = g.int(1, 2);
        const buffers = Array.from({ length: nbuf }, () => {
          const n = g.logSize(16, 20_000);
          const at = g.int(0, this.pools.raw.length - n - 1);
          return this.pools.raw.subarray(at, at + n);
        });
        frames.push(['receive', reply('comm_msg', 'iopub', { comm_id: g.uuid(), data: { method: 'update', state: { value: g.int(0, 100), description: 'Fortschritt ⏳' }, buffer_paths: buffers.map((_, k) => ['_data', k]) } }, 10 + i), buffers]);
      }
    }
    frames.push(['receive', reply('execute_reply', 'shell', { status: 'ok', execution_count: this.count, user_expressions: {}, payload: [] }, 40), []]);
    frames.push(['receive', reply('status', 'iopub', { execution_state: 'idle' }, 41), []]);
    return frames;
  }
}

/** Legacy text frame, legacy binary (uint32 BE table) or v1 (uint64 LE table, channel first). */
function encodeFrame(message, buffers, v1) {
  if (v1) {
    const parts = [message.channel, message.header, message.parent_header, message.metadata, message.content].map((p, i) =>
      Buffer.from(i === 0 ? p : JSON.stringify(p)),
    );
    for (const b of buffers) parts.push(Buffer.from(b));
    const count = parts.length + 1;
    const table = Buffer.alloc(8 * (count + 1));
    table.writeBigUInt64LE(BigInt(count), 0);
    let offset = table.length;
    for (let i = 0; i < parts.length; i++) {
      table.writeBigUInt64LE(BigInt(offset), 8 * (i + 1));
      offset += parts[i].length;
    }
    table.writeBigUInt64LE(BigInt(offset), 8 * count);
    return { opcode: 2, data: Buffer.concat([table, ...parts]).toString('base64') };
  }
  const { buffers: _ignored, ...rest } = message;
  if (buffers.length === 0) return { opcode: 1, data: JSON.stringify({ ...rest, buffers: [] }) };
  const json = Buffer.from(JSON.stringify(rest));
  const parts = [json, ...buffers.map((b) => Buffer.from(b))];
  const table = Buffer.alloc(4 * (parts.length + 1));
  table.writeUInt32BE(parts.length, 0);
  let offset = table.length;
  for (let i = 0; i < parts.length; i++) {
    table.writeUInt32BE(offset, 4 * (i + 1));
    offset += parts[i].length;
  }
  return { opcode: 2, data: Buffer.concat([table, ...parts]).toString('base64') };
}

/** A kernel channel entry with frames worth about `budget` bytes of output. */
function webSocketEntry(g, pools, time, pageref, budget, v1, meta) {
  const session = new KernelSession(g, pools, v1);
  const url = `wss://hub.example.org${USER}/api/kernels/${session.kernelId}/channels?session_id=${session.clientSession}`;
  const messages = [];
  let bytes = 0;
  let t = time / 1000;
  while (bytes < budget) {
    for (const [type, message, buffers] of session.execution(Math.round(t * 1000))) {
      const frame = encodeFrame(message, buffers, v1);
      t += g.random() * 0.05;
      messages.push({ type, time: Math.round(t * 1e6) / 1e6, opcode: frame.opcode, data: frame.data });
      bytes += frame.data.length + 90;
      if (frame.opcode === 2) meta.binaryFrames++;
      meta.dataFrames++;
    }
    if (g.chance(0.01)) {
      // Chrome's record of a frame error: opcode -1, the error text as data.
      messages.push({ type: 'receive', time: Math.round(t * 1e6) / 1e6, opcode: -1, data: 'Invalid frame header' });
    }
    t += g.random() * 20;
  }
  meta.webSocketEntries++;
  meta.frames += messages.length;
  const requestHeaders = baseRequestHeaders(g, [header('connection', 'Upgrade'), header('upgrade', 'websocket'), header('sec-websocket-key', Buffer.from(g.hex(16)).toString('base64')), header('sec-websocket-protocol', 'v1.kernel.websocket.jupyter.org'), header('sec-websocket-version', '13')]);
  const responseHeadersList = [header('connection', 'Upgrade'), header('sec-websocket-accept', Buffer.from(g.hex(20)).toString('base64')), header('upgrade', 'websocket')];
  if (v1) responseHeadersList.push(header('sec-websocket-protocol', 'v1.kernel.websocket.jupyter.org'));
  return {
    _initiator: initiator(g),
    _priority: null,
    _resourceType: 'websocket',
    cache: {},
    connection: String(g.int(100, 9000)),
    pageref,
    request: { method: 'GET', url, httpVersion: 'HTTP/1.1', headers: requestHeaders, queryString: [{ name: 'session_id', value: session.clientSession }], cookies: [], headersSize: -1, bodySize: 0 },
    response: { status: 101, statusText: 'Switching Protocols', httpVersion: 'HTTP/1.1', headers: responseHeadersList, cookies: [], content: { size: 0, mimeType: 'x-unknown' }, redirectURL: '', headersSize: -1, bodySize: 0, _transferSize: 0, _error: null },
    serverIPAddress: '192.0.2.10',
    startedDateTime: new Date(time).toISOString(),
    time: Math.round(g.random() * 1e6) / 1000,
    timings: timings(g),
    // Chrome appends the frames after every other field of the entry.
    _webSocketMessages: messages,
  };
}

// ---------------------------------------------------------------------------------------------

function reindent(json, indent) {
  return json.replace(/\n/g, `\n${indent}`);
}

/**
 * Writes the HAR; returns its meta data. Sizes are in bytes; the file ends up a little over.
 */
export function generateHar(path, targetBytes, { seed = 6, compact = false } = {}) {
  const g = new Gen(seed);
  const pools = buildPools(g);
  const sp = compact ? undefined : 2;
  const nl = compact ? '' : '\n';
  const meta = { generator: GENERATOR_VERSION, seed, compact, targetBytes, bytes: 0, entries: 0, webSocketEntries: 0, frames: 0, dataFrames: 0, binaryFrames: 0 };
  const mb = targetBytes / 1e6;
  const wsCount = Math.max(2, Math.round(Math.log2(Math.max(mb, 1)) + 1));
  const wsBudget = (targetBytes * 0.12) / wsCount;
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  let pending = [];
  let pendingLength = 0;
  let written = 0;
  const emit = (text) => {
    pending.push(text);
    pendingLength += text.length;
    if (pendingLength > 1 << 22) flush();
  };
  const flush = () => {
    const buf = Buffer.from(pending.join(''));
    writeSync(fd, buf);
    written += buf.length;
    pending = [];
    pendingLength = 0;
  };
  const start = Date.UTC(2024, 4, 14, 9, 12, 33);
  const pages = [];
  const pageCount = Math.max(1, Math.round(mb / 50));
  for (let i = 0; i < pageCount; i++) {
    pages.push({ startedDateTime: new Date(start + i * 600_000).toISOString(), id: `page_${i + 1}`, title: `${HOST}${USER}/lab/tree/${NOTEBOOKS[i % NOTEBOOKS.length]}`, pageTimings: { onContentLoad: 1234.567, onLoad: 2345.678 } });
  }
  const head = { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, pages };
  const headText = JSON.stringify(head, null, sp);
  emit(`{${nl}${compact ? '' : '  '}"log":${compact ? '' : ' '}${reindent(headText, compact ? '' : '  ').slice(0, -1).trimEnd()},${nl}${compact ? '' : '    '}"entries":${compact ? '' : ' '}[`);
  let time = start;
  let wsDone = 0;
  let first = true;
  const indent = compact ? '' : '      ';
  for (;;) {
    const soFar = written + pendingLength;
    if (soFar >= targetBytes) break;
    time += g.int(1, 4000);
    const pageref = `page_${1 + Math.min(pageCount - 1, Math.floor((soFar / targetBytes) * pageCount))}`;
    let entry;
    if (wsDone < wsCount && soFar >= ((wsDone + 0.5) / wsCount) * targetBytes * 0.95) {
      entry = webSocketEntry(g, pools, time, pageref, wsBudget, wsDone % 3 === 1, meta);
      wsDone++;
    } else {
      entry = httpEntry(g, pools, time, pageref);
    }
    meta.entries++;
    emit(`${first ? '' : ','}${nl}${indent}${compact ? JSON.stringify(entry) : reindent(JSON.stringify(entry, null, 2), indent)}`);
    first = false;
  }
  emit(`${nl}${compact ? '' : '    '}]${nl}${compact ? '' : '  '}}${nl}}${nl}`);
  flush();
  // On disk before the bench times anything: write-back of hundreds of MB during the first
  // timed runs made them slower than the rest.
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, path);
  meta.bytes = written;
  writeFileSync(`${path}.meta.json`, `${JSON.stringify(meta, null, 2)}\n`);
  return meta;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  if (args.length < 2) {
    console.error('usage: node bench/gen-har.mjs OUT.har SIZE_MB [--seed N] [--compact]');
    process.exit(2);
  }
  const seedAt = args.indexOf('--seed');
  const meta = generateHar(args[0], Math.round(Number(args[1]) * 1e6), {
    seed: seedAt >= 0 ? Number(args[seedAt + 1]) : undefined,
    compact: args.includes('--compact'),
  });
  console.log(JSON.stringify(meta));
}
