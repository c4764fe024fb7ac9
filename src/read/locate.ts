import { readChunks, type InputSource } from './input.js';

/**
 * "byte 1834, line 12:7" for an offset into the decoded input. Lines are only counted when the
 * input can be read a second time (a file), so stdin gets the byte offset alone.
 */
export async function locate(source: InputSource, offset: number): Promise<string> {
  const where = `byte ${offset}`;
  if (source.path === null && source.bytes === undefined) return where;
  // Read the file afresh: a peeked source's replay has already been consumed.
  const again: InputSource = source.bytes !== undefined ? { name: source.name, path: source.path, bytes: source.bytes } : { name: source.name, path: source.path };
  try {
    let line = 1;
    let lineStart = 0;
    let seen = 0;
    for await (const chunk of readChunks(again)) {
      const limit = Math.min(chunk.length, offset - seen);
      let at = chunk.indexOf(0x0a);
      while (at !== -1 && at < limit) {
        line++;
        lineStart = seen + at + 1;
        at = chunk.indexOf(0x0a, at + 1);
      }
      seen += chunk.length;
      if (seen >= offset) break;
    }
    return `${where}, line ${line} column ${offset - lineStart + 1}`;
  } catch {
    return where;
  }
}
