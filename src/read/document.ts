import { constants } from 'node:buffer';
import { FormatError } from '../errors.js';
import { parseChunks } from './build.js';
import { readChunks, type InputSource } from './input.js';
import { locate } from './locate.js';
import { ScanError } from './scanner.js';

/** V8 cannot make a string longer than this, so JSON.parse cannot take a bigger document. */
export const WHOLE_DOCUMENT_LIMIT = constants.MAX_STRING_LENGTH;

/**
 * Reads and parses a whole document, for commands that need the entire tree (JSONPath).
 * Refuses, with a clear message, documents that cannot fit in one string.
 */
export async function readDocument(source: InputSource, command: string): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of readChunks(source)) {
    size += chunk.length;
    if (size > WHOLE_DOCUMENT_LIMIT) {
      throw new FormatError(
        source.name,
        `too big for '${command}' (over ${Math.floor(WHOLE_DOCUMENT_LIMIT / 2 ** 20)} MiB, the most one JSON.parse can take); ` +
          `the streaming commands (get log/entries[]/…, urls, pick, entries, shape, ws-messages) have no limit`,
      );
    }
    chunks.push(chunk);
  }
  if (size === 0) throw new FormatError(source.name, 'empty input, not JSON');
  const bytes = Buffer.concat(chunks, size);
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    // Rescan to report where the problem is; JSON.parse's message has no byte offset.
    try {
      parseChunks([bytes]);
    } catch (error) {
      if (error instanceof ScanError) {
        throw new FormatError(source.name, `not valid JSON: ${error.reason} (${await locate(source, error.offset)})`);
      }
    }
    throw new FormatError(source.name, 'not valid JSON');
  }
}
