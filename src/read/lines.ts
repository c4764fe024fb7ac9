import { readChunks, type InputSource } from './input.js';

/** The lines of an input (NDJSON), without their line ends; a final unterminated line counts. */
export async function* readLines(source: InputSource): AsyncGenerator<{ line: string; number: number }> {
  let rest: Buffer | null = null;
  let number = 0;
  for await (const chunk of readChunks(source)) {
    let data: Buffer = rest === null ? chunk : Buffer.concat([rest, chunk]);
    let start = 0;
    let end = data.indexOf(0x0a, start);
    while (end !== -1) {
      number++;
      const stop = end > start && data[end - 1] === 0x0d ? end - 1 : end;
      yield { line: data.toString('utf8', start, stop), number };
      start = end + 1;
      end = data.indexOf(0x0a, start);
    }
    rest = start < data.length ? data.subarray(start) : null;
    data = Buffer.alloc(0);
  }
  if (rest !== null && rest.length > 0) yield { line: rest.toString('utf8'), number: number + 1 };
}

/**
 * The first decoded bytes of an input, and a source that still yields everything: a peek that
 * works on stdin, which cannot be read twice.
 */
export async function peek(source: InputSource, count: number): Promise<{ head: Buffer; source: InputSource }> {
  const chunks = readChunks(source);
  const seen: Buffer[] = [];
  let size = 0;
  while (size < count) {
    const next = await chunks.next();
    if (next.done === true) break;
    seen.push(next.value);
    size += next.value.length;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield* seen;
    yield* chunks;
  }
  return { head: Buffer.concat(seen).subarray(0, count), source: { ...source, decoded: replay() } };
}
