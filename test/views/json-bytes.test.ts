import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { jsonBytes } from '../../src/views/json-bytes.js';

const stringified = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

test('jsonBytes counts what JSON.stringify writes, escapes and lone surrogates included', () => {
  const samples: unknown[] = [
    { 'image/png': 'iVBORw0KGgo=', 'text/plain': '<Figure size 640x480 with 1 Axes>' },
    { 'text/html': '<table class="x">\n\t<tr>\\</tr>\u0001\u001f</table>' },
    ['\ud83d\ude00 é', '\ud800 lone', 'lone \udc00', '\udc00\ud800', -0, 1.5e300, 0.1, true, false, null, [], {}],
    { __proto__: null, a: { b: [1, { c: 'ü' }] } },
  ];
  for (const value of samples) assert.equal(jsonBytes(value), stringified(value));
});

test('jsonBytes agrees with JSON.stringify on arbitrary JSON', () => {
  fc.assert(fc.property(fc.jsonValue(), (value) => jsonBytes(value) === stringified(value)), { numRuns: 2000 });
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => jsonBytes({ [text]: text }) === stringified({ [text]: text })), { numRuns: 2000 });
});
