import { constants } from 'node:buffer';
import { FormatError, InputError } from '../errors.js';
import { isPlainObject } from '../util/values.js';
import { fileSize, type InputSource } from './input.js';
import { Action, type ScanListener } from './scanner.js';
import { duplicateKey } from './har.js';
import { scanChunks } from './scan-source.js';

/** V8 cannot make a string longer than this, so JSON.parse cannot take a bigger document. */
export const WHOLE_DOCUMENT_LIMIT = constants.MAX_STRING_LENGTH;

/** Validates without building anything: the whole document is one skipped value. */
const VALIDATE_ONLY: ScanListener = {
  beginValue: () => Action.Skip,
  onKey: () => undefined,
  onOpen: () => undefined,
  onClose: () => undefined,
  onScalar: () => undefined,
  onCapture: () => undefined,
};

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
export async function readDocument(source: InputSource, command: string, listener: ScanListener = VALIDATE_ONLY): Promise<unknown> {
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

/** Validates, refusing a second top-level "log" or a second "log.entries" as the HAR reader does. */
function duplicateLogKeys(file: string): ScanListener {
  const seen = new Set<string>();
  const keys: string[] = [];
  return {
    beginValue: (depth) => (depth === 0 || (depth === 1 && keys[1] === 'log') ? Action.Descend : Action.Skip),
    onKey: (key, depth) => {
      keys[depth] = key;
      const path = depth === 1 && key === 'log' ? 'log' : depth === 2 && key === 'entries' ? 'log.entries' : null;
      if (path === null) return;
      if (seen.has(path)) throw duplicateKey(file, path);
      seen.add(path);
    },
    onOpen: () => undefined,
    onClose: () => undefined,
    onScalar: () => undefined,
    onCapture: () => undefined,
  };
}

/**
 * A whole document that must be a HAR (query): refused as the streaming reader refuses it, with
 * the same words and exit 5, so no command answers 0 for JSON that is not a HAR.
 */
export async function readHarDocument(source: InputSource, command: string): Promise<unknown> {
  const document = await readDocument(source, command, duplicateLogKeys(source.name));
  const fail = (what: string) => new FormatError(source.name, `not a HAR: ${what}`);
  if (Array.isArray(document)) throw fail('the top-level value is an array, not an object');
  if (!isPlainObject(document)) throw fail('the top-level value is not an object');
  const log = (document as Record<string, unknown>)['log'];
  if (log === undefined) throw fail('no "log" object at the top level');
  if (Array.isArray(log)) throw fail('"log" is an array, not an object');
  if (!isPlainObject(log)) throw fail('"log" is not an object');
  const entries = (log as Record<string, unknown>)['entries'];
  if (entries === undefined) throw fail('no "log.entries" array');
  if (!Array.isArray(entries)) throw fail('"log.entries" is not an array');
  return document;
}
