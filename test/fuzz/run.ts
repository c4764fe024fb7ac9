/**
 * `npm run fuzz`: at least a million cases over the fuzz properties, with a fresh seed each run
 * (printed, so a failure reproduces: FUZZ_SEED=… npm run fuzz). FUZZ_CASES changes the total.
 */
import fc from 'fast-check';
import { escaping, framesProperty, loadRealFrames, scannerOnGenerated, scannerOnMutated } from './properties.js';

// `node --test dist/test/` loads every file under test/: only `npm run fuzz` (which passes --run) runs this.
if (!process.argv.includes('--run')) process.exit(0);
const total = Number(process.env['FUZZ_CASES'] ?? 1_000_000);
const seed = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);
const frames = await loadRealFrames();
const plan: [string, fc.IProperty<never> | fc.IPropertyWithHooks<never>, number][] = [
  ['scanner vs JSON.parse, generated', scannerOnGenerated as never, 0.3],
  ['scanner vs JSON.parse, mutated', scannerOnMutated as never, 0.3],
  ['frame codecs, mutated real frames', framesProperty(frames) as never, 0.2],
  ['terminal escaping', escaping as never, 0.2],
];
let done = 0;
console.log(`fuzz: seed ${seed}, ${total} cases, ${frames.length} real frames`);
for (const [name, property, share] of plan) {
  const runs = Math.ceil(total * share);
  const started = Date.now();
  const result = fc.check(property, { numRuns: runs, seed });
  if (result.failed) {
    console.error(fc.defaultReportMessage(result));
    process.exit(1);
  }
  done += result.numRuns;
  console.log(`${name}: ${result.numRuns} cases, ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
console.log(`fuzz: ${done} cases, no failure`);
