import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExitCode, ExpressionError, UsageError } from '../../src/errors.js';
import { filteredEntries } from '../../src/read/entries.js';
import type { EntryFilterOptions } from '../../src/select/filter.js';
import { FEEDS, collectAll, fedSource } from '../helpers/feed.js';

const ENTRIES = [
  { pageref: 'p1', _resourceType: 'document', request: { method: 'GET', url: 'https://h/é/index.html' }, response: { status: 200, content: { mimeType: 'text/html' } } },
  { pageref: 'p1', _resourceType: 'xhr', request: { method: 'POST', url: 'https://h/api/中' }, response: { status: 404, content: { mimeType: 'application/json' } } },
  { pageref: 'p2', _resourceType: 'websocket', request: { method: 'GET', url: 'wss://h/api/kernels/k/channels' }, response: { status: 101, content: { mimeType: 'x-unknown' } } },
  { pageref: 'p2', _resourceType: 'fetch', request: { method: 'get', url: 'https://h/api/contents' }, response: { status: 500, content: { mimeType: 'application/json; charset=utf-8' } } },
];
const HAR_TEXT = JSON.stringify({ log: { entries: ENTRIES } });

/** The indexes of the entries that pass `filters`, with the fields read limited to request.url. */
async function passing(filters: EntryFilterOptions, feed = FEEDS[0]!): Promise<number[]> {
  const items = await collectAll(filteredEntries([fedSource('f.har', HAR_TEXT, feed)], filters, { fields: [['request', 'url']] }));
  return items.map((item) => item.index);
}

/** [filters, indexes of the entries that pass] */
const CASES: [EntryFilterOptions, number[]][] = [
  [{}, [0, 1, 2, 3]],
  [{ url: '/api/' }, [1, 2, 3]],
  [{ url: '中$' }, [1]],
  [{ method: ['GET'] }, [0, 2, 3]],
  [{ method: ['post'] }, [1]],
  [{ status: ['4xx', '500'] }, [1, 3]],
  [{ status: ['100-299'] }, [0, 2]],
  [{ mime: ['JSON'] }, [1, 3]],
  [{ type: ['WebSocket', 'fetch'] }, [2, 3]],
  [{ page: ['p2'] }, [2, 3]],
  [{ url: '/api/', method: ['GET'], status: ['5xx'] }, [3]],
  [{ page: ['p1'], type: ['websocket'] }, []],
];

for (const feed of FEEDS) {
  test(`filteredEntries, fed ${feed.name}: each filter, and filters combined with AND`, async () => {
    for (const [filters, expected] of CASES) assert.deepEqual(await passing(filters, feed), expected, JSON.stringify(filters));
  });
}

test('filteredEntries: the fields a filter reads are read too, and nothing else beyond the fields asked for', async () => {
  const items = await collectAll(filteredEntries([fedSource('f.har', HAR_TEXT, FEEDS[0]!)], { status: ['404'], type: ['xhr'] }, { fields: [['request', 'url']] }));
  assert.deepEqual(items, [{ kind: 'entry', file: 'f.har', index: 1, entry: { _resourceType: 'xhr', request: { url: 'https://h/api/中' }, response: { status: 404 } } }]);
});

test('filteredEntries: fields null keeps entries whole', async () => {
  const items = await collectAll(filteredEntries([fedSource('f.har', HAR_TEXT, FEEDS[0]!)], { page: ['p2'] }, { fields: null }));
  assert.deepEqual(items.map((item) => item.entry), ENTRIES.slice(2));
});

test('filteredEntries: several inputs in order; a bad entry goes to onWarning and the rest is read', async () => {
  const warnings: string[] = [];
  const bad = '{"log":{"entries":[7,{"request":{"url":"https://h/api/b"}}]}}';
  const items = await collectAll(
    filteredEntries([fedSource('a.har', HAR_TEXT, FEEDS[0]!), fedSource('b.har', bad, FEEDS[0]!)], { url: 'api' }, { fields: [], onWarning: (message) => warnings.push(message) }),
  );
  assert.deepEqual(items.map((item) => [item.file, item.index]), [['a.har', 1], ['a.har', 2], ['a.har', 3], ['b.har', 1]]);
  assert.deepEqual(warnings, ['b.har: log.entries[0] is not an object; skipped']);
});

test('filteredEntries: stopped() is asked between batches, so a reader that went away ends the read', async () => {
  let yielded = 0;
  const stopped = () => yielded >= 1;
  // Fed one byte at a time, every entry comes in a batch of its own.
  for await (const _item of filteredEntries([fedSource('f.har', HAR_TEXT, FEEDS[1]!)], {}, { fields: [], stopped })) yielded++;
  assert.equal(yielded, 1);
  assert.deepEqual(await collectAll(filteredEntries([fedSource('f.har', HAR_TEXT, FEEDS[0]!)], {}, { fields: [], stopped: () => true })), []);
});

test('filteredEntries: a bad --url regex is an ExpressionError (3), a bad --status a UsageError (2), before anything is read', async () => {
  const never = { name: 'never.har', path: '/nonexistent/never.har' };
  await assert.rejects(collectAll(filteredEntries([never], { url: '(' }, { fields: [] })), (error: unknown) => {
    assert.ok(error instanceof ExpressionError);
    assert.equal(error.exitCode, ExitCode.badExpression);
    assert.match(error.message, /^bad --url regular expression "\(": error parsing regexp: missing closing \)/);
    return true;
  });
  await assert.rejects(collectAll(filteredEntries([never], { status: ['abc'] }, { fields: [] })), (error: unknown) => {
    assert.ok(error instanceof UsageError);
    assert.equal(error.message, 'bad --status "abc": use 404, 4xx or 500-599');
    return true;
  });
});
