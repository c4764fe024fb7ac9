import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinLegacyBinary, joinV1 } from '../../src/kernel/wire-encode.js';
import { splitLegacyBinary, splitV1 } from '../../src/kernel/wire-layout.js';
import { decodeFrame } from '../../src/kernel/codec.js';
import { bufferSource } from '../../src/read/input.js';
import { checkHar, HarRedaction, isSecretName, redactHarTo } from '../../src/redact/index.js';
import { ExpressionError } from '../../src/errors.js';

const PLACEHOLDER = /REDACTED-[0-9a-f]{12}/;

function entryWith(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    startedDateTime: '2026-01-01T00:00:00.000Z',
    time: 1,
    request: { method: 'GET', url: 'http://h/', httpVersion: 'HTTP/1.1', cookies: [], headers: [], queryString: [], headersSize: 100, bodySize: 0 },
    response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', cookies: [], headers: [], content: { size: 0, mimeType: 'text/plain' }, redirectURL: '', headersSize: 50, bodySize: 0 },
    cache: {},
    timings: { send: 0, wait: 1, receive: 0 },
    ...overrides,
  };
}

async function redactEntry(entry: Record<string, unknown>, options = {}): Promise<{ entry: Record<string, unknown>; text: string }> {
  const har = Buffer.from(JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries: [entry] } }));
  let text = '';
  await redactHarTo(bufferSource('t.har', har), async (chunk) => void (text += chunk), { salt: 's', ...options });
  const parsed = JSON.parse(text) as { log: { entries: Record<string, unknown>[] } };
  return { entry: parsed.log.entries[0]!, text };
}

test('secret names: words inside names count, words about a secret do not', () => {
  for (const name of ['password', 'X-XSRFToken', '_xsrf', 'access_token', 'clientSecret', 'api-key', 'data-jupyter-api-token', 'admin_password', 'pwd']) {
    assert.ok(isSecretName(name), name);
  }
  for (const name of ['max_tokens', 'token_type', 'passwordLength', 'csrf_cookie_name', 'session_id', 'msg_id', 'username', 'keyboard']) {
    assert.ok(!isSecretName(name), name);
  }
});

test('headers are matched in any case; Authorization keeps its scheme, Cookie its names; headersSize becomes -1', async () => {
  const { entry } = await redactEntry(
    entryWith({
      request: {
        method: 'GET', url: 'http://h/api?token=abcdef0123456789&x=1', httpVersion: 'h2', headersSize: 300, bodySize: 0,
        headers: [
          { name: 'authorization', value: 'Bearer abc.def.ghi-0123456789' },
          { name: 'COOKIE', value: '_xsrf=2|aa|bb|cc; username=u123456789' },
          { name: 'x-xsrftoken', value: '2|aa|bb|cc' },
          { name: 'Referer', value: 'http://h/tree?token=abcdef0123456789' },
          { name: 'accept', value: 'text/html' },
        ],
        cookies: [{ name: '_xsrf', value: '2|aa|bb|cc' }],
        queryString: [{ name: 'token', value: 'abcdef0123456789' }, { name: 'x', value: '1' }],
      },
    }),
  );
  const request = entry.request as { headers: { value: string }[]; cookies: { value: string }[]; queryString: { value: string }[]; url: string; headersSize: number };
  assert.match(request.headers[0]!.value, /^Bearer REDACTED-[0-9a-f]{12}$/);
  assert.match(request.headers[1]!.value, /^_xsrf=REDACTED-[0-9a-f]{12}; username=REDACTED-[0-9a-f]{12}$/);
  const xsrf = request.cookies[0]!.value;
  assert.equal(request.headers[2]!.value, xsrf, 'one secret, one placeholder');
  const token = request.queryString[0]!.value;
  assert.match(token, PLACEHOLDER);
  assert.equal(request.url, `http://h/api?token=${token}&x=1`);
  assert.equal(request.headers[3]!.value, `http://h/tree?token=${token}`);
  assert.equal(request.headers[4]!.value, 'text/html');
  assert.equal(request.queryString[1]!.value, '1');
  assert.equal(request.headersSize, -1);
});

test('JSON bodies are redacted as structures and their sizes follow; base64 bodies are decoded and encoded again', async () => {
  const json = JSON.stringify({ user: 'ada', password: 'hunter2hunter2', nested: [{ name: 'Authorization', value: 'token abcdefabcdef' }] });
  const html = '<body data-jupyter-api-token="0123456789abcdef0123"><input name="_xsrf" value="2|x|y|z"></body>';
  const { entry } = await redactEntry(
    entryWith({
      request: { method: 'POST', url: 'http://h/login', httpVersion: 'HTTP/1.1', headers: [], cookies: [], queryString: [], headersSize: -1, bodySize: json.length, postData: { mimeType: 'application/json', text: json } },
      response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [], cookies: [], redirectURL: '', headersSize: -1, bodySize: 90, content: { size: html.length, mimeType: 'text/html', encoding: 'base64', text: Buffer.from(html).toString('base64') } },
    }),
  );
  const postData = (entry.request as { postData: { text: string }; bodySize: number });
  const body = JSON.parse(postData.postData.text) as { user: string; password: string; nested: { value: string }[] };
  assert.equal(body.user, 'ada');
  assert.match(body.password, PLACEHOLDER);
  assert.match(body.nested[0]!.value, PLACEHOLDER);
  assert.equal(postData.bodySize, Buffer.byteLength(postData.postData.text));
  const content = (entry.response as { content: { text: string; size: number }; bodySize: number });
  const page = Buffer.from(content.content.text, 'base64').toString('utf8');
  assert.match(page, /^<body data-jupyter-api-token="REDACTED-[0-9a-f]{12}"><input name="_xsrf" value="REDACTED-[0-9a-f]{12}"><\/body>$/);
  assert.equal(content.content.size, Buffer.byteLength(page));
  assert.equal(content.bodySize, -1);
});

test('free text: JWTs, bearer tokens, key=value lines, secretlint formats, --also patterns; placeholders are left alone', async () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlc2lnbmF0dXJl';
  const github = `ghp_${'A1b2C3d4E5'.repeat(3)}abcdef`;
  const printed = `jwt ${jwt}\npassword=s3cret-value\nAPI_KEY: 'k-123456789'\nuse ${github} now\ncustomer 4242-4242\nREDACTED-0123456789ab`;
  const { entry } = await redactEntry(entryWith({ comment: printed }), { also: ['customer (\\d{4}-\\d{4})'] });
  const comment = entry.comment as string;
  for (const secret of [jwt, 's3cret-value', 'k-123456789', github, '4242-4242']) assert.ok(!comment.includes(secret), secret);
  assert.match(comment, /^jwt REDACTED-[0-9a-f]{12}\npassword=REDACTED-[0-9a-f]{12}\nAPI_KEY: 'REDACTED-[0-9a-f]{12}'\nuse REDACTED-[0-9a-f]{12} now\ncustomer REDACTED-[0-9a-f]{12}\nREDACTED-0123456789ab$/);
});

test('WebSocket URLs lose their token and keep their kernel and session ids', async () => {
  const url = 'ws://h/api/kernels/4c61952a/channels?session_id=c682460b&token=abcdef0123456789abcdef';
  const { entry } = await redactEntry(entryWith({ request: { method: 'GET', url, httpVersion: 'HTTP/1.1', headers: [], cookies: [], queryString: [], headersSize: -1, bodySize: 0 } }));
  assert.match((entry.request as { url: string }).url, /^ws:\/\/h\/api\/kernels\/4c61952a\/channels\?session_id=c682460b&token=REDACTED-[0-9a-f]{12}$/);
});

test('--keep spares a name everywhere; a bad --also pattern is an expression error', async () => {
  const { entry } = await redactEntry(entryWith({ comment: '_xsrf=2|aa|bb|cc and password=pw-123456' }), { keep: ['_XSRF'] });
  assert.match(entry.comment as string, /^_xsrf=2\|aa\|bb\|cc and password=REDACTED-/);
  await assert.rejects(checkHar(bufferSource('t.har', Buffer.from('{"log":{"entries":[]}}')), { also: ['('] }), ExpressionError);
});

test('kernel frames keep their wire format: JSON text stays text, binary frames keep valid offset tables', async () => {
  const message = (text: string) => ({ header: { msg_id: 'm1', msg_type: 'stream', session: 's', username: 'u', date: '2026-01-01T00:00:00Z', version: '5.3' }, parent_header: {}, metadata: {}, content: { name: 'stdout', text } });
  const secretLine = 'password=pw-0123456789\n';
  const legacyText = JSON.stringify({ channel: 'iopub', ...message(secretLine) });
  const buffer = new Uint8Array([1, 2, 3, 250]);
  const legacyBinary = joinLegacyBinary([Buffer.from(legacyText), buffer]);
  const m = message(secretLine);
  const v1 = joinV1([Buffer.from('iopub'), ...[m.header, m.parent_header, m.metadata, m.content].map((part) => Buffer.from(JSON.stringify(part))), buffer]);
  assert.ok(splitV1(v1).ok && splitLegacyBinary(legacyBinary).ok);
  const frames = [
    { type: 'receive', time: 1, opcode: 1, data: legacyText },
    { type: 'receive', time: 2, opcode: 2, data: Buffer.from(legacyBinary).toString('base64') },
  ];
  const v1Frames = [{ type: 'receive', time: 3, opcode: 2, data: Buffer.from(v1).toString('base64') }];
  const legacy = (await redactEntry(entryWith({ _webSocketMessages: frames }))).entry._webSocketMessages as { opcode: number; data: string }[];
  const protocolHeaders = [{ name: 'Sec-WebSocket-Protocol', value: 'v1.kernel.websocket.jupyter.org' }];
  const modern = (await redactEntry(entryWith({ response: { status: 101, headers: protocolHeaders, cookies: [], content: { size: 0, mimeType: '' } }, _webSocketMessages: v1Frames }))).entry._webSocketMessages as { opcode: number; data: string }[];
  const decoded = [decodeFrame(legacy[0]!), decodeFrame(legacy[1]!), decodeFrame(modern[0]!, 'v1.kernel.websocket.jupyter.org')];
  assert.deepEqual(decoded.map((d) => (d.kind === 'message' ? d.wire : d.kind)), ['legacy-text', 'legacy-binary', 'v1']);
  for (const d of decoded) {
    assert.equal(d.kind, 'message');
    if (d.kind !== 'message') continue;
    assert.match(String(d.content.text), /^password=REDACTED-[0-9a-f]{12}\n$/);
    assert.equal(d.header.msg_id, 'm1');
  }
  for (const d of decoded.slice(1)) if (d.kind === 'message') assert.deepEqual(d.buffers.map((b) => b.base64), [Buffer.from(buffer).toString('base64')]);
});

test('HarRedaction redacts entries a recorder writes itself, with one placeholder key per instance', () => {
  const redaction = new HarRedaction({ salt: 'rec' });
  const pages = redaction.logField('pages', [{ id: 'p', title: 'http://h/tree?token=abcdef0123456789' }]);
  const entry = redaction.entry(entryWith({ comment: 'token=abcdef0123456789' }), 0);
  const placeholder = /token=(REDACTED-[0-9a-f]{12})/.exec(pages[0]!.title)![1];
  assert.equal(entry.comment, `token=${placeholder}`);
  assert.equal(redaction.report.redactions, 2);
  assert.deepEqual(redaction.report.places.map((place) => place.pointer), ['/log/pages/0/title', '/log/entries/0/comment']);
});

test('the package entry exports the redaction and validation API', async () => {
  const harknife = await import('../../src/index.js');
  for (const name of ['redactHarFile', 'redactHar', 'redactHarTo', 'checkHar', 'HarRedaction', 'validateHar']) {
    assert.equal(typeof (harknife as Record<string, unknown>)[name], 'function', name);
  }
});

test('a body nested deeper than the reader goes is redacted as text, not walked', async () => {
  const deep = `${'['.repeat(50_000)}"password=pw-123456"${']'.repeat(50_000)}`;
  const { entry } = await redactEntry(entryWith({ response: { status: 200, headers: [], cookies: [], content: { size: deep.length, mimeType: 'application/json', text: deep } } }));
  const text = (entry.response as { content: { text: string } }).content.text;
  assert.ok(text.startsWith('[['));
  assert.match(text, /"password=REDACTED-[0-9a-f]{12}"/);
});

test('__proto__ members of a body are redacted like any other (own properties, not the prototype)', async () => {
  const body = '{"__proto__": {"password": "pw-proto-123456"}, "x": {"__proto__": "token=abcdef0123456789"}}';
  const { entry } = await redactEntry(entryWith({ request: { method: 'POST', url: 'http://h/', headers: [], cookies: [], queryString: [], headersSize: -1, bodySize: -1, postData: { mimeType: 'application/json', text: body } } }));
  const text = (entry.request as { postData: { text: string } }).postData.text;
  assert.ok(!text.includes('pw-proto-123456') && !text.includes('abcdef0123456789'), text);
  assert.match(text, /"__proto__":\{"password":"REDACTED-[0-9a-f]{12}"\}/);
});

test('a learnt secret (here an _xsrf value full of regex characters) is replaced wherever it occurs later', async () => {
  const xsrf = '2|a.b|c+d|(e)|0123456789';
  const { entry } = await redactEntry(
    entryWith({
      request: { method: 'GET', url: 'http://h/', httpVersion: 'HTTP/1.1', headers: [{ name: 'X-XSRFToken', value: xsrf }], cookies: [], queryString: [], headersSize: -1, bodySize: 0 },
      comment: `the page said ${xsrf} twice: ${xsrf}`,
    }),
  );
  const header = (entry.request as { headers: { value: string }[] }).headers[0]!.value;
  assert.match(header, /^REDACTED-[0-9a-f]{12}$/);
  assert.equal(entry.comment, `the page said ${header} twice: ${header}`);
});

test('multipart/form-data parts of secret names lose their values', async () => {
  const body = '--b\r\nContent-Disposition: form-data; name="user"\r\n\r\nada\r\n--b\r\nContent-Disposition: form-data; name="password"\r\n\r\nhunter2-hunter2\r\n--b--\r\n';
  const { entry } = await redactEntry(entryWith({ request: { method: 'POST', url: 'http://h/login', headers: [], cookies: [], queryString: [], headersSize: -1, bodySize: body.length, postData: { mimeType: 'multipart/form-data; boundary=b', text: body } } }));
  const text = (entry.request as { postData: { text: string } }).postData.text;
  assert.match(text, /name="user"\r\n\r\nada\r\n/);
  assert.match(text, /name="password"\r\n\r\nREDACTED-[0-9a-f]{12}\r\n--b--/);
});
