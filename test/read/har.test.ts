import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ExitCode, FormatError } from '../../src/errors.js';
import { projectionOf, readEntries, readEntryBatches, readHar, readHarBatches, type HarItem, type ReadHarOptions } from '../../src/read/har.js';
import { bufferSource } from '../../src/read/input.js';
import { WHOLE_DOCUMENT_LIMIT, setWholeDocumentLimit } from '../../src/read/whole-document.js';
import { FEEDS, collectAll, fedSource } from '../helpers/feed.js';
import { seededRandom } from '../helpers/random.js';

const dir = mkdtempSync(join(tmpdir(), 'harknife-har-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const FRAMES = [
  { type: 'send', time: 1700000000.25, opcode: 1, data: '{"é":"中"}' },
  { type: 'receive', time: 1700000000.5, opcode: 2, data: 'AAEC' },
];
const PAGE_ENTRY = {
  pageref: 'p1',
  request: { method: 'GET', url: 'https://h.example/é?q=中', headers: [{ name: 'Accept', value: '*/*' }] },
  response: { status: 200, content: { mimeType: 'text/html', text: '<p>😀</p>' } },
  time: 1.5,
};
const SOCKET_ENTRY = {
  _resourceType: 'websocket',
  request: { method: 'GET', url: 'wss://h.example/api/kernels/k/channels' },
  response: { status: 101, headers: [] },
  _webSocketMessages: FRAMES,
};
/** Multibyte text in keys and values, log fields before and after the entries. */
const HAR = {
  log: {
    version: '1.2',
    creator: { name: 'créateur 中', version: '1' },
    pages: [{ id: 'p1', title: '😀 page' }],
    entries: [PAGE_ENTRY, SOCKET_ENTRY],
    comment: 'after the entries ✓',
  },
};
const HAR_TEXT = JSON.stringify(HAR, null, 1);

async function itemsOf(text: string, feed: (typeof FEEDS)[number], options: ReadHarOptions = {}): Promise<HarItem[]> {
  return collectAll(readHar(fedSource('t.har', text, feed), options));
}

for (const feed of FEEDS) {
  test(`readHar, fed ${feed.name}: a header item with the log fields before entries, each entry, an end item with all of them`, async () => {
    const { entries: _entries, ...log } = HAR.log;
    const { comment: _comment, ...before } = log;
    assert.deepEqual(await itemsOf(HAR_TEXT, feed), [
      { kind: 'header', file: 't.har', log: before },
      { kind: 'entry', file: 't.har', index: 0, entry: PAGE_ENTRY },
      { kind: 'entry', file: 't.har', index: 1, entry: SOCKET_ENTRY },
      { kind: 'end', file: 't.har', log, entryCount: 2 },
    ]);
  });

  test(`readHar, fed ${feed.name}: a projection keeps only the named keys, at any depth`, async () => {
    const project = projectionOf([['request', 'url'], ['response', 'status'], ['_resourceType'], ['response', 'content', 'mimeType']]);
    const entries = (await itemsOf(HAR_TEXT, feed, { project })).flatMap((item) => (item.kind === 'entry' ? [item.entry] : []));
    assert.deepEqual(entries, [
      { request: { url: 'https://h.example/é?q=中' }, response: { status: 200, content: { mimeType: 'text/html' } } },
      { _resourceType: 'websocket', request: { url: 'wss://h.example/api/kernels/k/channels' }, response: { status: 101 } },
    ]);
  });

  test(`readHar, fed ${feed.name}: streamElementsOf hands out each element with its position and the keys read before the array`, async () => {
    const project = projectionOf([['request', 'url']]);
    const items = await itemsOf(HAR_TEXT, feed, { project, streamElementsOf: '_webSocketMessages' });
    assert.deepEqual(items.map((item) => item.kind), ['header', 'entry', 'element', 'element', 'entry', 'end']);
    const elements = items.filter((item): item is HarItem & { kind: 'element' } => item.kind === 'element');
    assert.deepEqual(
      elements.map(({ file, index, key, position, value, keysBefore }) => ({ file, index, key, position, value, keysBefore: [...keysBefore] })),
      FRAMES.map((value, position) => ({ file: 't.har', index: 1, key: '_webSocketMessages', position, value, keysBefore: ['request'] })),
    );
    assert.equal(elements[0]!.entry.request?.url, 'wss://h.example/api/kernels/k/channels');
    // The streamed array is not kept in its entry.
    assert.deepEqual(items[4], { kind: 'entry', file: 't.har', index: 1, entry: { request: { url: 'wss://h.example/api/kernels/k/channels' } } });
  });
}

test('projectionOf: paths sharing a prefix share a node, and a shorter path keeps the whole value whatever the order', () => {
  assert.deepEqual(
    projectionOf([['request', 'url'], ['request', 'method'], ['response']]),
    new Map<string, unknown>([['request', new Map([['url', true], ['method', true]])], ['response', true]]),
  );
  const whole = new Map([['request', true]]);
  assert.deepEqual(projectionOf([['request', 'url'], ['request']]), whole);
  assert.deepEqual(projectionOf([['request'], ['request', 'url']]), whole);
  assert.deepEqual(projectionOf([]), new Map());
});

test('a projected key whose value is not an object is kept as it is', async () => {
  const text = JSON.stringify({ log: { entries: [{ request: 'not an object', response: null }, { request: [1, { url: 'x' }] }] } });
  const items = await collectAll(readEntries([fedSource('t.har', text, FEEDS[0]!)], { project: projectionOf([['request', 'url'], ['response', 'status']]) }));
  assert.deepEqual(items.map((item) => item.entry), [{ request: 'not an object', response: null }, { request: [1, { url: 'x' }] }]);
});

test('streamElementsOf: elements of any JSON type, keys before the array only, and nothing else of the entry without a projection', async () => {
  const text = JSON.stringify({ log: { entries: [{ a: 1, _webSocketMessages: [null, 'x', [1], { b: 2 }, 3.5], request: { url: 'u' } }, { _webSocketMessages: [] }] } });
  const items = await collectAll(readHar(fedSource('t.har', text, FEEDS[0]!), { streamElementsOf: '_webSocketMessages' }));
  assert.deepEqual(
    items.flatMap((item) => (item.kind === 'element' ? [[item.position, item.value, [...item.keysBefore]]] : [])),
    [[0, null, []], [1, 'x', []], [2, [1], []], [3, { b: 2 }, []], [4, 3.5, []]],
  );
  assert.deepEqual(items.flatMap((item) => (item.kind === 'entry' ? [item.entry] : [])), [{}, {}]);
});

test('streamElementsOf: keysBefore names what the projection kept before the array; a frames-first entry has none', async () => {
  const project = projectionOf([['request', 'url'], ['response', 'status']]);
  const text = JSON.stringify({
    log: { entries: [{ request: { url: 'a' }, response: { status: 101 }, _webSocketMessages: [1] }, { _webSocketMessages: [2], request: { url: 'b' } }] },
  });
  const items = await collectAll(readHar(fedSource('t.har', text, FEEDS[0]!), { project, streamElementsOf: '_webSocketMessages' }));
  assert.deepEqual(
    items.flatMap((item) => (item.kind === 'element' ? [[item.index, item.value, [...item.keysBefore].sort()]] : [])),
    [[0, 1, ['request', 'response']], [1, 2, []]],
  );
});

test('a streamed key that is not an array stays in its entry, for the caller to report', async () => {
  const text = JSON.stringify({ log: { entries: [{ _webSocketMessages: 'oops' }, { _webSocketMessages: { a: 1 } }] } });
  const items = await collectAll(readHar(fedSource('t.har', text, FEEDS[0]!), { streamElementsOf: '_webSocketMessages' }));
  assert.deepEqual(items.flatMap((item) => (item.kind === 'entry' ? [item.entry] : [])), [{ _webSocketMessages: 'oops' }, { _webSocketMessages: { a: 1 } }]);
  assert.equal(items.filter((item) => item.kind === 'element').length, 0);
});

test('skipEntries: only the header and the end, with the entries still counted', async () => {
  const items = await collectAll(readHar(fedSource('t.har', HAR_TEXT, FEEDS[0]!), { skipEntries: true }));
  assert.deepEqual(items.map((item) => item.kind), ['header', 'end']);
  const end = items[1]!;
  assert.ok(end.kind === 'end');
  assert.equal(end.entryCount, 2);
  assert.equal(end.log.comment, 'after the entries ✓');
});

const BAD_ENTRIES = '{"log":{"entries":[1,{"n":1},"s",null,[1,[2]],{"n":2},true,{"n":3}]}}';

for (const feed of FEEDS) {
  for (const [mode, project] of [['whole entries', null], ['a projection', projectionOf([['n']])]] as const) {
    test(`bad entries, ${mode}, fed ${feed.name}: each reported through onWarning with its index and skipped; good ones keep their index`, async () => {
      const warnings: string[] = [];
      const items = await collectAll(readHar(fedSource('bad.har', BAD_ENTRIES, feed), { project, onWarning: (message) => warnings.push(message) }));
      assert.deepEqual(
        items.flatMap((item) => (item.kind === 'entry' ? [[item.index, item.entry]] : [])),
        [[1, { n: 1 }], [5, { n: 2 }], [7, { n: 3 }]],
      );
      assert.deepEqual(warnings, [0, 2, 3, 4, 6].map((i) => `bad.har: log.entries[${i}] is not an object; skipped`));
      const end = items.at(-1)!;
      assert.ok(end.kind === 'end');
      assert.equal(end.entryCount, 8);
    });
  }
}

test('duplicate keys: the last one wins, as with JSON.parse, in whole and projected reads and in the log header', async () => {
  const text = '{"log":{"version":"1","version":"2","entries":[{"request":{"url":"a","url":"b"},"time":1,"request":{"url":"c","method":"GET"},"time":2}]}}';
  const parsed = JSON.parse(text) as { log: { version: string; entries: { request: { url: string } }[] } };
  for (const feed of FEEDS) {
    const whole = await collectAll(readHar(fedSource('d.har', text, feed)));
    assert.deepEqual(whole[0], { kind: 'header', file: 'd.har', log: { version: '2' } });
    assert.deepEqual(whole[1]!.kind === 'entry' && whole[1]!.entry, parsed.log.entries[0]);
    const projected = await collectAll(readEntries([fedSource('d.har', text, feed)], { project: projectionOf([['request', 'url'], ['time']]) }));
    assert.deepEqual(projected.map((item) => item.entry), [{ request: { url: 'c' }, time: 2 }]);
  }
});

test('__proto__ keys in entries become own properties, never a prototype change', async () => {
  const text = '{"log":{"entries":[{"__proto__":{"polluted":1},"request":{"__proto__":{"url":"x"}}}]}}';
  for (const project of [null, projectionOf([['request', '__proto__'], ['__proto__']])]) {
    const [item] = await collectAll(readEntries([fedSource('p.har', text, FEEDS[0]!)], { project }));
    const entry = item!.entry as Record<string, unknown>;
    assert.deepEqual(Object.keys(entry), ['__proto__', 'request']);
    assert.equal(Object.getPrototypeOf(entry), Object.prototype);
    assert.equal((entry as { polluted?: unknown }).polluted, undefined);
  }
});

test('a repeated log.entries key (or log key) is refused as not a HAR: a stream cannot take back the first array (issue 13 #9)', async () => {
  for (const [text, path] of [['{"log":{"entries":[{"n":1}],"entries":[{"n":2}]}}', 'log.entries'], ['{"log":{"entries":[]},"log":{"entries":[]}}', 'log']] as const) {
    await assert.rejects(collectAll(readHar(fedSource('r.har', text, FEEDS[0]!))), (error: unknown) => {
      assert.ok(error instanceof FormatError);
      assert.match(error.message, new RegExp(`^r\\.har: not a HAR: "${path.replace('.', '\\.')}" appears twice \\(duplicate key\\); JSON\\.parse would keep the last`));
      return true;
    });
  }
});

/** [input, message after "FILE: "] */
const NOT_A_HAR: [string, string][] = [
  ['1', 'not a HAR: the top-level value is not an object'],
  ['[{"log":{}}]', 'not a HAR: the top-level value is an array, not an object'],
  ['{"log":"x"}', 'not a HAR: "log" is not an object'],
  ['{"log":[]}', 'not a HAR: "log" is an array, not an object'],
  ['{"log":{"entries":{}}}', 'not a HAR: "log.entries" is not an array'],
  ['{"log":{"entries":"x"}}', 'not a HAR: "log.entries" is not an array'],
  ['{"other":{"entries":[]}}', 'not a HAR: no "log" object at the top level'],
  ['{"log":{"version":"1.2"}}', 'not a HAR: no "log.entries" array'],
  ['{"log":{"entries":[]}', 'not valid JSON: Unexpected end of JSON input (byte 21, line 1 column 22)'],
];

for (const [input, message] of NOT_A_HAR) {
  test(`not a HAR: ${input} is a FormatError (exit 5): ${message}`, async () => {
    await assert.rejects(collectAll(readHar(bufferSource('x.har', Buffer.from(input)))), (error: unknown) => {
      assert.ok(error instanceof FormatError);
      assert.equal(error.message, `x.har: ${message}`);
      assert.equal(error.exitCode, ExitCode.notJsonOrHar);
      return true;
    });
  });
}

test('entries read before a break in the JSON are handed out before the error', async () => {
  const text = '{"log":{"entries":[{"n":1},{"n":2},{"n":';
  const seen: number[] = [];
  await assert.rejects(async () => {
    for await (const item of readEntries([fedSource('cut.har', text, FEEDS[0]!)])) seen.push(item.index);
  }, /cut\.har: not valid JSON: Unexpected end of JSON input/);
  assert.deepEqual(seen, [0, 1]);
});

test('readEntries and readEntryBatches: the entries of several inputs in order, each with its file and index; no empty batch', async () => {
  const a = JSON.stringify({ log: { entries: [{ n: 'a0' }, { n: 'a1' }] } });
  const b = JSON.stringify({ log: { entries: [] } });
  const c = JSON.stringify({ log: { entries: [{ n: 'c0' }] } });
  const sources = () => [fedSource('a.har', a, FEEDS[1]!), fedSource('b.har', b, FEEDS[1]!), fedSource('c.har', c, FEEDS[1]!)];
  const expected = [
    { kind: 'entry', file: 'a.har', index: 0, entry: { n: 'a0' } },
    { kind: 'entry', file: 'a.har', index: 1, entry: { n: 'a1' } },
    { kind: 'entry', file: 'c.har', index: 0, entry: { n: 'c0' } },
  ];
  assert.deepEqual(await collectAll(readEntries(sources())), expected);
  const batches = await collectAll(readEntryBatches(sources()));
  assert.ok(batches.every((batch) => batch.length > 0));
  assert.deepEqual(batches.flat(), expected);
});

test('readHarBatches: batches are never empty, and their items are those of readHar', async () => {
  const batches = await collectAll(readHarBatches(fedSource('t.har', HAR_TEXT, FEEDS[1]!)));
  assert.ok(batches.every((batch) => batch.length > 0));
  assert.deepEqual(batches.flat(), await itemsOf(HAR_TEXT, FEEDS[0]!));
});

/** How many file descriptors of this process are open on `path` (Linux). */
function openFdsOn(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      // The descriptor readdirSync itself used is gone by now.
      return false;
    }
  }).length;
}

/** A HAR of `count` entries with incompressible bodies, so that gzip keeps it over one read chunk (1 MiB). */
function bigHar(count: number): string {
  const random = seededRandom(9);
  const body = () => Buffer.from(Array.from({ length: 3000 }, () => Math.floor(random() * 256))).toString('base64');
  return JSON.stringify({ log: { entries: Array.from({ length: count }, (_, i) => ({ request: { url: `https://h/${i}` }, response: { content: { text: body() } } })) } });
}

const BIG = bigHar(1000);
const BIG_GZIP = gzipSync(BIG);
/** One file per test, so that a file left open by one test cannot be counted by another. */
function bigFile(name: string, gzip = false): string {
  const path = join(dir, name);
  writeFileSync(path, gzip ? BIG_GZIP : BIG);
  return path;
}

test('the big test files span several read chunks, compressed too', () => {
  assert.ok(BIG.length > 3 << 20, `${BIG.length}`);
  assert.ok(BIG_GZIP.length > 2 << 20, `${BIG_GZIP.length}`);
});

/** Reads `path` and stops after `entries` entries; the file is seen open while it is read. */
async function breakAfter(path: string, entries: number): Promise<void> {
  let seen = 0;
  for await (const item of readHar({ name: path, path })) {
    if (item.kind !== 'entry') continue;
    if (++seen === 1) assert.equal(openFdsOn(path), 1, 'the file is open while it is read');
    if (seen === entries) break;
  }
  assert.equal(seen, entries);
}

/** These files are under the whole-document limit: the tests below are about the streaming reader, which holds its file open. */
async function streamed(run: () => Promise<void>): Promise<void> {
  setWholeDocumentLimit(0);
  try {
    await run();
  } finally {
    setWholeDocumentLimit(WHOLE_DOCUMENT_LIMIT);
  }
}

test('a break out of readEntries over two files closes both', () => streamed(async () => {
  const [first, second] = [bigFile('first.har'), bigFile('second.har')];
  let seen = 0;
  for await (const _item of readEntries([{ name: first, path: first }, { name: second, path: second }])) {
    if (++seen === 1) assert.deepEqual([openFdsOn(first), openFdsOn(second)], [1, 0]);
    if (seen === 1600) break;
  }
  assert.equal(seen, 1600);
  assert.deepEqual([openFdsOn(first), openFdsOn(second)], [0, 0]);
}));

test('a file read whole (a reader of frames) is closed before its first entry is handed out', async () => {
  const path = bigFile('whole.har');
  let seen = 0;
  for await (const item of readHar({ name: path, path }, { streamElementsOf: '_webSocketMessages' })) {
    if (item.kind !== 'entry') continue;
    assert.equal(openFdsOn(path), 0);
    if (++seen === 3) break;
  }
  assert.equal(seen, 3);
});

/** [how the read stops, file, entries read before the break] (the last two leaked the file before issue 13 #6/#21) */
const BREAKS: [string, string, number][] = [
  ['after the first read chunk, of a plain file', bigFile('late-break.har'), 600],
  ['inside the first read chunk, of a plain file', bigFile('early-break.har'), 3],
  ['of a gzip file', bigFile('break.har.gz', true), 600],
];

for (const [how, path, entries] of BREAKS) {
  test(`a break out of for await ${how} closes the file`, () => streamed(async () => {
    await breakAfter(path, entries);
    assert.equal(openFdsOn(path), 0);
  }));
}
