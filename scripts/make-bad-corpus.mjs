#!/usr/bin/env node
/**
 * Writes test/bad/inputs/ and test/bad/manifest.json: the committed bad-input corpus (issue 13).
 * Deterministic (a seeded PRNG, fixed timestamps): run it again and `git diff` shows what changed.
 * Each input has the exit code every command must give and a pattern for the stderr line that
 * says why (the last line, for a failure); `commands` overrides both for some commands. Inputs
 * too big to commit (a 600 MB sparse file, truncations of the real samples) are made at test
 * time by test/bad/corpus.test.ts.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync, deflateSync, brotliCompressSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}test/bad/inputs/`;
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

let seed = 1313;
function random() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const randomBytes = (n) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));

const manifest = [];
let counter = 0;
function add(name, content, expect) {
  const file = `${String(++counter).padStart(3, '0')}-${name}`;
  writeFileSync(out + file, content);
  manifest.push({ file, ...expect });
}

// Expectations by class. Patterns are matched against the last stderr line, after "PROGRAM: FILE: ".
const NOT_JSON = { exit: 5, stderr: '^(not valid JSON: .* \\(byte \\d+, line \\d+ column \\d+\\)|empty input, not JSON)$', commands: { 'kernel-decode': { exit: 5, stderr: '^(not a HAR or ws-messages NDJSON: starts with .*|empty input, not JSON|only whitespace, not JSON|not valid JSON: .*)$' } } };
const SYNTAX = { exit: 5, stderr: '^not valid JSON: .* \\(byte \\d+, line \\d+ column \\d+\\)$', commands: { 'kernel-decode': { exit: 5, stderr: '^(not valid JSON: .* \\(byte \\d+, line \\d+ column \\d+\\)|not a HAR or ws-messages NDJSON: .*)$' } } };
const NOT_HAR = { exit: 5, stderr: '^not a HAR: .*$', commands: { 'kernel-decode': { exit: 5, stderr: '^not a HAR.*$' } } };
const OK = { exit: 0 };
const har = (entries, extra = {}) => JSON.stringify({ log: { version: '1.2', creator: { name: 'corpus', version: '1' }, ...extra, entries } });
const entry = (url, more = {}) => ({ startedDateTime: '2024-01-01T00:00:00.000Z', time: 1, request: { method: 'GET', url, headers: [] }, response: { status: 200, headers: [], content: { size: 2, mimeType: 'application/json' } }, ...more });
const ws = (frames) => entry('ws://127.0.0.1:8888/api/kernels/k1/channels?session_id=s1', { _resourceType: 'websocket', response: { status: 101, headers: [], content: { size: 0 } }, _webSocketMessages: frames });
const kernelMessage = (type, channel, content, id = 'm1') =>
  JSON.stringify({ header: { msg_id: id, msg_type: type, session: 's', username: 'u', date: '2024-01-01T00:00:00Z', version: '5.3' }, parent_header: {}, metadata: {}, content, buffers: [], channel });

// Not JSON at all.
add('plain-text.har', 'hello, this is not JSON\n', NOT_JSON);
add('html.har', '<!doctype html><html><body>login</body></html>', NOT_JSON);
add('xml.har', '<?xml version="1.0"?><log/>', NOT_JSON);
add('yaml.har', 'log:\n  entries: []\n', NOT_JSON);
add('csv.har', 'url,status\nhttp://x,200\n', NOT_JSON);
add('empty.har', '', NOT_JSON);
add('whitespace.har', '   \n\t\n', { ...NOT_JSON, stderr: '^not valid JSON: Unexpected end of JSON input .*$' });
add('nul-bytes.har', Buffer.alloc(64), NOT_JSON);
add('zlib.har', deflateSync(Buffer.from(har([]))), NOT_JSON);
add('brotli.har', brotliCompressSync(Buffer.from(har([]))), NOT_JSON);
add('bzip2-magic.har', Buffer.concat([Buffer.from('BZh91AY&SY'), randomBytes(40)]), NOT_JSON);
add('zip-magic.har', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(60)]), NOT_JSON);
add('png.har', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(50)]), NOT_JSON);
add('pdf.har', '%PDF-1.7\n%âãÏÓ\n', NOT_JSON);
add('utf16le-bom.har', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(har([entry('http://x/')]), 'utf16le')]), NOT_JSON);
add('utf16be-bom.har', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(har([entry('http://x/')]), 'utf16le').swap16()]), NOT_JSON);
add('utf16le-nobom.har', Buffer.from(har([entry('http://x/')]), 'utf16le'), SYNTAX);
add('utf32-bom.har', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('{}')]), NOT_JSON);
add('double-bom.har', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), Buffer.from(har([]))]), NOT_JSON);
for (let i = 0; i < 12; i++) add(`random-${i}.har`, randomBytes(16 + Math.floor(random() * 2000)), { exit: 5 });
add('shell-script.har', '#!/bin/sh\nrm -rf /\n', NOT_JSON);
add('jsonp.har', `callback(${har([])});`, NOT_JSON);
add('js-object.har', "{log: {entries: []}}", SYNTAX);

// JSON syntax errors.
const syntax = {
  'trailing-comma': '{"log":{"entries":[],}}',
  'trailing-comma-array': '{"log":{"entries":[{},]}}',
  'single-quotes': "{'log':{'entries':[]}}",
  'nan': '{"log":{"entries":[{"time":NaN}]}}',
  'infinity': '{"log":{"entries":[{"time":Infinity}]}}',
  'comment': '{"log":/* c */{"entries":[]}}',
  'line-comment': '// har\n{"log":{"entries":[]}}',
  'leading-zero': '{"log":{"entries":[{"time":01}]}}',
  'plus-number': '{"log":{"entries":[{"time":+1}]}}',
  'dot-number': '{"log":{"entries":[{"time":.5}]}}',
  'hex-number': '{"log":{"entries":[{"time":0x10}]}}',
  'bad-escape': '{"log":{"entries":[{"request":{"url":"\\x41"}}]}}',
  'bad-unicode-escape': '{"log":{"entries":[{"request":{"url":"\\u12G4"}}]}}',
  'raw-newline-in-string': '{"log":{"entries":[{"request":{"url":"a\nb"}}]}}',
  'raw-tab-in-string': '{"log":{"entries":[{"request":{"url":"a\tb"}}]}}',
  'two-documents': '{"log":{"entries":[]}}{"log":{"entries":[]}}',
  'trailing-garbage': '{"log":{"entries":[]}} x',
  'missing-colon': '{"log" {"entries":[]}}',
  'missing-comma': '{"log":{"version":"1.2" "entries":[]}}',
  'unclosed-string': '{"log":{"entries":[{"request":{"url":"http://x',
  'unbalanced-close': '{"log":{"entries":[]]}}',
  'key-not-string': '{"log":{1:[]}}',
  'true-typo': '{"log":{"entries":[{"cache":tru}]}}',
  'null-typo': '{"log":{"entries":[nul]}}',
  'minus-alone': '{"log":{"entries":[{"time":-}]}}',
  'exponent-empty': '{"log":{"entries":[{"time":1e}]}}',
  'invalid-utf8-continuation-outside-string': Buffer.from([0x7b, 0x80, 0x7d]),
};
for (const [name, text] of Object.entries(syntax)) add(`${name}.har`, text, SYNTAX);

// JSON, not a HAR.
const notHar = {
  'null': 'null', 'true': 'true', 'number': '42', 'string': '"log"', 'empty-array': '[]', 'array-of-har': `[${har([])}]`,
  'empty-object': '{}', 'log-null': '{"log":null}', 'log-number': '{"log":1}', 'log-array': '{"log":[]}', 'log-string': '{"log":"x"}',
  'log-empty': '{"log":{}}', 'entries-null': '{"log":{"entries":null}}', 'entries-object': '{"log":{"entries":{}}}', 'entries-string': '{"log":{"entries":"[]"}}',
  'entries-top-level': '{"entries":[]}', 'Log-capitalised': '{"Log":{"entries":[]}}', 'package-json': '{"name":"x","version":"1.0.0","dependencies":{}}',
  'openapi': '{"openapi":"3.0.0","paths":{}}', 'ipynb': '{"cells":[],"metadata":{},"nbformat":4,"nbformat_minor":5}',
};
for (const [name, text] of Object.entries(notHar)) add(`${name}.json`, text, NOT_HAR);
// A duplicated "log" or "log.entries" is refused by every command (shape and query too), saying why.
const twice = (path) => ({ exit: 5, stderr: `^not a HAR: "${path.replace('.', '\\.')}" appears twice \\(duplicate key\\); JSON\\.parse would keep the last, but a streamed read hands out the first before it meets the second, so harknife refuses the file$` });
add('duplicate-entries.har', '{"log":{"entries":[{"request":{"url":"http://a/"}}],"entries":[{"request":{"url":"http://b/"}}]}}', twice('log.entries'));
add('duplicate-log.har', '{"log":{"entries":[]},"log":{"entries":[]}}', twice('log'));

// Deep nesting and big numbers.
add('deep-arrays.har', `{"log":{"entries":[${'['.repeat(1200)}${']'.repeat(1200)}]}}`, { exit: 5, stderr: '^nesting deeper than 1000 levels, more than harknife reads \\(byte \\d+, line 1 column \\d+\\)$' });
add('deep-objects.har', `{"log":{"entries":[${'{"a":'.repeat(1100)}1${'}'.repeat(1100)}]}}`, { exit: 5, stderr: '^nesting deeper than 1000 levels, more than harknife reads .*$' });
add('deep-top.json', `${'['.repeat(5000)}${']'.repeat(5000)}`, { exit: 5, stderr: '^(nesting deeper than 1000 levels|not a HAR).*$', commands: { 'kernel-decode': { exit: 5, stderr: '^not a HAR or ws-messages NDJSON: .*$' } } });
add('deep-but-allowed.har', har([entry('http://x/', { deep: JSON.parse(`${'['.repeat(900)}${']'.repeat(900)}`) })]), OK);

// gzip.
const sample = har([entry('http://x.test/a'), entry('http://x.test/b')]);
const gz = gzipSync(Buffer.from(sample));
const corrupt = Buffer.from(gz); corrupt.fill(0x41, 12, 30);
add('gzip-corrupt.har', corrupt, { exit: 4, stderr: '^corrupt gzip data \\(.*\\)$' });
add('gzip-truncated.har.gz', gz.subarray(0, Math.floor(gz.length / 2)), { exit: 4, stderr: '^corrupt gzip data \\(.*\\)$' });
add('gzip-header-only.har.gz', gz.subarray(0, 10), { exit: 4, stderr: '^corrupt gzip data \\(.*\\)$' });
add('gzip-of-gzip.har.gz', gzipSync(gz), { exit: 5, stderr: '^not valid JSON: Unexpected byte 0x1f, expected a value .*$', commands: { 'kernel-decode': { exit: 5, stderr: '^not a HAR or ws-messages NDJSON: starts with byte 0x1f, not "\\{"$' } } });
add('gzip-of-empty.har.gz', gzipSync(Buffer.alloc(0)), NOT_JSON);
add('gzip-of-text.har.gz', gzipSync(Buffer.from('not json')), NOT_JSON);
add('gzip-of-not-har.json.gz', gzipSync(Buffer.from('{"a":1}')), NOT_HAR);
add('gzip-crc-wrong.har.gz', (() => { const b = Buffer.from(gz); b.writeUInt32LE((b.readUInt32LE(b.length - 8) ^ 1) >>> 0, b.length - 8); return b; })(), { exit: 4, stderr: '^corrupt gzip data \\(.*\\)$' });
add('gzip-ok.har.gz', gz, OK);
add('gzip-bom-inside.har.gz', gzipSync(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample)])), OK);
add('gzip-magic-only.har', Buffer.from([0x1f, 0x8b]), { exit: 4, stderr: '^corrupt gzip data \\(.*\\)$' });

// Committed truncations of a small HAR at 20 offsets (the real samples are cut at test time).
const small = Buffer.from(har([entry('http://x.test/1'), ws([{ type: 'send', time: 1.5, opcode: 1, data: kernelMessage('kernel_info_request', 'shell', {}) }])], { pages: [] }));
for (let i = 1; i <= 20; i++) {
  const at = Math.floor((small.length * i) / 21);
  add(`truncated-${String(at).padStart(4, '0')}.har`, small.subarray(0, at), { exit: 5, stderr: '^not valid JSON: .* \\(byte \\d+, line 1 column \\d+\\)$', commands: { 'kernel-decode': { exit: 5, stderr: '^(not valid JSON: .*|not a HAR or ws-messages NDJSON: .*)$' } } });
}

// Bad entries inside a good HAR: skipped with a warning, exit 0.
const badEntries = { 'entry-null': [null, entry('http://ok/')], 'entry-number': [1, entry('http://ok/')], 'entry-string': ['x', entry('http://ok/')], 'entry-array': [[1], entry('http://ok/')], 'entry-true': [true] };
for (const [name, entries] of Object.entries(badEntries)) add(`${name}.har`, har(entries), { exit: 0, stderr: '^log\\.entries\\[0\\] is not an object; skipped$', commands: { query: { exit: 0, stderr: '' }, shape: { exit: 0, stderr: '' }, 'kernel-decode': { exit: 0 } } });
const oddFields = {
  'request-null': [{ request: null }], 'request-array': [{ request: [] }], 'url-number': [{ request: { url: 7 } }], 'url-object': [{ request: { url: { a: 1 } } }],
  'status-string': [entry('http://x/', { response: { status: '200' } })], 'status-huge': [entry('http://x/', { response: { status: 1e300 } })], 'time-negative': [entry('http://x/', { time: -5 })],
  'time-string': [entry('http://x/', { time: 'slow' })], 'size-null': [entry('http://x/', { response: { status: 200, content: { size: null } } })], 'headers-object': [entry('http://x/', { response: { status: 200, headers: {} } })],
  'method-null': [{ request: { method: null, url: 'http://x/' } }], 'url-invalid': [entry('::not a url::')], 'url-empty': [entry('')], 'started-invalid': [entry('http://x/', { startedDateTime: 'yesterday' })],
  'resource-type-number': [entry('http://x/', { _resourceType: 5 })], 'mime-array': [entry('http://x/', { response: { status: 200, content: { mimeType: ['a'] } } })], 'empty-entries': [],
  'entry-empty-object': [{}], 'unicode-url': [entry('http://例え.テスト/パス?q=ü')], 'emoji-url': [entry('http://x/😀\ud83d')],
};
for (const [name, entries] of Object.entries(oddFields)) add(`${name}.har`, har(entries), OK);
add('status-1e999.har', '{"log":{"entries":[{"request":{"url":"http://x/"},"response":{"status":1e999}}]}}', OK);
add('number-huge-exponent.har', '{"log":{"entries":[{"time":1e400,"request":{"url":"http://x/"}}]}}', OK);
add('proto-keys.har', '{"log":{"entries":[{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"request":{"url":"http://x/"}}]}}', OK);
add('duplicate-inner-key.har', '{"log":{"entries":[{"request":{"url":"http://a/","url":"http://b/"}}]}}', { exit: 0 });
add('bom.har', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample)]), OK);
add('crlf.har', sample.replace(/,/g, ',\r\n'), OK);
add('one-line-log-first.har', har([entry('http://x/')]), OK);
add('invalid-utf8-in-string.har', Buffer.concat([Buffer.from('{"log":{"entries":[{"request":{"url":"http://x/'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}}]}}')]), OK);
add('lone-surrogate-escape.har', '{"log":{"entries":[{"request":{"url":"http://x/\\ud800"}}]}}', OK);

// Hostile text: control characters that a terminal would obey.
const osc = '\u001b]0;pwned\u0007';
const hostile = {
  'osc-title-url': [entry(`http://x/${osc}`)], 'osc8-link-method': [{ request: { method: `GET\u001b]8;;http://evil/\u0007x`, url: 'http://x/' } }],
  'osc52-clipboard-type': [entry('http://x/', { _resourceType: '\u001b]52;c;cHduZWQ=\u0007' })], 'screen-clear-mime': [entry('http://x/', { response: { status: 200, content: { mimeType: '\u001b[2J\u001b[H' } } })],
  'bare-cr-url': [entry('http://x/\rhttp://trusted/')], 'c1-csi-url': [entry('http://x/\u009b31m')], 'nul-in-url': [entry('http://x/\u0000')], 'del-in-url': [entry('http://x/\u007f')],
};
for (const [name, entries] of Object.entries(hostile)) add(`${name}.har`, har(entries), OK);

// WebSocket frames: bad ones are reported (ws-messages) or become malformed records (kernel-decode).
const frameProblem = (reason) => ({ exit: 0, stderr: '', commands: { 'ws-messages': { exit: 0, stderr: reason }, 'kernel-decode': { exit: 0, stderr: '^\\d+ malformed frames? \\(emitted as \\{"kind":"malformed"\\} records\\)$' } } });
const frames = {
  'frame-null': [[null], 'frame problems? reported above$'], 'frame-number': [[5], 'frame problems? reported above$'], 'frame-array': [[[1, 2]], 'frame problems? reported above$'],
  'frame-data-number': [[{ type: 'send', time: 1, opcode: 1, data: 5 }], 'frame problems? reported above$'],
  'frame-bad-base64': [[{ type: 'receive', time: 1, opcode: 2, data: '!!!not base64' }], 'frame problems? reported above$'],
  'frame-binary-garbage': [[{ type: 'receive', time: 1, opcode: 2, data: randomBytes(48).toString('base64') }], ''],
  'frame-text-not-json': [[{ type: 'receive', time: 1, opcode: 1, data: 'not json {' }], ''],
  'frame-json-not-message': [[{ type: 'receive', time: 1, opcode: 1, data: '{"a":1}' }], ''],
  'frame-message-no-header': [[{ type: 'receive', time: 1, opcode: 1, data: '{"content":{},"channel":"iopub"}' }], ''],
  'frame-deep-json': [[{ type: 'receive', time: 1, opcode: 1, data: `${'['.repeat(3000)}${']'.repeat(3000)}` }], ''],
  'frame-v1-bad-offsets': [[{ type: 'receive', time: 1, opcode: 2, data: Buffer.from([5, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0]).toString('base64') }], ''],
  'frame-type-odd': [[{ type: 'sideways', time: 'x', opcode: 1.5, data: kernelMessage('status', 'iopub', { execution_state: 'idle' }) }], 'frame problems? reported above$'],
};
for (const [name, [list, reason]] of Object.entries(frames)) {
  const expect = frameProblem(reason);
  if (reason === '') expect.commands['ws-messages'] = { exit: 0, stderr: '' };
  if (name === 'frame-type-odd' || name === 'frame-data-number' || name === 'frame-bad-base64') expect.commands['kernel-decode'] = { exit: 0 };
  add(`${name}.har`, har([ws(list)]), expect);
}
add('messages-not-array.har', har([ws('nope')]), { exit: 0, commands: { 'ws-messages': { exit: 0, stderr: 'frame problems? reported above$' }, 'kernel-decode': { exit: 0 } } });
add('many-bad-frames.har', har([ws(Array.from({ length: 3000 }, (_, i) => i))]), { exit: 0, stderr: '', commands: { 'ws-messages': { exit: 0, stderr: '^2990 more warnings not shown \\(3000 in all\\)$' }, 'kernel-decode': { exit: 0, stderr: '^3000 malformed frames \\(emitted as \\{"kind":"malformed"\\} records\\)$' } } });
add('good-kernel-frames.har', har([ws([{ type: 'send', time: 1, opcode: 1, data: kernelMessage('kernel_info_request', 'shell', {}) }, { type: 'receive', time: 2, opcode: 1, data: kernelMessage('status', 'iopub', { execution_state: 'idle' }, 'm2') }])]), OK);

// ws-messages NDJSON: kernel-decode's other input; the har commands see JSON text with more after it.
const ndjsonLine = (data) => JSON.stringify({ entry: 0, url: 'ws://h/api/kernels/k/channels', kernel_id: 'k', session_id: 's', protocol: null, index: 0, type: 'receive', time: 1, iso: null, opcode: 1, size: data.length, data });
const ndjsonHar = { ...SYNTAX, stderr: '^not valid JSON: Unexpected "\\{" after the end of the JSON value .*$', commands: { 'kernel-decode': { exit: 0 } } };
add('ndjson-frames.ndjson', `${ndjsonLine(kernelMessage('status', 'iopub', { execution_state: 'busy' }))}\n${ndjsonLine(kernelMessage('status', 'iopub', { execution_state: 'idle' }, 'm2'))}\n`, ndjsonHar);
add('ndjson-bad-lines.ndjson', `${ndjsonLine('x')}\n{not json\n[1,2]\n\n${ndjsonLine(kernelMessage('status', 'iopub', {}))}\n`, { ...ndjsonHar, commands: { 'kernel-decode': { exit: 0, stderr: '^\\d+ malformed frames? .*$' } } });
add('ndjson-crlf.ndjson', `${ndjsonLine(kernelMessage('status', 'iopub', {}))}\r\n${ndjsonLine(kernelMessage('status', 'iopub', {}, 'm3'))}\r\n`, ndjsonHar);
add('ndjson-one-line-no-newline.ndjson', ndjsonLine(kernelMessage('status', 'iopub', {})), { exit: 5, stderr: '^not a HAR: no "log" object at the top level$', commands: { 'kernel-decode': { exit: 0 } } });

writeFileSync(`${root}test/bad/manifest.json`, `${JSON.stringify(manifest, null, 1)}\n`);
console.log(`${manifest.length} inputs in test/bad/inputs/`);
