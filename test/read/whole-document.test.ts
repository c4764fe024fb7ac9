/**
 * The whole-document path (src/read/whole-document.ts) against the streaming reader: every
 * command that reads entries or frames gives the same stdout, stderr and exit code both ways, on
 * every sample, every input of the bad-input corpus, cuts of the samples, and inputs made to trip
 * each of the whole-document reader's refusals. The refusals themselves are checked too: the
 * samples are read whole (so the comparison compares two readers), the crafted inputs are not.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main as kernelDecodeMain } from '../../src/cli/kernel-decode.js';
import { ELEMENT_LIMIT, projectionOf } from '../../src/read/har.js';
import { WHOLE_DOCUMENT_LIMIT, setWholeDocumentLimit, wholeDocumentBatches, type WholeDocumentOptions } from '../../src/read/whole-document.js';
import { ROOT, runHar, runMain, type RunResult } from '../helpers/cli.js';
import { CONTEXT_FIELD_LIMIT } from '../../src/ws/stream.js';

const dir = mkdtempSync(join(tmpdir(), 'harknife-whole-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The commands compared: the readers of frames, which take the whole-document path (frames
 * alone, decoded, with the entries' bodies the session views ask for, redacted), and urls, a
 * reader of projected fields that always streams.
 */
const COMMANDS: [string, (file: string) => Promise<RunResult>][] = [
  ['ws-messages', (f) => runHar(['ws-messages', f])],
  ['kernel-decode', (f) => runMain(kernelDecodeMain, [f])],
  ['cells', (f) => runHar(['cells', '-f', 'ndjson', f])],
  ['timeline', (f) => runHar(['timeline', '-f', 'ndjson', f])],
  ['redact', (f) => runHar(['redact', '--salt', 'whole', f])],
  ['urls', (f) => runHar(['urls', '--raw', f])],
];

async function bothWays(file: string, label: string): Promise<void> {
  for (const [name, run] of COMMANDS) {
    setWholeDocumentLimit(0);
    let streamed: RunResult;
    try {
      streamed = await run(file);
    } finally {
      setWholeDocumentLimit(WHOLE_DOCUMENT_LIMIT);
    }
    const whole = await run(file);
    assert.deepEqual(whole, streamed, `${name} ${label}`);
  }
}

const OPTIONS: WholeDocumentOptions = { project: projectionOf([['request', 'url']]), streamKey: '_webSocketMessages', skipEntries: false, readValue: undefined, valueLimit: Infinity, badEntry: () => undefined };

async function readsWhole(path: string): Promise<boolean> {
  return (await wholeDocumentBatches({ name: path, path }, OPTIONS)) !== null;
}

const SAMPLES = readdirSync(join(ROOT, 'samples'))
  .filter((name) => name.endsWith('.har'))
  .map((name) => join(ROOT, 'samples', name));

test('every sample is read whole, and every command prints the same as when it is streamed', { timeout: 600_000 }, async () => {
  assert.ok(SAMPLES.length >= 10, `${SAMPLES.length} samples`);
  // The value limit a frame stream (ws-messages, kernel-decode, the views) reads with: at 1 MiB
  // it sent every sample over 1 MiB to the streaming reader.
  const frameStream = { ...OPTIONS, valueLimit: Math.min(ELEMENT_LIMIT, CONTEXT_FIELD_LIMIT) };
  for (const sample of SAMPLES) {
    assert.ok(await readsWhole(sample), `${sample} is read whole`);
    assert.notEqual(await wholeDocumentBatches({ name: sample, path: sample }, frameStream), null, `${sample} is read whole by a frame stream`);
    await bothWays(sample, sample);
  }
});

test('every input of the bad-input corpus gives the same output, warnings and exit code both ways', { timeout: 600_000 }, async () => {
  const inputs = join(ROOT, 'test', 'bad', 'inputs');
  const files = readdirSync(inputs);
  assert.ok(files.length >= 150, `${files.length} inputs`);
  for (const name of files) await bothWays(join(inputs, name), name);
});

test('cuts of a sample give the same error both ways', { timeout: 600_000 }, async () => {
  const bytes = readFileSync(join(ROOT, 'samples', 'notebook6-reload.har'));
  for (let i = 1; i <= 6; i++) {
    const at = Math.floor((bytes.length * i) / 7) + i;
    const path = join(dir, `cut-${at}.har`);
    writeFileSync(path, bytes.subarray(0, at));
    await bothWays(path, `cut at ${at}`);
  }
});

const FRAME = { type: 'send', time: 1700000000.5, opcode: 1, data: '{"header":{"msg_id":"a","msg_type":"kernel_info_request"},"parent_header":{},"metadata":{},"content":{},"channel":"shell"}' };
const WS_ENTRY = {
  request: { method: 'GET', url: 'ws://h/api/kernels/k1/channels?session_id=s1', headers: [] },
  response: { status: 101, headers: [{ name: 'Sec-WebSocket-Protocol', value: 'v1.kernel.websocket.jupyter.org' }] },
  _resourceType: 'websocket',
  _webSocketMessages: [FRAME],
};
const HTTP_ENTRY = { startedDateTime: '2024-01-01T00:00:00.000Z', time: 1, request: { method: 'GET', url: 'http://h/a', headers: [] }, response: { status: 200, headers: [], content: { size: 2, mimeType: 'text/plain', text: 'ok' } } };
const har = (entries: unknown[], log: Record<string, unknown> = {}) => JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, ...log, entries } });

/** [what, text, read whole?] */
const CRAFTED: [string, string, boolean][] = [
  ['a plain small HAR', har([HTTP_ENTRY, WS_ENTRY]), true],
  ['pretty-printed, with a BOM', `\ufeff${JSON.stringify(JSON.parse(har([HTTP_ENTRY, WS_ENTRY])), null, 2)}`, true],
  ['entries that are not objects', har([1, null, [HTTP_ENTRY], 'x', HTTP_ENTRY]), true],
  ['frames before request', har([{ _webSocketMessages: [FRAME, FRAME], request: WS_ENTRY.request, response: WS_ENTRY.response, _resourceType: 'websocket' }]), true],
  ['_webSocketMessages not an array', har([{ ...WS_ENTRY, _webSocketMessages: { 0: FRAME } }, { ...WS_ENTRY, _webSocketMessages: 'x' }]), true],
  ['log fields after entries', har([HTTP_ENTRY]).replace(/\}\}$/, ',"comment":"late","pages":[]}}'), true],
  ['a __proto__ key', har([HTTP_ENTRY]).replace('"request"', '"__proto__":{"x":1},"request"'), true],
  ['a __proto__ key twice', har([HTTP_ENTRY]).replace('"request"', '"__proto__":{"x":1},"__proto__":{"y":2},"request"'), false],
  ['two log objects', `{"log":{"entries":[]},"log":${har([HTTP_ENTRY]).slice(7)}`, false],
  ['two entries arrays', har([HTTP_ENTRY]).replace('"entries":', '"entries":[],"entries":'), false],
  ['a log key twice', har([HTTP_ENTRY]).replace('"version":"1.2"', '"version":"1.1","version":"1.2"'), false],
  ['an entry key twice', har([HTTP_ENTRY]).replace('"request":', '"request":{"url":"http://first"},"request":'), false],
  ['a nested key twice', har([HTTP_ENTRY]).replace('"url":"http://h/a"', '"url":"http://one","url":"http://h/a"'), false],
  ['a key twice in a skipped value', har([HTTP_ENTRY]).replace('"mimeType"', '"mimeType":"a","mimeType"'), false],
  ['an escaped colon', har([{ ...HTTP_ENTRY, comment: 'a\\u003ab' }]).replace('a\\\\u003ab', 'a\\u003ab'), false],
  ['an escaped key', har([HTTP_ENTRY]).replace('"request"', '"r\\u0065quest"'), true],
  ['an integer-like log key', har([HTTP_ENTRY], { 7: 'seven' }), false],
  ['an integer-like entry key', har([{ ...HTTP_ENTRY, 3: 'three' }]), false],
  ['deep nesting in a body', har([{ ...HTTP_ENTRY, deep: JSON.parse('['.repeat(1200) + ']'.repeat(1200)) }]), false],
  ['not UTF-8', har([{ ...HTTP_ENTRY, comment: 'CAF#' }]), false],
  ['trailing garbage', `${har([HTTP_ENTRY])} x`, false],
  ['top-level array', `[${har([HTTP_ENTRY])}]`, false],
  ['entries not an array', har([]).replace('"entries":[]', '"entries":{}'), false],
];

test('made inputs: read whole only when nothing could differ, and the same output both ways', { timeout: 600_000 }, async () => {
  for (const [what, text, whole] of CRAFTED) {
    const path = join(dir, `${what.replaceAll(/[^a-z]+/g, '-')}.har`);
    const bytes = Buffer.from(text);
    // A lone Latin-1 byte where UTF-8 needs a sequence.
    if (what === 'not UTF-8') bytes[bytes.indexOf('CAF#') + 3] = 0xc9;
    writeFileSync(path, bytes);
    assert.equal(await readsWhole(path), whole, what);
    await bothWays(path, what);
  }
});

test('files over the limit, over a reader\'s value limit, or read without streamElementsOf are streamed', async () => {
  const path = join(dir, 'limit.har');
  writeFileSync(path, har([HTTP_ENTRY]));
  assert.ok(await readsWhole(path));
  assert.equal(await wholeDocumentBatches({ name: path, path }, { ...OPTIONS, valueLimit: 100 }), null);
  assert.equal(await wholeDocumentBatches({ name: path, path }, { ...OPTIONS, streamKey: null }), null);
  setWholeDocumentLimit(100);
  try {
    assert.equal(await readsWhole(path), false);
  } finally {
    setWholeDocumentLimit(WHOLE_DOCUMENT_LIMIT);
  }
});
