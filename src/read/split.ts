import { promises as fs, statSync } from 'node:fs';
import type { InputSource } from './input.js';

/**
 * Files from this size up are read by two threads (src/read/parallel.ts), unless told otherwise.
 * Below it the second thread's start and JIT warm-up cost more than its half of the scan saves
 * (2 idle cores, bench/notes.md "One thread up to 384 MiB"): at 100 MB one thread took 0.23 s
 * against 0.26 s for `urls` and 0.32 against 0.38 s for `pick`; at 256 MB they were even for
 * `urls` and one was faster for `pick`; at 600 MB two won (0.56 against 0.65 s, 0.76 against 0.81 s).
 */
export const PARALLEL_MIN_BYTES = 384 * 2 ** 20;

/** How far from the middle an entry boundary is looked for before the file is read by one thread. */
const SEARCH_BYTES = 16 * 2 ** 20;
const BLOCK = 2 ** 20;
/**
 * How far past the middle the cut is looked for: the second thread begins some 30 ms after the
 * first (its own thread, modules and JIT warm-up), about this much of a file at the first
 * thread's speed, so the two halves end together. At most an eighth of the file (small files,
 * tests) stays two threads' work.
 */
const SECOND_THREAD_LAG = 12 * 2 ** 20;
/** Where the head is looked at: gzip magic, BOM, indentation. */
const HEAD_BYTES = 64 * 2 ** 10;

/** Where a regular, pretty-printed HAR file is cut in two: the second thread starts at `start`. */
export interface SplitPlan {
  path: string;
  /** File offset of the line that opens an entry, somewhere past the middle. */
  start: number;
  /** A leading UTF-8 BOM, which the reader drops (error offsets count from after it). */
  bom: number;
}

async function readAt(handle: fs.FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/**
 * Where to cut `source` between two entries, a little past the middle, or null when it is read
 * by one thread: not a regular file (stdin, bytes), smaller than `minSize`, gzip, or not
 * pretty-printed. In pretty-printed JSON a raw newline never occurs inside a string, so a line
 * starts outside any string, and its indentation gives its depth: an entry is a line `{`
 * indented three levels (root, log, entries) after a line `},` at the same indentation.
 * Indentation can lie (a file mixing styles); the first thread checks that it really stands
 * between two entries of `log.entries` when it reaches the cut, and reads on alone when not.
 */
export async function planSplit(source: InputSource, minSize: number): Promise<SplitPlan | null> {
  if (source.path === null || source.bytes !== undefined || source.decoded !== undefined) return null;
  let handle: fs.FileHandle;
  let size: number;
  try {
    // Looked at before it is opened: opening a FIFO would take the bytes meant for the read proper.
    // Synchronously: most files are far below `minSize`, and a stat through the thread pool (and
    // loading fs/promises) was a wait in every short run.
    const stat = statSync(source.path);
    if (!stat.isFile() || stat.size < minSize || stat.size < 2) return null;
    size = stat.size;
    handle = await fs.open(source.path, 'r');
  } catch {
    return null; // The read proper reports it.
  }
  try {
    const head = await readAt(handle, 0, Math.min(HEAD_BYTES, size));
    if (head[0] === 0x1f && head[1] === 0x8b) return null;
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    const unit = /\n([ \t]+)\S/.exec(head.toString('latin1'))?.[1];
    if (unit === undefined) return null;
    const eol = head.includes('\r\n') ? '\r\n' : '\n';
    const indent = unit.repeat(3);
    const boundary = Buffer.from(`\n${indent}},${eol}${indent}{${eol}`, 'latin1');
    const lineStart = 1 + indent.length + 2 + eol.length;
    const from = Math.floor(size / 2 + Math.min(SECOND_THREAD_LAG, size / 8));
    for (let at = from; at < Math.min(size, from + SEARCH_BYTES); at += BLOCK) {
      // Blocks overlap by the pattern's length, so a boundary across two blocks is found.
      const block = await readAt(handle, at, BLOCK + boundary.length);
      const found = block.indexOf(boundary);
      if (found !== -1) return { path: source.path, start: at + found + lineStart, bom };
    }
    return null;
  } finally {
    await handle.close();
  }
}
