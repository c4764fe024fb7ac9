import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExitCode, ExpressionError } from '../../src/errors.js';
import { checkQuery, runQuery } from '../../src/select/query.js';

/** [expression, message] for expressions refused before anything is evaluated. */
const REFUSED: [string, string][] = [
  ['log.entries', 'bad JSONPath "log.entries": it must start with "$"'],
  ['', 'bad JSONPath "": it must start with "$"'],
  ['$[', 'bad JSONPath "$[": unbalanced brackets, parentheses or quotes'],
  ['$.log.entries[0', 'bad JSONPath "$.log.entries[0": unbalanced brackets, parentheses or quotes'],
  ["$..[?(@.x=='a)]", `bad JSONPath "$..[?(@.x=='a)]": unbalanced brackets, parentheses or quotes`],
  ['$..x)', 'bad JSONPath "$..x)": unbalanced brackets, parentheses or quotes'],
  ['$[?(@.a])', 'bad JSONPath "$[?(@.a])": unbalanced brackets, parentheses or quotes'],
  ['$..[?(@.constructor)]', 'refused JSONPath: "constructor" is not allowed (no code runs from queries)'],
  ["$['constructor']['prototype']", 'refused JSONPath: "constructor" is not allowed (no code runs from queries)'],
  ['$..__proto__', 'refused JSONPath: "__proto__" is not allowed (no code runs from queries)'],
  ['$..[?(@.prototype)]', 'refused JSONPath: "prototype" is not allowed (no code runs from queries)'],
  ['$[?(@.__defineGetter__)]', 'refused JSONPath: "__defineGetter__" is not allowed (no code runs from queries)'],
  ['$[?(@.__lookupGetter__)]', 'refused JSONPath: "__lookupGetter__" is not allowed (no code runs from queries)'],
];

for (const [expression, message] of REFUSED) {
  test(`checkQuery refuses ${JSON.stringify(expression)} as a bad expression (exit 3)`, () => {
    for (const run of [() => checkQuery(expression), () => runQuery(expression, {})]) {
      assert.throws(run, (error: unknown) => {
        assert.ok(error instanceof ExpressionError);
        assert.equal(error.exitCode, ExitCode.badExpression);
        assert.equal(error.message, message);
        return true;
      });
    }
  });
}

test('checkQuery accepts brackets and quotes inside strings, and words that only contain a refused one', () => {
  for (const expression of ["$..[?(@.name=='x]')]", '$..[?(@.name=="a\\"(b")]', '$.constructors', '$.my_constructor', '$..entries[*]']) {
    assert.doesNotThrow(() => checkQuery(expression), expression);
  }
});

const DOCUMENT = {
  log: {
    entries: [
      { request: { url: 'a' }, response: { content: { mimeType: 'image/png', size: 1 } } },
      { request: { url: 'b' }, response: { content: null } },
      { response: { content: { mimeType: 'text/html', size: 5 } } },
    ],
  },
};

/** [expression, matches as [normalised path, value]] */
const QUERIES: [string, [string, unknown][]][] = [
  ['$.log.entries[*].request.url', [["$['log']['entries'][0]['request']['url']", 'a'], ["$['log']['entries'][1]['request']['url']", 'b']]],
  ['$..url', [["$['log']['entries'][0]['request']['url']", 'a'], ["$['log']['entries'][1]['request']['url']", 'b']]],
  ['$..[?(@.mimeType=="image/png")]', [["$['log']['entries'][0]['response']['content']", { mimeType: 'image/png', size: 1 }]]],
  ['$..[?(@.size > 3)].mimeType', [["$['log']['entries'][2]['response']['content']['mimeType']", 'text/html']]],
  ['$.log.entries[-1:].response.content.size', [["$['log']['entries'][2]['response']['content']['size']", 5]]],
  ['$.log.missing', []],
  ['$', [['$', DOCUMENT]]],
];

for (const [expression, matches] of QUERIES) {
  test(`runQuery ${expression}`, () => {
    assert.deepEqual(runQuery(expression, DOCUMENT), matches.map(([path, value]) => ({ path, value })));
  });
}

test('runQuery: nothing in a filter runs as code; what the safe interpreter cannot read is a bad expression or no match', () => {
  const global = globalThis as Record<string, unknown>;
  assert.deepEqual(runQuery('$..[?(globalThis.harknifeRan = 1)]', DOCUMENT), []);
  assert.throws(() => runQuery('$[?(@ && (function(){ globalThis.harknifeRan = 2 })())]', DOCUMENT), (error: unknown) => {
    assert.ok(error instanceof ExpressionError);
    assert.match(error.message, /^bad JSONPath "\$\[\?\(@ && \(function\(\)\{ globalThis\.harknifeRan = 2 \}\)\(\)\)\]": /);
    return true;
  });
  assert.equal(global['harknifeRan'], undefined);
});
