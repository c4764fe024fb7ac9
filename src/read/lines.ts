import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { readChunks, type InputSource } from './input.js';
import { sniffInputBytes, type InputKind } from './sniff.js';

/** A line of an input; `line` is null for a line over the length limit, which was only counted. */
export type InputLine = { line: string; number: number } | { line: null; number: number; size: number };

/**
 * Lines per batch, at most. A batch's records are all alive until it is written: a 1 MiB chunk's
 * thousand frame records outlived V8's young generation and were copied into the old one
 * (kernel-decode of a 3 MB capture's NDJSON: 20–24 ms more; the HAR reader's BATCH_ITEMS, for
 * the same reason).
 */
const BATCH_LINES = 64;

/**
 * The lines of an input (NDJSON), without their line ends, in batches of up to BATCH_LINES from
 * one chunk read (batches spare the per-line cost of async iteration); a final unterminated line
 * counts. A line longer than `maxBytes` is never held: its bytes are counted and dropped, so
 * endless input without newlines (/dev/zero) runs in bounded memory.
 */
export async function* readLineBatches(source: InputSource, maxBytes = Infinity): AsyncGenerator<InputLine[]> {
  // The unfinished line's pieces: joined once, when its end arrives (frame lines can be MBs).
  let pending: Buffer[] = [];
  let pendingSize = 0;
  let number = 0;
  /** The line that ends at `end` of `chunk`, from `start` (and the pending pieces before it). */
  const finish = (chunk: Buffer, start: number, end: number): InputLine => {
    const size = pendingSize + end - start;
    number++;
    if (size > maxBytes) {
      pending = [];
      pendingSize = 0;
      return { line: null, number, size };
    }
    let bytes = chunk;
    if (pending.length > 0) {
      bytes = Buffer.concat([...pending, chunk.subarray(start, end)]);
      start = 0;
      end = bytes.length;
      pending = [];
      pendingSize = 0;
    }
    if (end > start && bytes[end - 1] === 0x0d) end--;
    // No Buffer per line: decoded straight from the chunk.
    return { line: bytes.toString('utf8', start, end), number };
  };
  // A plain file is read synchronously into one refilled buffer (a stream waits on the thread
  // pool for every chunk: 18 ms of `kernel-decode frames.ndjson` on a 3 MB capture's frames).
  // Lines become strings at once; only the piece of a line a chunk ends in is kept, as a copy.
  for await (const chunk of readChunks(source, { reuseBuffer: true })) {
    let batch: InputLine[] = [];
    let start = 0;
    for (let end = chunk.indexOf(0x0a); end !== -1; end = chunk.indexOf(0x0a, start)) {
      batch.push(finish(chunk, start, end));
      start = end + 1;
      if (batch.length === BATCH_LINES) {
        // The chunk is refilled only when the next one is asked for: the rest of it is still here.
        yield batch;
        batch = [];
      }
    }
    if (start < chunk.length) {
      pendingSize += chunk.length - start;
      // Over the limit: keep counting, stop keeping.
      if (pendingSize > maxBytes) pending = [];
      else pending.push(Buffer.from(chunk.subarray(start)));
    }
    if (batch.length > 0) yield batch;
  }
  if (pendingSize > 0) yield [finish(Buffer.alloc(0), 0, 0)];
}

/** The lines of `readLineBatches` one at a time. */
export async function* readLines(source: InputSource, maxBytes = Infinity): AsyncGenerator<InputLine> {
  for await (const batch of readLineBatches(source, maxBytes)) yield* batch;
}

/**
 * The first decoded bytes of an input, and a source that still yields everything: a peek that
 * works on stdin, which cannot be read twice. With `untilNewline`, it stops at the first chunk
 * holding a line end, so that a live pipe (`har record --live | kernel-decode`) is not held up
 * until `count` bytes have come.
 */
export async function peek(source: InputSource, count: number, options: { untilNewline?: boolean } = {}): Promise<{ head: Buffer; source: InputSource; close: () => Promise<void> }> {
  if (await isRegularFile(source)) return { head: await fileHead(source, count), source, close: async () => undefined };
  const chunks = readChunks(source);
  const seen: Buffer[] = [];
  let size = 0;
  while (size < count) {
    const next = await chunks.next();
    if (next.done === true) break;
    seen.push(next.value);
    size += next.value.length;
    // A line end after something other than blank space: the first line is whole.
    if (options.untilNewline === true && next.value.includes(0x0a) && seen.some((chunk) => /[^ \t\r\n]/.test(chunk.toString('latin1')))) break;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield* seen;
    yield* chunks;
  }
  const close = async () => {
    await chunks.return(undefined);
  };
  return { head: Buffer.concat(seen).subarray(0, count), source: { ...source, decoded: replay() }, close };
}

/**
 * Which kind of input `source` is — a HAR or `har ws-messages` NDJSON — from its first bytes
 * (the first line, when it is whole, so a live pipe need not fill 4 KiB first), and a source that
 * still yields every byte. Anything else is refused (exit 5) and its file closed.
 */
export async function sniffSource(source: InputSource): Promise<{ kind: InputKind; source: InputSource }> {
  const peeked = await peek(source, 4096, { untilNewline: true });
  try {
    return { kind: sniffInputBytes(source.name, peeked.head), source: peeked.source };
  } catch (error) {
    await peeked.close();
    throw error;
  }
}

/**
 * A regular file is read again from its start instead of replayed: the reader that follows can
 * then refill one buffer (readChunks' `reuseBuffer`) rather than take a fresh MB per chunk, which
 * on a big capture is most of the garbage. Pipes, stdin and in-memory inputs are replayed.
 */
async function isRegularFile(source: InputSource): Promise<boolean> {
  if (source.path === null || source.bytes !== undefined || source.decoded !== undefined) return false;
  try {
    return statSync(source.path).isFile();
  } catch {
    // readChunks names the problem when the input is read.
    return false;
  }
}

async function fileHead(source: InputSource, count: number): Promise<Buffer> {
  const start = source.path === null ? null : fileStart(source.path, count + 3);
  // Plain bytes need no stream (a gzip file is inflated by readChunks, and an unreadable one named there).
  if (start !== null && !(start[0] === 0x1f && start[1] === 0x8b)) {
    return (start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf ? start.subarray(3) : start).subarray(0, count);
  }
  const seen: Buffer[] = [];
  let size = 0;
  // Without onProgress: the bytes are counted when the input is read for real.
  for await (const chunk of readChunks({ name: source.name, path: source.path })) {
    seen.push(chunk);
    size += chunk.length;
    if (size >= count) break;
  }
  return Buffer.concat(seen).subarray(0, count);
}

/**
 * The first `count` bytes of a regular file, read synchronously: a sniff needs a few KiB, and a
 * stream would read a MiB through the thread pool for it. Null when the file cannot be read.
 */
function fileStart(path: string, count: number): Buffer | null {
  try {
    const fd = openSync(path, 'r');
    try {
      const bytes = Buffer.allocUnsafe(count);
      return bytes.subarray(0, readSync(fd, bytes, 0, count, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
}
