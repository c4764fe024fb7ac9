import { promises as fs } from 'node:fs';
import { readChunks, type InputSource } from './input.js';

/** Only a regular file (or bytes in memory) reads the same a second time: a FIFO would block, `<(…)` would be empty. */
async function readableAgain(source: InputSource): Promise<boolean> {
  if (source.bytes !== undefined) return true;
  if (source.path === null) return false;
  try {
    return (await fs.stat(source.path)).isFile();
  } catch {
    return false;
  }
}

/**
 * "byte 1834, line 12 column 7" for an offset into the decoded input. Lines are only counted when
 * the input is a regular file, read a second time; stdin, pipes and devices get the byte offset alone.
 */
export async function locate(source: InputSource, offset: number): Promise<string> {
  const where = `byte ${offset}`;
  if (!(await readableAgain(source))) return where;
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
