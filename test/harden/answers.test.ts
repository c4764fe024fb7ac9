/** Issue 13 #2–#5, #7–#11, #18: wrong or inconsistent answers, each kept fixed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { main as kernelDecode } from '../../src/cli/kernel-decode.js';
import { readLines } from '../../src/read/lines.js';
import { bufferSource } from '../../src/read/input.js';
import { readHar, TooLarge } from '../../src/read/har.js';
import { HAR_BIN, runHar, runMain } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'harknife-answers-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const kernel = (argv: string[], stdin?: string | Buffer) => runMain(kernelDecode, argv, stdin === undefined ? {} : { stdin });
const KERNEL_BIN = fileURLToPath(new URL('../../src/bin/kernel-decode.js', import.meta.url));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function wsHar(frames: unknown[]): string {
  return JSON.stringify({
    log: {
      version: '1.2',
      entries: [
        {
          request: { method: 'GET', url: 'ws://localhost:8888/api/kernels/k1/channels?session_id=s1' },
          response: { status: 101, headers: [] },
          _resourceType: 'websocket',
          _webSocketMessages: frames,
        },
      ],
    },
  });
}

test('issue 13 #2: kernel-decode /dev/zero stops at once with exit 5 (no endless line)', { timeout: 20_000 }, () => {
  const result = spawnSync(process.execPath, [KERNEL_BIN, '/dev/zero'], { timeout: 15_000 });
  assert.equal(result.status, 5);
  assert.equal(result.stderr.toString(), 'kernel-decode: /dev/zero: not a HAR or ws-messages NDJSON: starts with byte 0x00, not "{"\n');
});

test('issue 13 #2: a line over the limit is counted, never held, and the next line still read', async () => {
  const bytes = Buffer.concat([Buffer.alloc(5000, 0x61), Buffer.from('\n{"x":1}\n'), Buffer.alloc(3000, 0x62)]);
  const lines = [];
  for await (const line of readLines(bufferSource('t', bytes), 1000)) lines.push(line);
  assert.deepEqual(lines, [
    { line: null, number: 1, size: 5000 },
    { line: '{"x":1}', number: 2 },
    { line: null, number: 3, size: 3000 },
  ]);
});

test('issue 13 #8: kernel-decode refuses with exit 5 what har refuses: empty, HTML, UTF-16, zlib, random bytes', async () => {
  const cases: [string, Buffer, RegExp][] = [
    ['empty', Buffer.alloc(0), /empty input, not JSON$/],
    ['blank', Buffer.from('  \n\n'), /only whitespace, not JSON$/],
    ['html', Buffer.from('<!doctype html><html></html>'), /starts with "<", not "\{"$/],
    ['utf16', Buffer.from(`\ufeff${wsHar([])}`, 'utf16le'), /starts with byte 0xff, not "\{"$/],
    ['zlib', deflateSync(Buffer.from(wsHar([]))), /starts with "x", not "\{"$/],
    ['random', Buffer.from([0x93, 0x11, 0xfe, 0x00, 0x42]), /starts with byte 0x93, not "\{"$/],
    ['gzip of text', gzipSync(Buffer.from('hello')), /starts with "h", not "\{"$/],
  ];
  for (const [name, bytes, message] of cases) {
    const path = file(`${name}.bin`, bytes);
    const result = await kernel([path]);
    assert.equal(result.code, 5, `${name}: ${result.stderr}`);
    assert.equal(result.stdout, '', name);
    assert.match(result.stderr.trimEnd(), message, name);
    assert.equal(result.stderr.split('\n').length, 2, `${name}: one line`);
    const fromStdin = await kernel([], bytes);
    assert.equal(fromStdin.code, 5, `${name} on stdin`);
  }
});

test('issue 13 #3/#5: a frame over 64 MiB becomes one malformed "frame too large" record, never exit 70', async () => {
  const big = 'x'.repeat(65 * 2 ** 20);
  const path = file('bigframe.har.gz', gzipSync(wsHar([{ type: 'receive', time: 1, opcode: 1, data: big }, { type: 'receive', time: 2, opcode: 1, data: '{}' }]), { level: 1 }));
  const result = await kernel(['--all', path]);
  assert.equal(result.code, 0, result.stderr);
  const records = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { kind: string; reason?: string });
  assert.equal(records.length, 2);
  assert.equal(records[0]!.kind, 'malformed');
  assert.match(records[0]!.reason!, /^frame too large \(681574\d\d bytes; frames over 64 MiB are not read\)$/);
  const ws = await runHar(['ws-messages', path]);
  assert.equal(ws.code, 0);
  assert.match(ws.stderr, /_webSocketMessages\[0\]: frame too large/);
});

test('issue 13 #3: the element limit of the reader is a parameter: only the big element comes as TooLarge', async () => {
  const source = bufferSource('small.har', Buffer.from(wsHar([{ type: 'send', time: 1, opcode: 1, data: 'y'.repeat(500) }, { type: 'send', time: 2, opcode: 1, data: 'ok' }])));
  const values = [];
  for await (const item of readHar(source, { project: new Map(), streamElementsOf: '_webSocketMessages', elementLimit: 400 })) {
    if (item.kind === 'element') values.push(item.value instanceof TooLarge ? `too large: ${item.value.size}` : item.value);
  }
  assert.deepEqual(values, ['too large: 545', { type: 'send', time: 2, opcode: 1, data: 'ok' }]);
});

test('issue 13 #4: --url (a+)+$ on a hostile URL ends in well under a second (RE2), bad RE2 syntax is exit 3', async () => {
  const path = file('redos.har', JSON.stringify({ log: { entries: [{ request: { url: `${'a'.repeat(40)}!` } }, { request: { url: 'aaa' } }] } }));
  const started = Date.now();
  const result = await runHar(['urls', '--raw', '--url', '(a+)+$', path]);
  assert.ok(Date.now() - started < 5000, 'no catastrophic backtracking');
  assert.equal(result.stdout, 'aaa\n');
  const back = await runHar(['urls', '--url', '(a)\\1', path]);
  assert.equal(back.code, 3);
  assert.match(back.stderr, /^har: bad --url regular expression "\(a\)\\\\1": .*invalid escape sequence/);
  const query = await runHar(['query', '$..[?(@.url.match(/(a+)+$/))]', path]);
  assert.equal(query.code, 3);
  assert.match(query.stderr, /refused JSONPath: regular expressions in filters are not run/);
  assert.equal((await runHar(['query', "$..[?(@.url.search('(a+)+$') > 0)]", path])).code, 3);
});

test('issue 13 #7: query and shape on JSON that is not a HAR exit 5 with the reader\'s words, as every other command; shape --any-json reads any JSON', async () => {
  const cases: [string, string][] = [
    ['{"log":{}}', 'not a HAR: no "log.entries" array'],
    ['null', 'not a HAR: the top-level value is not an object'],
    ['[1]', 'not a HAR: the top-level value is an array, not an object'],
    ['{"log":[]}', 'not a HAR: "log" is an array, not an object'],
    ['{"a":1}', 'not a HAR: no "log" object at the top level'],
  ];
  for (const [text, message] of cases) {
    const path = file('nothar.json', text);
    for (const command of [['query', '$..url'], ['urls'], ['shape'], ['shape', '--with-type', '--under', 'foo'], ['get', 'log']]) {
      const result = await runHar([...command, path]);
      assert.equal(result.code, 5, `${command.join(' ')} ${text}`);
      assert.equal(result.stderr, `har: ${path}: ${message}\n`, `${command.join(' ')} ${text}`);
      assert.equal(result.stdout, '', `${command.join(' ')} ${text}`);
    }
    const piped = await runHar(['shape'], { stdin: text });
    assert.deepEqual([piped.code, piped.stderr], [5, `har: <stdin>: ${message}\n`], `shape < ${text}`);
    const any = await runHar(['shape', '--any-json', path]);
    assert.deepEqual([any.code, any.stderr], [0, ''], `shape --any-json ${text}`);
  }
  const anyJson = await runHar(['shape', '--any-json', '--with-type'], { stdin: '{"log":{"n":1}}' });
  assert.equal(anyJson.stdout, 'log object\nlog/n integer\n');
});

/** The one line every command gives for a duplicated "log" or "log.entries" (after "PROGRAM: FILE: "). */
const twiceLine = (path: string) =>
  `not a HAR: "${path}" appears twice (duplicate key); JSON.parse would keep the last, but a streamed read hands out the first before it meets the second, so harknife refuses the file`;

test('issue 13 #9: two "log.entries" (or two "log") are refused by every command alike, from a file or a pipe, in one line that says why', async () => {
  const texts = {
    'log.entries': '{"log":{"entries":[{"request":{"url":"a"}}],"entries":[{"request":{"url":"b"}}]}}',
    log: '{"log":{"entries":[{"request":{"url":"a"}}]},"log":{"entries":[{"request":{"url":"b"}}]}}',
  };
  const commands = [['urls'], ['pick'], ['entries', '-f', 'json'], ['stats', '-f', 'json'], ['query', '$..url'], ['get', 'log/entries[]/request/url'], ['get', 'log'], ['ws-messages'], ['shape'], ['shape', '--stats']];
  for (const [path, text] of Object.entries(texts)) {
    const twice = file(`twice-${path}.har`, text);
    for (const argv of commands) {
      const fromFile = await runHar([...argv, twice]);
      assert.deepEqual([fromFile.code, fromFile.stderr], [5, `har: ${twice}: ${twiceLine(path)}\n`], `${argv.join(' ')} FILE`);
      const fromPipe = await runHar(argv, { stdin: text });
      assert.deepEqual([fromPipe.code, fromPipe.stderr], [5, `har: <stdin>: ${twiceLine(path)}\n`], `${argv.join(' ')} < FILE`);
    }
    const decoded = await kernel([twice]);
    assert.deepEqual([decoded.code, decoded.stderr], [5, `kernel-decode: ${twice}: ${twiceLine(path)}\n`], 'kernel-decode FILE');
    const decodedPipe = await kernel([], text);
    assert.deepEqual([decodedPipe.code, decodedPipe.stderr], [5, `kernel-decode: <stdin>: ${twiceLine(path)}\n`], 'kernel-decode < FILE');
  }
  // Not a HAR's structure: shape --any-json counts a repeated key once, with its own note.
  const any = await runHar(['shape', '--any-json'], { stdin: texts.log });
  assert.deepEqual([any.code, any.stderr], [0, 'har: <stdin>: 1 repeated key(s) inside an object; each counted once\n']);
});

test('issue 13 #9: other duplicate keys: the last one wins (as JSON.parse), said once', async () => {
  const keys = file('keys.har', '{"log":{"entries":[{"request":{"url":"a","url":"b"}},{"request":{"url":"c","url":"d"}}]}}');
  const result = await runHar(['pick', 'request/url', '-f', 'tsv', '--no-header', keys]);
  assert.equal(result.stdout, 'b\nd\n');
  assert.equal(result.stderr, `har: ${keys}: log.entries[0] has the key "url" twice: the last one wins (as in JSON.parse)\n`);
  const urls = await runHar(['urls', '--raw', keys]);
  assert.equal(urls.stdout, 'b\nd\n', 'captured values: JSON.parse, the last wins too');
  const query = await runHar(['query', '$..url', '--squash', '-r', keys]);
  assert.equal(query.stdout, 'b\nd\n');
});

test('issue 13 #10: a status of 1e999 is no status class; get with a bad path exits 3', async () => {
  const path = file('inf.har', '{"log":{"entries":[{"response":{"status":1e999}},{"response":{"status":404}}]}}');
  const stats = JSON.parse((await runHar(['stats', '-f', 'json', path])).stdout) as { groups: { status: { key: string }[] } };
  assert.deepEqual(stats.groups.status.map((g) => g.key).sort(), ['(none)', '4xx']);
  for (const bad of ['log/entries[', 'log/entries[0]/request', 'log/]']) {
    const result = await runHar(['get', bad, path]);
    assert.equal(result.code, 3, bad);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^har: bad path .* has a bracket/);
  }
});

test('issue 13 #11: --version is harknife\'s own, from any directory', () => {
  const own = (JSON.parse(spawnSync('npm', ['pkg', 'get', 'version'], { cwd: join(HAR_BIN, '../../../..') }).stdout.toString()) as string);
  const other = mkdtempSync(join(tmpdir(), 'harknife-version-'));
  try {
    writeFileSync(join(other, 'package.json'), '{"name":"other","version":"1.0.0"}');
    for (const bin of [HAR_BIN, KERNEL_BIN]) {
      for (const cwd of [other, '/tmp', '/']) {
        const result = spawnSync(process.execPath, [bin, '--version'], { cwd });
        assert.equal(result.stdout.toString(), `${own}\n`, `${bin} in ${cwd}`);
      }
    }
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
});

test('issue 13 #18: query -r without --squash is a usage error; a file over 512 MiB says so and exits 4', async () => {
  const small = file('small.har', '{"log":{"entries":[]}}');
  const raw = await runHar(['query', '$..url', '-r', small]);
  assert.equal(raw.code, 2);
  assert.match(raw.stderr, /^har: -r\/--raw needs --squash.*\(see 'har query --help'\)\n$/);
  const huge = file('huge.har', '');
  truncateSync(huge, 600 * 2 ** 20);
  const result = await runHar(['query', '$..url', huge]);
  assert.equal(result.code, 4);
  assert.match(result.stderr, /too big for 'query' \(over 512 MiB/);
});

test('issue 13 #5: stats leaves out a field over 1 MiB with a warning instead of holding it (a 3 MB URL)', async () => {
  const url = `http://big.test/${'a'.repeat(3 * 2 ** 20)}`;
  const path = file('bigurl.har', JSON.stringify({ log: { entries: [{ request: { url }, response: { status: 200 } }, { request: { url: 'http://small.test/' }, response: { status: 404 } }] } }));
  const result = await runHar(['stats', '-f', 'json', path]);
  assert.equal(result.code, 0);
  assert.equal(result.stderr, `har: ${path}: log.entries[0].request.url is ${url.length + 2} bytes, too large to read; left out\n`);
  const report = JSON.parse(result.stdout) as { entries: number; groups: { host: { key: string }[] } };
  assert.equal(report.entries, 2);
  assert.deepEqual(report.groups.host.map((g) => g.key).sort(), ['(none)', 'small.test']);
  const urls = await runHar(['urls', '--raw', path]);
  assert.equal(urls.stdout.split('\n')[0], url, 'a command that prints the URL still reads it whole');
});

test('issue 13 #5: kernel-decode and ws-messages leave out an entry field over 8 MiB they only classify by (a 9 MB URL), and still decode the frames', async () => {
  const url = `ws://big.test/api/kernels/k1/channels?session_id=${'a'.repeat(9 * 2 ** 20)}`;
  const frames = [{ type: 'receive', time: 1, opcode: 1, data: JSON.stringify({ header: { msg_id: 'm1', msg_type: 'status' }, parent_header: {}, metadata: {}, content: { execution_state: 'idle' }, channel: 'iopub' }) }];
  const small = JSON.parse(wsHar(frames)) as { log: { entries: { request: { url: string } }[] } };
  const big = structuredClone(small);
  big.log.entries[0]!.request.url = url;
  const path = file('bigwsurl.har', JSON.stringify({ log: { entries: [big.log.entries[0], small.log.entries[0]] } }));
  const said = `log.entries[0].request.url is ${url.length + 2} bytes, too large to read; left out\n`;
  const decoded = await kernel(['-f', 'ndjson', path]);
  assert.equal(decoded.code, 0);
  assert.equal(decoded.stderr, `kernel-decode: ${path}: ${said}`);
  const records = decoded.stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as { msg_type?: string; kernel_id?: string | null });
  assert.deepEqual(records.map((record) => [record.msg_type, record.kernel_id]), [['status', null], ['status', 'k1']]);
  const messages = await runHar(['ws-messages', path]);
  assert.equal(messages.code, 0);
  assert.equal(messages.stderr, `har: ${path}: ${said}`);
  assert.deepEqual(messages.stdout.split('\n').filter((line) => line !== '').map((line) => (JSON.parse(line) as { url: string | null }).url), [null, small.log.entries[0]!.request.url]);
});
