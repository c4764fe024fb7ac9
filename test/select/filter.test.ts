import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExitCode, ExpressionError, UsageError } from '../../src/errors.js';
import type { HarEntry } from '../../src/read/har.js';
import { compileFilter, filterFields, listOf, parseStatus, type EntryFilterOptions } from '../../src/select/filter.js';

/** [--status value, [low, high]] */
const STATUSES: [string, [number, number]][] = [
  ['404', [404, 404]],
  ['0', [0, 0]],
  ['4xx', [400, 499]],
  ['1XX', [100, 199]],
  ['500-599', [500, 599]],
  ['200-200', [200, 200]],
  ['0-999', [0, 999]],
];

for (const [text, range] of STATUSES) {
  test(`parseStatus ${JSON.stringify(text)} is ${range[0]}..${range[1]}`, () => {
    assert.deepEqual(parseStatus(text), range);
  });
}

test('parseStatus: anything else is a usage error (exit 2) that says what is accepted', () => {
  for (const text of ['abc', '', '6xx', '0xx', 'x4x', '4x', '1000', '599-500', '200-', '-1', ' 404', '4xx-5xx', '2.0']) {
    assert.throws(() => parseStatus(text), (error: unknown) => {
      assert.ok(error instanceof UsageError, text);
      assert.equal(error.exitCode, ExitCode.usage);
      assert.equal(error.message, `bad --status ${JSON.stringify(text)}: use 404, 4xx or 500-599`);
      return true;
    });
  }
});

test('listOf: repeated and comma-separated values, trimmed, empty ones dropped', () => {
  assert.deepEqual(listOf(['4xx,500', ' 302 ', ',,', 'a, b']), ['4xx', '500', '302', 'a', 'b']);
  assert.deepEqual(listOf(undefined), []);
  assert.deepEqual(listOf([]), []);
});

test('filterFields: the key paths each given filter reads, and none for absent or empty ones', () => {
  assert.deepEqual(filterFields({}), []);
  assert.deepEqual(filterFields({ method: [], status: [], mime: [], type: [], page: [] }), []);
  assert.deepEqual(filterFields({ url: '', method: ['GET'], status: ['200'], mime: ['json'], type: ['xhr'], page: ['p'] }), [
    ['request', 'url'],
    ['request', 'method'],
    ['response', 'status'],
    ['response', 'content', 'mimeType'],
    ['_resourceType'],
    ['pageref'],
  ]);
});

test('compileFilter: no filters is null (nothing to test per entry)', () => {
  assert.equal(compileFilter({}), null);
  assert.equal(compileFilter({ method: [], status: [','] }), null);
});

const GOOD: HarEntry = {
  pageref: 'page_1',
  _resourceType: 'xhr',
  request: { method: 'post', url: 'https://h/api/Kernels?x=1' },
  response: { status: 201, content: { mimeType: 'Application/JSON' } },
};
/** Entries as a capture may hold them: fields missing, null or of the wrong type. */
const ODD: unknown[] = [
  {},
  { request: null, response: null },
  { request: { url: 5, method: ['post'] }, response: { status: '201', content: { mimeType: null } }, pageref: 1, _resourceType: {} },
  { request: 'https://h/api/Kernels?x=1', response: { status: null, content: 'json' }, pageref: ['page_1'], _resourceType: ['xhr'] },
];

/** [filters, does GOOD pass] — every odd entry fails every one of them without throwing. */
const PREDICATES: [EntryFilterOptions, boolean][] = [
  [{ url: 'api/kernels' }, false],
  [{ url: 'KERNELS' }, false],
  [{ url: 'api/K' }, true],
  [{ url: '^https://h/api/Kernels\\?x=1$' }, true],
  [{ method: ['POST'] }, true],
  [{ method: ['GET,Post'] }, true],
  [{ method: ['get'] }, false],
  [{ status: ['2xx'] }, true],
  [{ status: ['200-200', '201'] }, true],
  [{ status: ['202-299'] }, false],
  [{ mime: ['json'] }, true],
  [{ mime: ['APPLICATION/'] }, true],
  [{ mime: ['text'] }, false],
  [{ type: ['XHR'] }, true],
  [{ type: ['fetch'] }, false],
  [{ page: ['page_1'] }, true],
  [{ page: ['PAGE_1'] }, false],
  [{ url: 'api', method: ['POST'], status: ['2xx'], mime: ['json'], type: ['xhr'], page: ['page_1'] }, true],
  [{ url: 'api', method: ['POST'], status: ['2xx'], mime: ['json'], type: ['xhr'], page: ['page_2'] }, false],
];

for (const [filters, passes] of PREDICATES) {
  test(`compileFilter ${JSON.stringify(filters)}: ${passes ? 'passes' : 'rejects'} the entry; odd entries are rejected, never thrown on`, () => {
    const predicate = compileFilter(filters);
    assert.ok(predicate !== null);
    assert.equal(predicate(GOOD), passes);
    for (const entry of ODD) assert.equal(predicate(entry as HarEntry), false, JSON.stringify(entry));
  });
}

test('compileFilter: --url runs on RE2 (linear time): a catastrophic pattern answers at once, lookaround is refused (issue 13 #4)', () => {
  const predicate = compileFilter({ url: '(a+)+$' })!;
  assert.equal(predicate({ request: { url: `${'a'.repeat(5000)}!` } } as HarEntry), false);
  assert.equal(predicate({ request: { url: 'aaa' } } as HarEntry), true);
  assert.throws(() => compileFilter({ url: '(?=a)' }), ExpressionError);
});

test('compileFilter: a bad --url regular expression is a bad expression (exit 3)', () => {
  assert.throws(() => compileFilter({ url: '([a-z]' }), (error: unknown) => {
    assert.ok(error instanceof ExpressionError);
    assert.equal(error.exitCode, ExitCode.badExpression);
    assert.equal(error.message, 'bad --url regular expression "([a-z]": error parsing regexp: missing closing ): `([a-z]` (RE2 syntax: no backreferences or lookaround)');
    return true;
  });
});
