/**
 * Issue 13 #5: a descended string over a listener's stringLimit is counted, never held: the
 * listener gets its head, raw size and code point length, whatever the chunk boundaries.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodePointCounter, codePointLength } from '../../src/read/code-points.js';
import { JsonScanner } from '../../src/read/scanner.js';
import { Action, LONG_STRING_HEAD, type ScanListener } from '../../src/read/scan-listener.js';
import { FEEDS } from '../helpers/feed.js';
import { randomSplit, seededRandom } from '../helpers/random.js';

interface Seen {
  strings: string[];
  long: { head: string; size: number; codePoints: number; escaped: boolean }[];
}

function listener(seen: Seen, stringLimit: number): ScanListener {
  return {
    stringLimit,
    beginValue: () => Action.Descend,
    onKey: () => undefined,
    onOpen: () => undefined,
    onClose: () => undefined,
    onScalar: (kind, bytes, start, end) => {
      if (kind === 1) seen.strings.push(bytes.toString('latin1', start, end));
    },
    onCapture: () => undefined,
    onLongString: (head, size, codePoints, escaped) => seen.long.push({ head: head.toString('latin1'), size, codePoints, escaped }),
  };
}

function scan(chunks: Buffer[], stringLimit: number): Seen {
  const seen: Seen = { strings: [], long: [] };
  const scanner = new JsonScanner(listener(seen, stringLimit));
  for (const chunk of chunks) scanner.write(chunk);
  scanner.end();
  return seen;
}

/** Raw string contents with escapes, surrogate pairs (escaped and not) and multibyte UTF-8. */
const RAW = [
  'plain ascii text that goes on for a while',
  'caf\u00e9 \u{1f600} \\u00e9 \\ud83d\\ude00 \\n\\t\\"\\\\ \\ud800 lone, \\udc00 lone',
  '\\u0041\\u0042'.repeat(40),
  'x'.repeat(300),
];

test('strings over the limit come as head, size and code points; shorter ones as scalars; keys never', () => {
  for (const raw of RAW) {
    const bytes = Buffer.from(raw, 'utf8');
    const doc = Buffer.from(`{"${'k'.repeat(80)}":["short","${raw}"]}`, 'utf8');
    const expected = codePointLength(bytes, 0, bytes.length, raw.includes('\\'));
    assert.equal(expected, [...(JSON.parse(`"${raw}"`) as string)].length, `codePointLength of ${raw.slice(0, 30)}`);
    for (const feed of FEEDS) {
      const seen = scan(feed.chunks(doc), 64);
      if (bytes.length > 64) {
        assert.deepEqual(seen.strings, ['short'], feed.name);
        assert.deepEqual(seen.long, [{ head: bytes.subarray(0, LONG_STRING_HEAD).toString('latin1'), size: bytes.length, codePoints: expected, escaped: raw.includes('\\') }], `${feed.name}: ${raw.slice(0, 30)}`);
      } else {
        assert.deepEqual(seen.long, [], feed.name);
        assert.deepEqual(seen.strings, ['short', bytes.toString('latin1')], feed.name);
      }
    }
  }
});

test('the head is the first LONG_STRING_HEAD bytes, the size every byte, for a string of many chunks', () => {
  const raw = Buffer.from(`${'\\u00e9é'.repeat(5000)}${'z'.repeat(3_000_000)}`, 'utf8');
  const doc = Buffer.concat([Buffer.from('["'), raw, Buffer.from('"]')]);
  const random = seededRandom(5);
  const seen = scan(randomSplit(random, doc, 40), 100_000);
  assert.equal(seen.long.length, 1);
  assert.equal(seen.long[0]!.head, raw.subarray(0, LONG_STRING_HEAD).toString('latin1'));
  assert.equal(seen.long[0]!.size, raw.length);
  assert.equal(seen.long[0]!.codePoints, 10_000 + 3_000_000);
});

test('CodePointCounter: fed in pieces cut anywhere (inside escapes and pairs), it counts as codePointLength does whole', () => {
  const random = seededRandom(13);
  for (const raw of RAW) {
    const bytes = Buffer.from(raw, 'utf8');
    const whole = codePointLength(bytes, 0, bytes.length, true);
    for (let round = 0; round < 50; round++) {
      const counter = new CodePointCounter();
      for (const piece of randomSplit(random, bytes, 8)) counter.add(piece, 0, piece.length);
      assert.equal(counter.count, whole, raw.slice(0, 30));
    }
  }
});
