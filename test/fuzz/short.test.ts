/** The fuzz properties, briefly, as part of `npm test` (`npm run fuzz` runs a million cases). */
import { test } from 'node:test';
import fc from 'fast-check';
import { escaping, framesProperty, loadRealFrames, scannerOnGenerated, scannerOnMutated } from './properties.js';

const RUNS = 400;

test('fuzz (short): the scanner accepts what JSON.parse accepts and builds the same value, on generated JSON', () => {
  fc.assert(scannerOnGenerated, { numRuns: RUNS });
});

test('fuzz (short): the scanner agrees with JSON.parse on mutated JSON', () => {
  fc.assert(scannerOnMutated, { numRuns: RUNS * 2 });
});

test('fuzz (short): a mutated real frame is one record, never a throw', async () => {
  fc.assert(framesProperty(await loadRealFrames()), { numRuns: RUNS });
});

test('fuzz (short): no control character survives the terminal escaping', () => {
  fc.assert(escaping, { numRuns: RUNS });
});
