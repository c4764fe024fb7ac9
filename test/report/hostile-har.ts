/**
 * A capture written by an attacker: every place the report shows text from (log.creator, URLs,
 * headers, the notebook document, code, streams, rich outputs, tracebacks, kernel_info) holds
 * markup that would run if the page let it. Each payload leaves a trace if it runs: a dialog,
 * a console message with PWNED, a changed title.
 */
const KERNEL = '0c1e6c4a-1b5e-4a53-9b62-2b7e8d0f4a11';
const SESSION = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const KERNEL_SESSION = 'feedfacefeedfacefeedfacefeedface';
const BASE = 'http://127.0.0.1:8888';
export const HOSTILE_TOKEN = 'hostiletoken0123456789abcdef';
export const HOSTILE_COOKIE = 'cookievalue9876543210';

const run = (n: number) => `alert(${n});console.log('PWNED ${n}');document.title='PWNED ${n}'`;
export const SCRIPT = (n: number) => `<script>${run(n)}</script>`;
export const IMG = (n: number) => `<img src=x onerror="${run(n)}">`;
export const LINK = (n: number) => `<a id="js-link-${n}" href="javascript:${run(n)}">click me ${n}</a>`;
export const SVG = (n: number) => `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" onload="${run(n)}"><script>${run(n + 1)}</script><circle cx="20" cy="20" r="10"/></svg>`;
/** Markup that would make requests to `beacon` (a server the test runs) if anything let it. */
const remoteHtml = (BEACON: string) => `<meta http-equiv="refresh" content="0;url=${BEACON}-refresh"><link rel="stylesheet" href="${BEACON}.css"><img src="${BEACON}.png"><iframe src="${BEACON}-frame"></iframe><object data="${BEACON}-object"></object><form action="${BEACON}-form"><input name="q" value="x"><button id="submit-me">go</button></form><style>@import url(${BEACON}-import.css); body{background:url(${BEACON}-bg.png)}</style>`;
/** Plain text that must appear as text in the page (code and stream payloads). */
export const CODE_TEXT = `print("${SCRIPT(20)}")  # ${IMG(21)}`;
export const STREAM_TEXT = `stream says ${SCRIPT(22)} and ${IMG(23)}\n`;

let clock = Date.parse('2026-11-30T10:00:00.000Z');
const tick = (ms = 5) => (clock += ms);
const iso = (ms: number) => new Date(ms).toISOString();

function message(channel: string, msgType: string, content: object, parent: { msg_id: string; msg_type: string } | null, direction: 'send' | 'receive', msgId: string) {
  const at = tick();
  const header = { date: iso(at), msg_id: msgId, username: 'u', session: direction === 'send' ? SESSION : KERNEL_SESSION, msg_type: msgType, version: '5.3' };
  const parentHeader = parent === null ? {} : { date: iso(at - 1), msg_id: parent.msg_id, username: 'u', session: SESSION, msg_type: parent.msg_type, version: '5.3' };
  return { type: direction, time: at / 1000, opcode: 1, data: JSON.stringify({ header, parent_header: parentHeader, metadata: {}, content, buffers: [], channel }) };
}

function execution(n: number, code: string, outputs: { msgType: string; content: object }[], status: 'ok' | 'error') {
  const request = { msg_id: `exec-${n}`, msg_type: 'execute_request' };
  const frames = [
    message('shell', 'execute_request', { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: true, stop_on_error: true }, null, 'send', request.msg_id),
    message('iopub', 'status', { execution_state: 'busy' }, request, 'receive', `busy-${n}`),
    message('iopub', 'execute_input', { code, execution_count: n }, request, 'receive', `input-${n}`),
  ];
  outputs.forEach((o, i) => frames.push(message('iopub', o.msgType, o.content, request, 'receive', `out-${n}-${i}`)));
  const reply = status === 'ok' ? { status, execution_count: n, user_expressions: {}, payload: [] } : { status, execution_count: n, ename: 'ValueError', evalue: SCRIPT(30), traceback: [] };
  frames.push(message('shell', 'execute_reply', reply, request, 'receive', `reply-${n}`));
  frames.push(message('iopub', 'status', { execution_state: 'idle' }, request, 'receive', `idle-${n}`));
  return frames;
}

function entry(method: string, url: string, status: number, resourceType: string, extra: object = {}) {
  return {
    startedDateTime: iso(tick(20)),
    time: 12.5,
    request: {
      method,
      url,
      httpVersion: 'HTTP/1.1',
      headers: [
        { name: 'Cookie', value: `_xsrf=${HOSTILE_COOKIE}; username-127-0-0-1-8888="${HOSTILE_COOKIE}"` },
        { name: 'Authorization', value: `token ${HOSTILE_TOKEN}` },
        { name: 'X-Evil', value: IMG(40) },
      ],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      headers: [
        { name: 'Server', value: `TornadoServer/6.2 ${SCRIPT(41)}` },
        { name: 'Set-Cookie', value: `_xsrf=${HOSTILE_COOKIE}; Path=/` },
      ],
      cookies: [],
      content: { size: 0, mimeType: 'application/json' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 0,
    },
    cache: {},
    timings: { blocked: 1, dns: -1, connect: -1, send: 0.5, wait: 9, receive: 2 },
    _resourceType: resourceType,
    ...extra,
  };
}

export const HOSTILE_MARKDOWN = `# Notes ${SCRIPT(50)}\n\n${IMG(51)} [a link](javascript:${run(52)}) ![pic](http://evil.example/x.png)\n`;

export function hostileHar(beacon = 'http://127.0.0.1:9/beacon'): object {
  const notebook = {
    cells: [
      { cell_type: 'markdown', id: 'md-1', metadata: {}, source: HOSTILE_MARKDOWN },
      { cell_type: 'code', id: 'code-1', metadata: {}, source: CODE_TEXT, outputs: [], execution_count: null },
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
  const contents = entry('GET', `${BASE}/api/contents/evil.ipynb?content=1&token=${HOSTILE_TOKEN}&x=${encodeURIComponent(SCRIPT(42))}`, 200, 'fetch');
  (contents.response.content as Record<string, unknown>).text = JSON.stringify({ name: 'evil.ipynb', path: 'evil.ipynb', type: 'notebook', format: 'json', content: notebook });
  const info = { msg_id: 'info-1', msg_type: 'kernel_info_request' };
  const frames = [
    message('shell', 'kernel_info_request', {}, null, 'send', info.msg_id),
    message(
      'shell',
      'kernel_info_reply',
      { status: 'ok', protocol_version: '5.3', implementation: `ipython${SCRIPT(43)}`, implementation_version: '8.5.0', language_info: { name: `python${IMG(44)}`, version: '3.11.2' }, banner: SCRIPT(45) },
      info,
      'receive',
      'info-reply-1',
    ),
    ...execution(1, CODE_TEXT, [{ msgType: 'stream', content: { name: 'stdout', text: STREAM_TEXT } }], 'ok'),
    ...execution(
      2,
      'display(HTML(...))',
      [
        { msgType: 'display_data', content: { data: { 'text/html': `${SCRIPT(1)}${IMG(2)}${LINK(3)}<b id="html-ok">bold html</b>`, 'text/plain': '<IPython.core.display.HTML object>' }, metadata: {} } },
        { msgType: 'display_data', content: { data: { 'text/html': remoteHtml(beacon), 'text/plain': 'remote' }, metadata: {} } },
        { msgType: 'display_data', content: { data: { 'image/svg+xml': SVG(4), 'text/plain': '<svg>' }, metadata: {} } },
        { msgType: 'display_data', content: { data: { 'application/javascript': run(6), 'text/plain': 'js' }, metadata: {} } },
        { msgType: 'display_data', content: { data: { 'text/markdown': `md ${SCRIPT(7)} [x](javascript:${run(8)})` }, metadata: {} } },
        { msgType: 'display_data', content: { data: { 'image/png': `AAAA" onerror="${run(9)}` }, metadata: {} } },
        { msgType: 'execute_result', content: { data: { 'text/plain': `result ${SCRIPT(10)}` }, metadata: {}, execution_count: 2 } },
      ],
      'ok',
    ),
    ...execution(3, 'raise ValueError()', [{ msgType: 'error', content: { ename: 'ValueError', evalue: SCRIPT(11), traceback: [`\u001b[0;31mValueError\u001b[0m: ${SCRIPT(12)}`, IMG(13)] } }], 'error'),
  ];
  const socket = entry('GET', `ws://127.0.0.1:8888/api/kernels/${KERNEL}/channels?session_id=${SESSION}&token=${HOSTILE_TOKEN}&evil=${SCRIPT(46)}`, 101, 'websocket', { _webSocketMessages: frames });
  return {
    log: {
      version: '1.2',
      creator: { name: `Evil${SCRIPT(47)}`, version: IMG(48) },
      browser: { name: 'Chromium', version: '156' },
      pages: [],
      entries: [entry('GET', `${BASE}/notebooks/evil.ipynb?token=${HOSTILE_TOKEN}#${SCRIPT(49)}`, 200, 'document'), contents, socket],
    },
  };
}
