/**
 * The ways a reader test feeds one input, as @streamparser/json's tests do: the bytes whole, one
 * byte at a time, and cut inside every multibyte UTF-8 character. A reader whose result depends
 * on where the chunks end fails one of them.
 */
import type { InputSource } from '../../src/read/input.js';

export interface Feed {
  name: string;
  chunks: (bytes: Buffer) => Buffer[];
}

/** The pieces of `bytes` between ascending cut positions. */
export function splitAt(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (const cut of cuts) {
    parts.push(bytes.subarray(start, cut));
    start = cut;
  }
  parts.push(bytes.subarray(start));
  return parts;
}

/** Chunk boundaries after the first byte of every multibyte character (so none is whole in one chunk). */
function insideMultibyte(bytes: Buffer): Buffer[] {
  const cuts: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    // A lead byte of a 2-, 3- or 4-byte sequence: cut right after it.
    if (bytes[i]! >= 0xc0) cuts.push(i + 1);
  }
  return splitAt(bytes, cuts);
}

export const FEEDS: readonly Feed[] = [
  { name: 'whole', chunks: (bytes) => [bytes] },
  { name: 'one byte at a time', chunks: (bytes) => Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1)) },
  { name: 'split inside multibyte UTF-8', chunks: insideMultibyte },
];

/** An input read as the given chunks, named `name` in messages. */
export function fedSource(name: string, text: string | Buffer, feed: Feed): InputSource {
  const chunks = feed.chunks(Buffer.from(text));
  return {
    name,
    path: null,
    decoded: (async function* () {
      yield* chunks;
    })(),
  };
}

/** Everything an async iterable yields. */
export async function collectAll<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
