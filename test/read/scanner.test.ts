import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChunks, ValueBuilder } from '../../src/read/build.js';
import { JsonScanner, type ScannerOptions } from '../../src/read/scanner.js';
import { Action, ScanError, type ScanListener } from '../../src/read/scan-listener.js';
import { randomInt, randomSplit, seededRandom } from '../helpers/random.js';
import { viaJsonParse, viaScanner, type Outcome } from '../helpers/json-oracle.js';

const STRING_PIECES = ['a', 'é', '中文', '😀', '\\', '"', '\n', '\t', '\u0001', '/', 'ab cd', '\u2028', ''];
const NUMBER_TEXTS = ['0', '-0', '1', '-1', '1.5', '1e3', '1E-7', '-0.0', '12345678901234567890', '1.0', '2.5e+10'];

function randomString(random: () => number): string {
  let s = '';
  const n = randomInt(random, 6);
  for (let i = 0; i < n; i++) s += STRING_PIECES[randomInt(random, STRING_PIECES.length)];
  return s;
}

/** Random JSON text (not values), so that number spellings like 1.0 and 1e3 appear. */
function randomJson(random: () => number, depth: number): string {
  const pick = randomInt(random, depth > 3 ? 5 : 7);
  const ws = () => [' ', '', '\n', '\t ', '\r\n'][randomInt(random, 5)]!;
  switch (pick) {
    case 0:
      return JSON.stringify(randomString(random));
    case 1:
      return NUMBER_TEXTS[randomInt(random, NUMBER_TEXTS.length)]!;
    case 2:
      return ['true', 'false', 'null'][randomInt(random, 3)]!;
    case 3:
      return JSON.stringify(randomString(random));
    case 4:
      return String(randomInt(random, 100000) / 7);
    case 5: {
      const items = Array.from({ length: randomInt(random, 5) }, () => ws() + randomJson(random, depth + 1) + ws());
      return `[${items.join(',')}]`;
    }
    default: {
      const members = Array.from(
        { length: randomInt(random, 5) },
        () => `${ws()}${JSON.stringify(randomString(random))}${ws()}:${ws()}${randomJson(random, depth + 1)}`,
      );
      return `{${members.join(',')}}`;
    }
  }
}

function splitEvery(bytes: Buffer, size: number): Buffer[] {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return parts;
}


test('scanner equals JSON.parse on 3000 random documents, whole and in 1, 3 and 7 byte chunks', () => {
  const random = seededRandom(1);
  for (let n = 0; n < 3000; n++) {
    const bytes = Buffer.from(randomJson(random, 0));
    const expected = viaJsonParse(bytes);
    assert.equal(expected.ok, true);
    for (const size of [bytes.length || 1, 1, 3, 7]) {
      assert.deepEqual(viaScanner(splitEvery(bytes, size)), expected, bytes.toString());
    }
  }
});

test('scanner accepts and rejects exactly what JSON.parse does on 20000 mutated documents', () => {
  const random = seededRandom(2);
  const alphabet = Buffer.from('{}[]:,"\\ 0123456789-+.eEtruefalsn\u00e9\u0001\n');
  for (let n = 0; n < 20000; n++) {
    const bytes = Buffer.from(randomJson(random, 0));
    const mutated = Buffer.from(bytes);
    const edits = 1 + randomInt(random, 3);
    let text = mutated;
    for (let e = 0; e < edits; e++) {
      const at = randomInt(random, text.length + 1);
      const kind = randomInt(random, 3);
      const byte = Buffer.from([alphabet[randomInt(random, alphabet.length)]!]);
      if (kind === 0) text = Buffer.concat([text.subarray(0, at), byte, text.subarray(at)]);
      else if (kind === 1) text = Buffer.concat([text.subarray(0, at), text.subarray(at + 1)]);
      else if (at < text.length) text = Buffer.concat([text.subarray(0, at), byte, text.subarray(at + 1)]);
    }
    const expected = viaJsonParse(text);
    for (const size of [text.length || 1, 2]) {
      assert.deepEqual(viaScanner(splitEvery(text, size)), expected, JSON.stringify(text.toString('latin1')));
    }
  }
});

test('a document split at every byte position gives the same value', () => {
  const doc = Buffer.from(
    JSON.stringify({ a: [1, 2.5, -3e2, 'x\u00e9\ud83d\ude00"\\'], b: { c: null, d: true, e: false }, 'k\n': '' }),
  );
  const expected = JSON.parse(doc.toString());
  for (let at = 0; at <= doc.length; at++) {
    assert.deepEqual(parseChunks([doc.subarray(0, at), doc.subarray(at)]), expected, `split at ${at}`);
  }
});

test('errors carry the byte offset of the problem', () => {
  const cases: [string, number, RegExp][] = [
    ['{"a":1,}', 7, /expected a key/],
    ['[1 2]', 3, /expected ","/],
    ['{"a" 1}', 5, /expected ":"/],
    ['[tru]', 4, /in literal/],
    ['[01]', 1, /Bad number/],
    ['["a\u0001"]', 3, /control character/],
    ['{"a":[1,2', 9, /end of JSON input/],
    ['', 0, /end of JSON input/],
    ['{} x', 3, /after the end/],
  ];
  for (const [text, offset, reason] of cases) {
    assert.throws(
      () => parseChunks([Buffer.from(text)]),
      (error: unknown) => error instanceof ScanError && error.offset === offset && reason.test(error.reason),
      text,
    );
  }
});

test('__proto__ keys become own properties, as with JSON.parse', () => {
  const value = parseChunks([Buffer.from('{"__proto__":{"x":1}}')]) as Record<string, unknown>;
  assert.deepEqual(Object.keys(value), ['__proto__']);
  assert.equal(({} as Record<string, unknown>)['x'], undefined);
});

// Long strings: the scanner hands string content longer than a few dozen bytes to a WebAssembly
// SIMD search that also steps over escapes. These cases compare that path (with its default
// window, and with tiny windows so that runs, escapes and chunks straddle window edges) and the
// plain JavaScript loop against JSON.parse, on valid and broken documents.

const LONG_PIECES = [
  'abcdefghijklmnopqrstuvwxyz0123456789', 'é', '中文', '😀', ' ', '/', '~', '\u007f', '\u2028',
  '\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t', '\\u00e9', '\\u0000', '\\uD83D\\uDE00', '\\uabcd', '\\uABCD',
];
const BROKEN_PIECES = ['\u0001', '\n', '\t', '\u001f', '\\x', '\\u12', '\\u12g4', '\\U0041', '\\', '\\ ', '"', '\\u', '\\\u0001'];

/** Raw JSON string content (already escaped) of about `length` bytes. */
function longContent(random: () => number, length: number): string {
  let s = '';
  while (Buffer.byteLength(s) < length) {
    const r = random();
    s += r < 0.5 ? LONG_PIECES[0]!.slice(0, 1 + randomInt(random, 36)) : LONG_PIECES[randomInt(random, LONG_PIECES.length)]!;
  }
  return s;
}

function longDocument(random: () => number): string {
  const parts: string[] = [];
  const count = 1 + randomInt(random, 4);
  for (let k = 0; k < count; k++) {
    const length = [0, 15, 16, 17, 31, 32, 33, 48, 100, 1000, 5000][randomInt(random, 11)]! + randomInt(random, 40);
    parts.push(`"${longContent(random, length)}"`);
  }
  return `{"k${longContent(random, randomInt(random, 80))}": [${parts.join(', ')}], "n": 1}`;
}

type ScanMode = { name: string; options: ScannerOptions };
const MODES: ScanMode[] = [
  { name: 'simd', options: {} },
  { name: 'simd window 16', options: { simdWindow: 16 } },
  { name: 'simd window 37', options: { simdWindow: 37 } },
  { name: 'simd window 256', options: { simdWindow: 256 } },
  { name: 'javascript', options: { simd: false } },
];

function scanWith(chunks: Buffer[], options: ScannerOptions): Outcome {
  const builder = new ValueBuilder();
  const scanner = new JsonScanner(builder, options);
  try {
    for (const chunk of chunks) scanner.write(chunk);
    scanner.end();
    return { ok: true, value: builder.value };
  } catch (error) {
    assert.ok(error instanceof ScanError, `scanner threw a non-ScanError: ${String(error)}`);
    return { ok: false };
  }
}

test('long strings: every scan mode equals JSON.parse on 1500 documents, whole and split anywhere', () => {
  const random = seededRandom(3);
  for (let n = 0; n < 1500; n++) {
    const bytes = Buffer.from(longDocument(random));
    const expected = viaJsonParse(bytes);
    assert.equal(expected.ok, true, bytes.toString());
    const splits = [[bytes], randomSplit(random, bytes), randomSplit(random, bytes)];
    for (const mode of MODES) {
      for (const chunks of splits) assert.deepEqual(scanWith(chunks, mode.options), expected, `${mode.name}: ${bytes.toString()}`);
    }
  }
});

test('long strings: every scan mode accepts and rejects exactly what JSON.parse does on 3000 broken documents', () => {
  const random = seededRandom(4);
  let rejected = 0;
  for (let n = 0; n < 3000; n++) {
    const text = longDocument(random);
    // Break a string somewhere in its middle: a control byte, a bad or cut escape, a stray quote.
    const at = 10 + randomInt(random, Math.max(1, text.length - 20));
    const broken = Buffer.from(text.slice(0, at) + BROKEN_PIECES[randomInt(random, BROKEN_PIECES.length)] + text.slice(at));
    const expected = viaJsonParse(broken);
    if (!expected.ok) rejected++;
    for (const mode of MODES) {
      for (const chunks of [[broken], randomSplit(random, broken)]) {
        assert.deepEqual(scanWith(chunks, mode.options), expected, `${mode.name}: ${JSON.stringify(broken.toString('latin1'))}`);
      }
    }
  }
  assert.ok(rejected > 1000, `only ${rejected} broken documents were invalid`);
});

test('long strings: errors point at the same byte with and without SIMD', () => {
  const random = seededRandom(5);
  for (let n = 0; n < 500; n++) {
    const text = longDocument(random);
    const at = 10 + randomInt(random, Math.max(1, text.length - 20));
    const broken = Buffer.from(text.slice(0, at) + BROKEN_PIECES[randomInt(random, BROKEN_PIECES.length)] + text.slice(at));
    const offsets = MODES.map((mode) => {
      try {
        scanWith(randomSplit(random, broken), mode.options);
        const scanner = new JsonScanner(new ValueBuilder(), mode.options);
        scanner.write(broken);
        scanner.end();
        return null;
      } catch (error) {
        return error instanceof ScanError ? `${error.offset} ${error.reason}` : String(error);
      }
    });
    assert.ok(offsets.every((o) => o === offsets[0]), `${JSON.stringify(offsets)} for ${JSON.stringify(broken.toString('latin1'))}`);
  }
});

/** Reads `bytes` skipping every element of the root array: "ok" or where and why it failed. */
function skipWith(bytes: Buffer, options: ScannerOptions): string {
  const skipper: ScanListener = {
    beginValue: (depth) => (depth === 0 ? Action.Descend : Action.Skip),
    onKey: () => undefined,
    onOpen: () => undefined,
    onClose: () => undefined,
    onScalar: () => undefined,
    onCapture: () => undefined,
  };
  try {
    const scanner = new JsonScanner(skipper, options);
    scanner.write(bytes);
    scanner.end();
    return 'ok';
  } catch (error) {
    assert.ok(error instanceof ScanError, String(error));
    return `${error.offset} ${error.reason}`;
  }
}

test('backslash runs of every length, at every place in a 16-byte step, end or escape as JSON.parse says', () => {
  // The vector loop works out escaped bytes 16 at a time, carrying an open escape into the next
  // step: runs of backslashes (odd and even), then what follows them, from every alignment. The
  // scanner reads a string's first plain bytes itself (SHORT_RUN), so the runs come after 64.
  const endings = ['"', '\\"', 'n', 'u00e9', 'u12g4', 'x', '\u0001', '\n'];
  let cases = 0;
  for (let lead = 64; lead < 98; lead++) {
    for (let run = 0; run <= 6; run++) {
      for (const ending of endings) {
        const content = `${'a'.repeat(lead)}${'\\'.repeat(run)}${ending}${'z'.repeat(40)}`;
        const bytes = Buffer.from(`["${content}", 1]`);
        const expected = viaJsonParse(bytes);
        const label = JSON.stringify(bytes.toString('latin1'));
        for (const mode of MODES) assert.deepEqual(scanWith([bytes], mode.options), expected, `${mode.name}: ${label}`);
        // Skipped, the string goes to WebAssembly from its first byte (skip calls scan).
        const skipped = MODES.map((mode) => skipWith(bytes, mode.options));
        assert.ok(skipped.every((outcome) => outcome === skipped[0]), `${JSON.stringify(skipped)}: ${label}`);
        assert.equal(skipped[0] === 'ok', expected.ok, label);
        cases++;
      }
    }
  }
  assert.equal(cases, 34 * 7 * 8);
});

test('a long string split at every byte position gives the same value in every scan mode', () => {
  const content = `${'x'.repeat(40)}\\"é\\u00e9${'b'.repeat(20)}\\n😀\\uD83D\\uDE00${'c'.repeat(33)}\\\\`;
  const doc = Buffer.from(`["${content}", "${content}"]`);
  const expected = JSON.parse(doc.toString()) as unknown;
  for (const mode of MODES) {
    for (let at = 0; at <= doc.length; at++) {
      assert.deepEqual(scanWith([doc.subarray(0, at), doc.subarray(at)], mode.options), { ok: true, value: expected }, `${mode.name}, split at ${at}`);
    }
  }
});
