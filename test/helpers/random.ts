import { splitAt } from './feed.js';

/** A small seeded PRNG (mulberry32) so that fuzz failures reproduce. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomInt(random: () => number, below: number): number {
  return Math.floor(random() * below);
}

/** Bytes cut at up to `maxCuts` random positions (sometimes none), for chunk-boundary fuzzing. */
export function randomSplit(random: () => number, bytes: Buffer, maxCuts = 3): Buffer[] {
  const cuts = Array.from({ length: randomInt(random, maxCuts + 1) }, () => randomInt(random, bytes.length + 1)).sort((a, b) => a - b);
  return splitAt(bytes, cuts);
}
