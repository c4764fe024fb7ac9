import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getFromHar, planGet, type GetResult } from '../../src/select/get.js';
import { compilePath } from '../../src/select/path.js';
import { FEEDS, collectAll, fedSource } from '../helpers/feed.js';

/** [path, plan kind, for entries plans: the index asked for and the path left for each entry] */
const PLANS: [string, 'entries' | 'header' | 'document', number | null, string][] = [
  ['log/entries[]/request/url', 'entries', null, 'request/url'],
  ['/log/entries[]', 'entries', null, ''],
  ['log/entries/3/request', 'entries', 3, 'request'],
  ['log/entries/0', 'entries', 0, ''],
  ['log/version', 'header', null, ''],
  ['log/pages/0/id', 'header', null, ''],
  ['log/0', 'header', null, ''],
  ['log/entries', 'document', null, ''],
  ['log/entries/x', 'document', null, ''],
  ['log/pages[]/id', 'document', null, ''],
  ['log/*/x', 'document', null, ''],
  ['log', 'document', null, ''],
  ['', 'document', null, ''],
  ['entries[]/x', 'document', null, ''],
];

for (const [text, kind, only, rest] of PLANS) {
  test(`planGet ${JSON.stringify(text)}: ${kind}${kind === 'entries' ? ` (${only ?? 'each'}, then ${JSON.stringify(rest)})` : ''}`, () => {
    const path = compilePath(text);
    const plan = planGet(path);
    assert.equal(plan.kind, kind);
    if (plan.kind === 'entries') {
      assert.equal(plan.only, only);
      assert.deepEqual(plan.rest, { text, segments: compilePath(rest).segments });
    }
  });
}

const HAR = {
  log: {
    version: '1.2',
    creator: { name: 'Chrome', version: '1' },
    pages: [{ id: 'page_1' }],
    entries: [
      { request: { url: 'https://h/é', headers: [{ name: 'a' }, { name: 'b' }] }, response: { status: 200 } },
      { request: { url: 'https://h/中' }, response: { status: 404 } },
    ],
  },
};
const TEXT = JSON.stringify(HAR);

async function resultValue(result: GetResult): Promise<unknown> {
  return result.kind === 'value' ? result.value : collectAll(result.values);
}

/** [path, default, kind of result, its value] */
const GETS: [string, unknown, GetResult['kind'], unknown][] = [
  ['log/entries[]/request/url', null, 'each', ['https://h/é', 'https://h/中']],
  ['log/entries[]/request/headers[]/name', null, 'each', [['a', 'b'], null]],
  ['log/entries[]/response/missing', 0, 'each', [0, 0]],
  ['log/entries[]', null, 'each', HAR.log.entries],
  ['log/entries/1/response/status', null, 'value', 404],
  ['log/entries/7/response/status', 'none', 'value', 'none'],
  ['log/creator/name', null, 'value', 'Chrome'],
  ['log/pages/0/id', null, 'value', 'page_1'],
  ['log/missing', 'D', 'value', 'D'],
  ['log/entries', null, 'value', HAR.log.entries],
  ['log/pages[]/id', null, 'value', ['page_1']],
  ['', null, 'value', HAR],
];

for (const feed of FEEDS) {
  test(`getFromHar, fed ${feed.name}: each plan gives the value jqfpy's get() would`, async () => {
    for (const [path, fallback, kind, expected] of GETS) {
      const result = await getFromHar(fedSource('g.har', TEXT, feed), compilePath(path), { fallback });
      assert.equal(result.kind, kind, path);
      assert.deepEqual(await resultValue(result), expected, path);
    }
  });
}

test('getFromHar: a bad entry is reported when entries are read, and header paths never read them', async () => {
  const text = '{"log":{"version":"1.2","entries":[3,{"request":{"url":"u"}}],"comment":"c"}}';
  const warnings: string[] = [];
  const onWarning = (message: string) => warnings.push(message);
  const each = await getFromHar(fedSource('w.har', text, FEEDS[0]!), compilePath('log/entries[]/request/url'), { onWarning });
  assert.deepEqual(await resultValue(each), ['u']);
  assert.deepEqual(warnings, ['w.har: log.entries[0] is not an object; skipped']);
  warnings.length = 0;
  const header = await getFromHar(fedSource('w.har', text, FEEDS[0]!), compilePath('log/comment'), { onWarning });
  assert.deepEqual(header, { kind: 'value', value: 'c' });
  assert.deepEqual(warnings, []);
});
