/**
 * Strict base64 is checked by decoding (src/ws/base64.ts); the character-by-character rule it
 * replaced is the oracle here: the same verdict on every text, and the bytes Node decodes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { base64ByteLength, decodeBase64, decodeBase64Transient, isStrictBase64 } from '../../src/ws/base64.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** What Node's decoder reads or skips besides the alphabet: base64url, padding, blanks, low bytes of wide characters. */
const TRICKY = ['=', '-', '_', ' ', '\n', '.', '\u0000', '\u00c1', '\u0141', '\u012b', '\ud83d', '\u{1f600}'];

function strictByRule(text: string): boolean {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return false;
  const remainder = text.length % 4;
  return remainder !== 1 && (remainder === 0 || !text.endsWith('='));
}

const character = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...ALPHABET) }, { weight: 1, arbitrary: fc.constantFrom(...TRICKY) });
const texts = fc.tuple(fc.array(character, { maxLength: 14 }), fc.constantFrom('', '=', '==', '===')).map(([chars, padding]) => chars.join('') + padding);

test('strict base64: the verdict of the character rule on every text, and the bytes Node decodes', () => {
  fc.assert(
    fc.property(texts, (text) => {
      const strict = strictByRule(text);
      assert.equal(isStrictBase64(text), strict, JSON.stringify(text));
      const bytes = decodeBase64(text);
      if (!strict) {
        assert.equal(bytes, null);
        assert.equal(decodeBase64Transient(text), null);
        assert.equal(base64ByteLength(text), null);
        return;
      }
      assert.deepEqual(bytes, Buffer.from(text, 'base64'));
      assert.deepEqual(Buffer.from(decodeBase64Transient(text)!), Buffer.from(text, 'base64'));
      const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
      assert.equal(base64ByteLength(text), Math.floor(((text.length - padding) * 3) / 4));
    }),
    { seed: 14, numRuns: 20000 },
  );
});

test('strict base64: wide characters whose low byte is in the alphabet are refused', () => {
  // U+0141 is 0x41 ('A') in its low byte: Node would decode it as an A.
  assert.equal(isStrictBase64('\u0141QQQ'), false);
  assert.equal(isStrictBase64('QUJD'), true);
  assert.equal(decodeBase64('Q-Q='), null);
  assert.equal(base64ByteLength('QQ==QQ=='), null);
});

test('decodeBase64 gives bytes of its own; the transient bytes are overwritten by the next call', () => {
  const text = Buffer.from('kernel frame bytes').toString('base64');
  const kept = decodeBase64(text)!;
  const transient = decodeBase64Transient(text)!;
  assert.deepEqual(Buffer.from(transient), Buffer.from('kernel frame bytes'));
  assert.equal(base64ByteLength(Buffer.from('another frame, longer').toString('base64')), 21);
  assert.notDeepEqual(Buffer.from(transient), Buffer.from('kernel frame bytes'));
  assert.deepEqual(kept, Buffer.from('kernel frame bytes'));
  // A caller writing into its bytes changes nothing the next caller gets.
  kept.fill(0);
  assert.deepEqual(decodeBase64(text), Buffer.from('kernel frame bytes'));
  // Past the shared buffer's size the bytes are a fresh buffer, transient or not.
  const big = Buffer.alloc(2 ** 20 + 3, 7);
  assert.deepEqual(decodeBase64Transient(big.toString('base64')), big);
  assert.equal(base64ByteLength(big.toString('base64')), big.length);
});
