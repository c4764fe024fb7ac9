import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonScanner, type ScannerOptions } from '../../src/read/scanner.js';
import { Action, MAX_NESTING, ScalarKind, ScanError, type ScanListener } from '../../src/read/scan-listener.js';
import { KeyFilter } from '../../src/read/string-simd.js';
import { randomInt, randomSplit, seededRandom } from '../helpers/random.js';

// Values a listener skips or captures are read by WebAssembly (string-simd.ts, skipQuiet) until
// they end or a token needs JavaScript. These tests let a listener skip, capture and descend at
// random and compare every mode (WebAssembly with its default window, with tiny windows so that
// tokens straddle window edges, and JavaScript alone) event by event, error by error, and
// against JSON.parse, on valid and broken documents cut into chunks anywhere. Each document is
// also read with a key filter on the objects at even depths (ScanListener.wantedKeys): members
// with other keys are stepped over unannounced, and every mode must agree on that too.

type Event = string;

/** Descends, skips or captures by a seeded sequence; logs what it is told. */
class SamplingListener implements ScanListener {
  readonly events: Event[] = [];
  private readonly random: () => number;

  constructor(
    seed: number,
    private readonly wanted: KeyFilter | null,
  ) {
    this.random = seededRandom(seed);
  }

  wantedKeys(depth: number): KeyFilter | null {
    return depth % 2 === 0 ? this.wanted : null;
  }

  beginValue(depth: number): Action {
    const r = this.random();
    const action = depth === 0 ? Action.Descend : r < 0.4 ? Action.Descend : r < 0.7 ? Action.Skip : Action.Capture;
    this.events.push(`begin ${depth} ${action}`);
    return action;
  }

  onKey(key: string, depth: number): void {
    this.events.push(`key ${depth} ${JSON.stringify(key)}`);
  }

  onOpen(isArray: boolean, depth: number): void {
    this.events.push(`open ${depth} ${isArray}`);
  }

  onClose(isArray: boolean, depth: number): void {
    this.events.push(`close ${depth} ${isArray}`);
  }

  onScalar(kind: ScalarKind, bytes: Buffer, start: number, end: number): void {
    this.events.push(`scalar ${kind} ${bytes.toString('utf8', start, end)}`);
  }

  onCapture(bytes: Buffer, depth: number): void {
    // A capture is exactly one JSON value.
    this.events.push(`capture ${depth} ${JSON.stringify(JSON.parse(bytes.toString('utf8')))}`);
  }
}

const MODES: { name: string; options: ScannerOptions }[] = [
  { name: 'wasm', options: {} },
  { name: 'wasm window 16', options: { simdWindow: 16 } },
  { name: 'wasm window 61', options: { simdWindow: 61 } },
  { name: 'wasm window 1000', options: { simdWindow: 1000 } },
  { name: 'javascript', options: { simd: false } },
];

type Outcome = { ok: true; events: Event[] } | { ok: false; error: string; events: Event[] };

/** Plain, escaped (a quote, a backslash, a tab), multi-byte and absent keys of randomText's members. */
const WANTED = new KeyFilter(['m0', 'm2', 'a', 'é中文😀', 'quote " and backslash \\', 'tab\tnewline\n', 'not a key']);

function scan(chunks: Buffer[], options: ScannerOptions, seed: number, wanted: KeyFilter | null): Outcome {
  const listener = new SamplingListener(seed, wanted);
  const scanner = new JsonScanner(listener, options);
  try {
    for (const chunk of chunks) scanner.write(chunk);
    scanner.end();
    return { ok: true, events: listener.events };
  } catch (error) {
    assert.ok(error instanceof ScanError, `not a ScanError: ${String(error)}`);
    return { ok: false, error: `${error.offset} ${error.reason}`, events: listener.events };
  }
}

const NUMBERS = ['0', '-0', '7', '-12', '1.5', '-0.25', '1e3', '1E-7', '2.5e+10', '12345678901234567890', '0.000001', '1.0'];
const STRINGS = ['', 'a', 'plain text', 'é中文😀', 'quote " and backslash \\', 'tab\tnewline\n', '\u0001\u001f', 'x'.repeat(40), 'y'.repeat(300)];

function randomText(random: () => number, depth: number): string {
  const pick = randomInt(random, depth > 5 ? 4 : 7);
  const space = () => ['', ' ', '\n  ', '\t', '\r\n    '][randomInt(random, 5)]!;
  switch (pick) {
    case 0:
      return JSON.stringify(STRINGS[randomInt(random, STRINGS.length)]! + (random() < 0.3 ? 'z'.repeat(randomInt(random, 80)) : ''));
    case 1:
      return NUMBERS[randomInt(random, NUMBERS.length)]!;
    case 2:
      return ['true', 'false', 'null'][randomInt(random, 3)]!;
    case 3:
      return String(randomInt(random, 1_000_000) / 13);
    case 4:
    case 5: {
      const items = Array.from({ length: randomInt(random, 6) }, () => space() + randomText(random, depth + 1) + space());
      return `[${items.join(',')}]`;
    }
    default: {
      const members = Array.from({ length: randomInt(random, 6) }, () => `${space()}${JSON.stringify(STRINGS[randomInt(random, STRINGS.length)])}${space()}:${space()}${randomText(random, depth + 1)}`);
      return `{${members.join(',')}}`;
    }
  }
}

/** A document with an object at the top, so that most values are below a skip or capture. */
function randomDocument(random: () => number): Buffer {
  const members = Array.from({ length: 1 + randomInt(random, 5) }, (_, k) => `"m${k}": ${randomText(random, 1)}`);
  return Buffer.from(`{${members.join(',\n')}}`);
}

function parses(bytes: Buffer): boolean {
  try {
    JSON.parse(bytes.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

function assertModesAgree(bytes: Buffer, chunkings: Buffer[][], seed: number): Outcome {
  let outcome: Outcome | null = null;
  for (const wanted of [null, WANTED]) {
    const reference = scan([bytes], { simd: false }, seed, wanted);
    assert.equal(reference.ok, parses(bytes), `javascript vs JSON.parse: ${JSON.stringify(bytes.toString('latin1'))}`);
    if (outcome !== null && !outcome.ok && !reference.ok) assert.equal(reference.error, outcome.error, 'the filter moved an error');
    outcome ??= reference;
    for (const mode of MODES) {
      for (const chunks of chunkings) {
        const filtered = wanted === null ? '' : ', filtered';
        assert.deepEqual(scan(chunks, mode.options, seed, wanted), reference, `${mode.name}${filtered}, chunks ${chunks.map((c) => c.length).join('+')}: ${JSON.stringify(bytes.toString('latin1'))}`);
      }
    }
  }
  return outcome!;
}

test('skipped and captured values: every mode gives the same events as JavaScript on 2000 documents', () => {
  const random = seededRandom(11);
  for (let n = 0; n < 2000; n++) {
    const bytes = randomDocument(random);
    const outcome = assertModesAgree(bytes, [[bytes], randomSplit(random, bytes, 4), randomSplit(random, bytes, 5)], n);
    assert.equal(outcome.ok, true);
  }
});

test('skipped and captured values: every mode rejects the same byte for the same reason on 6000 broken documents', () => {
  const random = seededRandom(12);
  const alphabet = Buffer.from('{}[]:,"\\ \n0123456789-+.eEtruefalsn\u0001x');
  let rejected = 0;
  for (let n = 0; n < 6000; n++) {
    let text = randomDocument(random);
    for (let e = 1 + randomInt(random, 2); e > 0; e--) {
      const at = randomInt(random, text.length + 1);
      const byte = Buffer.from([alphabet[randomInt(random, alphabet.length)]!]);
      const kind = randomInt(random, 3);
      if (kind === 0) text = Buffer.concat([text.subarray(0, at), byte, text.subarray(at)]);
      else if (kind === 1) text = Buffer.concat([text.subarray(0, at), text.subarray(at + 1)]);
      else text = Buffer.concat([text.subarray(0, at), byte, text.subarray(at + 1)]);
    }
    if (!assertModesAgree(text, [[text], randomSplit(random, text, 4)], n).ok) rejected++;
  }
  assert.ok(rejected > 3000, `only ${rejected} of the broken documents were invalid`);
});

test('a document split at every byte position gives the same events in every mode', () => {
  const doc = Buffer.from(
    JSON.stringify({ a: [1, -2.5e-3, 'x'.repeat(50), { b: [true, false, null, '"\\\u00e9'] }], c: { d: [[], {}], e: 12345 }, f: 'tail' }, null, 2),
  );
  for (let at = 0; at <= doc.length; at++) {
    assertModesAgree(doc, [[doc.subarray(0, at), doc.subarray(at)]], at);
  }
});

test('nesting deeper than the limit inside a skipped value stops at the same byte in every mode', () => {
  const doc = Buffer.from(`{"skip": ${'['.repeat(MAX_NESTING + 5)}${']'.repeat(MAX_NESTING + 5)}}`);
  const always = (action: Action): ScanListener => ({
    beginValue: (depth) => (depth === 0 ? Action.Descend : action),
    onKey: () => {},
    onOpen: () => {},
    onClose: () => {},
    onScalar: () => {},
    onCapture: () => {},
  });
  for (const action of [Action.Skip, Action.Capture]) {
    const errors = MODES.map((mode) => {
      const scanner = new JsonScanner(always(action), mode.options);
      try {
        scanner.write(doc);
        scanner.end();
        return 'no error';
      } catch (error) {
        return error instanceof ScanError ? `${error.offset} ${error.reason} ${error.overLimit}` : String(error);
      }
    });
    assert.deepEqual(errors, MODES.map(() => `${9 + MAX_NESTING - 1} nesting deeper than ${MAX_NESTING} levels true`));
  }
});
