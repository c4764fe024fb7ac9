import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExitCode, ExpressionError } from '../../src/errors.js';
import { compilePath, compilePick, evaluatePath, iterate, pick, pickRows, pickedValue, projectionKeys, type PathSegment } from '../../src/select/path.js';

/** [path text, its segments] */
const COMPILED: [string, PathSegment[]][] = [
  ['', []],
  ['/', []],
  ['//a', [{ kind: 'key', key: 'a' }]],
  ['log/entries[]/request/url', [{ kind: 'key', key: 'log' }, { kind: 'map', key: 'entries' }, { kind: 'key', key: 'request' }, { kind: 'key', key: 'url' }]],
  ['a/0/b', [{ kind: 'key', key: 'a' }, { kind: 'index', key: '0', index: 0 }, { kind: 'key', key: 'b' }]],
  ['[]/[]', [{ kind: 'map', key: null }, { kind: 'map', key: null }]],
  ['*/x', [{ kind: 'first-child' }, { kind: 'key', key: 'x' }]],
  ['*[]/x', [{ kind: 'all-children' }, { kind: 'key', key: 'x' }]],
  ['a~1b/c~0d/~01', [{ kind: 'key', key: 'a/b' }, { kind: 'key', key: 'c~d' }, { kind: 'key', key: '~1' }]],
  ['a~1b[]', [{ kind: 'map', key: 'a/b' }]],
  ['a//b', [{ kind: 'key', key: 'a' }, { kind: 'key', key: '' }, { kind: 'key', key: 'b' }]],
  ['0x1/-1/07', [{ kind: 'key', key: '0x1' }, { kind: 'key', key: '-1' }, { kind: 'index', key: '07', index: 7 }]],
];

for (const [text, segments] of COMPILED) {
  test(`compilePath ${JSON.stringify(text)}`, () => {
    assert.deepEqual(compilePath(text), { text, segments });
  });
}

test('compilePath: a control character is a bad expression (exit 3)', () => {
  for (const text of ['a\nb', 'a\u0000', '\u001b[31m']) {
    assert.throws(() => compilePath(text), (error: unknown) => {
      assert.ok(error instanceof ExpressionError);
      assert.equal(error.exitCode, ExitCode.badExpression);
      assert.equal(error.message, `bad path ${JSON.stringify(text)}: control character`);
      return true;
    });
  }
});

const DOCUMENT = {
  log: { entries: [{ request: { url: 'u0', headers: [{ name: 'a' }, { name: 'b' }] } }, { request: { url: 'u1' } }, { response: {} }] },
  s: 'h😀',
  n: null,
  f: false,
  o: { x: { k: 1 }, y: { z: 2 }, w: { k: 3 } },
  arr: [[1, 2], [3]],
  numbered: { '0': 'zero' },
  'a/b': 1,
  '~': 2,
};

/** [path, fallback, value]: jqfpy's get() where it answers, the fallback where jqfpy raises. */
const EVALUATED: [string, unknown, unknown][] = [
  ['', null, DOCUMENT],
  ['log/entries[]/request/url', null, ['u0', 'u1', null]],
  ['log/entries[]/request/url', 'D', ['u0', 'u1', 'D']],
  ['log/entries[]/request/headers[]/name', null, [['a', 'b'], null, null]],
  ['log/entries/1/request/url', null, 'u1'],
  ['log/entries/9/request', null, null],
  ['arr[]', null, [[1, 2], [3]]],
  ['arr[]/[]', null, [[1, 2], [3]]],
  ['arr/1/0', null, 3],
  ['arr/5', 'D', 'D'],
  ['s[]', null, ['h', '😀']],
  ['o[]', null, ['x', 'y', 'w']],
  ['o/*/k', null, 1],
  ['o/*/z', null, 2],
  ['o/*/q', 'D', 'D'],
  ['o/*[]/k', null, [1, 3]],
  ['o/*', null, DOCUMENT.o],
  ['arr/*/1', null, 2],
  ['numbered/0', null, 'zero'],
  ['a~1b', null, 1],
  ['~0', null, 2],
  ['f', 'D', false],
  ['n', 'D', null],
  ['n/x', 'D', 'D'],
  ['n[]', 'D', 'D'],
  ['n/*', 'D', 'D'],
  ['n/*[]', 'D', 'D'],
  ['s/x', 'D', 'D'],
  ['missing[]', 'D', 'D'],
  ['log/entries/x', 'D', 'D'],
  ['constructor', 'D', 'D'],
  ['o/x/__proto__', 'D', 'D'],
  ['o/toString', 'D', 'D'],
];

for (const [path, fallback, expected] of EVALUATED) {
  test(`evaluatePath ${JSON.stringify(path)}${fallback === null ? '' : ` with default ${JSON.stringify(fallback)}`}`, () => {
    assert.deepEqual(evaluatePath(compilePath(path), DOCUMENT, fallback), expected);
  });
}

test('iterate: what Python iterates — elements, characters (whole code points), keys; null otherwise', () => {
  assert.deepEqual(iterate([1, [2]]), [1, [2]]);
  assert.deepEqual(iterate('aé😀'), ['a', 'é', '😀']);
  assert.deepEqual(iterate({ b: 1, a: 2 }), ['b', 'a']);
  for (const value of [null, 1, true, undefined]) assert.equal(iterate(value), null);
});

/** [path, keys an entry projection must keep (null: the whole entry)] */
const PROJECTIONS: [string, string[] | null][] = [
  ['request/url', ['request', 'url']],
  ['request/headers[]/name', ['request', 'headers']],
  ['a/0/b', ['a', '0']],
  ['a/*/b', ['a']],
  ['*/b', null],
  ['[]', null],
  ['', null],
];

for (const [path, keys] of PROJECTIONS) {
  test(`projectionKeys ${JSON.stringify(path)}: ${JSON.stringify(keys)}`, () => {
    assert.deepEqual(projectionKeys(compilePath(path)), keys);
  });
}

/** [pick text, path read, output keys] */
const PICKS: [string, string, string[]][] = [
  ['request/url', 'request/url', ['request', 'url']],
  ['u@request/url', 'request/url', ['u']],
  ['request/url@u', 'request/url', ['u']],
  ['a/b@c/d', 'c/d', ['a', 'b']],
  ['whole@', '', ['whole']],
  ['headers[]', 'headers[]', ['headers[]']],
  ['a~1b@x', 'x', ['a/b']],
  ['e@mail@x', 'x', ['e@mail']],
];

for (const [text, access, build] of PICKS) {
  test(`compilePick ${JSON.stringify(text)} reads ${JSON.stringify(access)} into ${build.join('/')}`, () => {
    const spec = compilePick(text);
    assert.equal(spec.text, text);
    assert.deepEqual(spec.access, compilePath(access));
    assert.deepEqual(spec.build, build);
  });
}

test('compilePick: an empty key in the output path is a bad expression', () => {
  for (const text of ['@x', 'a//b', 'a/', 'a//b@c/d']) {
    assert.throws(() => compilePick(text), { name: 'ExpressionError', message: `bad pick ${JSON.stringify(text)}: empty key in the output path` });
  }
});

const ENTRY = { request: { method: 'GET', url: 'https://h/' }, response: { status: 200 } };

test('pick: nesting kept, renames flat, misses filled with the default', () => {
  const specs = ['request/method', 'u@request/url', 'r/s@response/status', 'r/t@response/missing'].map(compilePick);
  assert.deepEqual(pick(specs, ENTRY), { request: { method: 'GET' }, u: 'https://h/', r: { s: 200, t: null } });
  assert.deepEqual(pick(specs, ENTRY, 0), { request: { method: 'GET' }, u: 'https://h/', r: { s: 200, t: 0 } });
  assert.deepEqual(pick(specs, null, 'D'), { request: { method: 'D' }, u: 'D', r: { s: 'D', t: 'D' } });
});

test('pick: a later pick under a key that holds a value replaces it with an object', () => {
  assert.deepEqual(pick(['a@request/method', 'a/b@response/status'].map(compilePick), ENTRY), { a: { b: 200 } });
});

test('pick: __proto__ in an output path is an own key, never a prototype change', () => {
  const picked = pick([compilePick('__proto__/x@request/method')], ENTRY);
  assert.equal(JSON.stringify(picked), '{"__proto__":{"x":"GET"}}');
  assert.equal(Object.getPrototypeOf(picked), Object.prototype);
  assert.equal(({} as Record<string, unknown>)['x'], undefined);
});

test('pickedValue and pickRows: one column per pick, named by its output path', () => {
  const specs = ['request/method', 'u@request/url', 'r/s@response/status'].map(compilePick);
  const picked = pick(specs, ENTRY);
  assert.deepEqual(specs.map((spec) => pickedValue(spec, picked)), ['GET', 'https://h/', 200]);
  assert.equal(pickedValue(compilePick('nope/x'), picked), null);
  const rows = pickRows(specs);
  assert.deepEqual(rows.columns.map((column) => column.header), ['request/method', 'u', 'r/s']);
  assert.deepEqual(rows.columns.map((column) => column.value(picked)), ['GET', 'https://h/', 200]);
});
