import { constants } from 'node:buffer';
import { InputError } from '../errors.js';
import { HarGate } from './har-outline.js';
import { fileSize, type InputSource } from './input.js';
import { SKIP_ALL, type ScanListener } from './scan-listener.js';
import { scanChunks } from './scan-source.js';

/** V8 cannot make a string longer than this, so JSON.parse cannot take a bigger document. */
export const WHOLE_DOCUMENT_LIMIT = constants.MAX_STRING_LENGTH;

/** Valid JSON, perhaps, but more than a whole-document command can hold: exit 4, not 5 ("not JSON"). */
function tooBig(source: InputSource, command: string): InputError {
  return new InputError(
    source.name,
    `too big for '${command}' (over 512 MiB, the longest string V8 makes and so the most one JSON.parse can take); ` +
      `the streaming commands (get log/entries[]/…, urls, pick, entries, shape, ws-messages) have no limit`,
  );
}

/**
 * Reads and parses a whole document, for commands that need the entire tree (JSONPath).
 * Refuses, with a clear message, documents that cannot fit in one string. The scanner checks
 * the bytes first, so errors say where they are and nesting stays within MAX_NESTING.
 */
export async function readDocument(source: InputSource, command: string, listener: ScanListener = SKIP_ALL): Promise<unknown> {
  // gzip only grows when inflated, so a file already over the limit needs no reading.
  if (((await fileSize(source)) ?? 0) > WHOLE_DOCUMENT_LIMIT) throw tooBig(source, command);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of scanChunks(source, listener)) {
    size += chunk.length;
    if (size > WHOLE_DOCUMENT_LIMIT) throw tooBig(source, command);
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks, size).toString('utf8'));
}

/**
 * A whole document that must be a HAR (query, get): held to the rule the streaming reader holds
 * it to (src/read/har-outline.ts), with the same words and exit 5, so no command answers 0 for
 * JSON that is not a HAR, nor reads a duplicated "log" or "log.entries" differently.
 */
export async function readHarDocument(source: InputSource, command: string): Promise<unknown> {
  const gate = new HarGate(source.name, SKIP_ALL);
  const document = await readDocument(source, command, gate);
  gate.finish();
  return document;
}
