import { stat } from 'node:fs/promises';
import { readChunks, type InputSource } from './input.js';

/** The lines of an input (NDJSON), without their line ends; a final unterminated line counts. */
export async function* readLines(source: InputSource): AsyncGenerator<{ line: string; number: number }> {
  // The unfinished line's pieces: joined once, when its end arrives (frame lines can be MBs).
  let pending: Buffer[] = [];
  let number = 0;
  const text = (piece: Buffer): string => {
    const bytes = pending.length === 0 ? piece : Buffer.concat([...pending, piece]);
    pending = [];
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    return bytes.toString('utf8', 0, end);
  };
  for await (const chunk of readChunks(source)) {
    let start = 0;
    for (let end = chunk.indexOf(0x0a); end !== -1; end = chunk.indexOf(0x0a, start)) {
      yield { line: text(chunk.subarray(start, end)), number: ++number };
      start = end + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length > 0) yield { line: text(Buffer.alloc(0)), number: number + 1 };
}

/**
 * The first decoded bytes of an input, and a source that still yields everything: a peek that
 * works on stdin, which cannot be read twice. With `untilNewline`, it stops at the first chunk
 * holding a line end, so that a live pipe (`har record --live | kernel-decode`) is not held up
 * until `count` bytes have come.
 */
export async function peek(source: InputSource, count: number, options: { untilNewline?: boolean } = {}): Promise<{ head: Buffer; source: InputSource }> {
  if (await isRegularFile(source)) return { head: await fileHead(source, count), source };
  const chunks = readChunks(source);
  const seen: Buffer[] = [];
  let size = 0;
  while (size < count) {
    const next = await chunks.next();
    if (next.done === true) break;
    seen.push(next.value);
    size += next.value.length;
    if (options.untilNewline === true && next.value.includes(0x0a)) break;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield* seen;
    yield* chunks;
  }
  return { head: Buffer.concat(seen).subarray(0, count), source: { ...source, decoded: replay() } };
}

/**
 * A regular file is read again from its start instead of replayed: the reader that follows can
 * then refill one buffer (readChunks' `reuseBuffer`) rather than take a fresh MB per chunk, which
 * on a big capture is most of the garbage. Pipes, stdin and in-memory inputs are replayed.
 */
async function isRegularFile(source: InputSource): Promise<boolean> {
  if (source.path === null || source.bytes !== undefined || source.decoded !== undefined) return false;
  try {
    return (await stat(source.path)).isFile();
  } catch {
    // readChunks names the problem when the input is read.
    return false;
  }
}

async function fileHead(source: InputSource, count: number): Promise<Buffer> {
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
