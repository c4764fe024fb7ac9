/**
 * The whole-document path of readHarBatches: a small regular file is read at once and parsed by
 * JSON.parse (native code, no JIT warm-up), then cut into the items the streaming reader would
 * have given. On a capture of a few MB the streaming scanner's JavaScript is still cold: reading
 * `_webSocketMessages` frame by frame costs ~4× what JSON.parse of the whole file does
 * (bench/notes.md). Whenever the two readers could differ — JSON.parse throws, a duplicate key
 * (JSON.parse keeps the last one silently, the streaming reader refuses or warns), nesting past
 * the scanner's limit, bytes that are not UTF-8, a value over a reader's size limit — this
 * reader declines and the file is streamed, which gives the precise messages. It serves the
 * readers that stream an entry array (`streamElementsOf`: ws-messages, kernel-decode, the
 * session views, redact); the others always stream.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAscii, isUtf8 } from 'node:buffer';
import { latin1Text } from '../util/latin1.js';
import { isPlainObject, setOwn } from '../util/values.js';
import type { JsonValue } from './build.js';
import type { EntryProjection, HarEntry, HarItem, HarLogHeader, ReadHarOptions } from './har.js';
import type { InputSource } from './input.js';
import { MAX_NESTING } from './scan-listener.js';

/**
 * Files up to this size are read whole; memory stays bounded by it (the text and its parsed tree,
 * ~10 times the file). The gain is where the JIT is cold (3–5 MB: ~10 % of the CPU time); at
 * 10–15 MB the streaming reader has warmed up and costs the same, with half the peak RSS.
 */
export const WHOLE_DOCUMENT_LIMIT = 8 * 2 ** 20;
let limit = WHOLE_DOCUMENT_LIMIT;

/** For tests and measurements: 0 streams every file. */
export function setWholeDocumentLimit(bytes: number): void {
  limit = bytes;
}

/** A parsed document whose `log.entries` is an array and where no key occurs twice in any object. */
interface HarDocument {
  log: Record<string, unknown> & { entries: unknown[] };
}

export interface WholeDocumentOptions {
  project: EntryProjection | null;
  streamKey: string | null;
  skipEntries: boolean;
  readValue: ReadHarOptions['readValue'];
  /** The smallest size limit the streaming reader applies to one value (fields, elements). */
  valueLimit: number;
  /** The streaming reader's warning for an entry that is not an object. */
  badEntry: (index: number) => void;
}

/**
 * The items of `source` in batches, as readHarBatches streams them, or null when the file is to
 * be streamed: not a plain regular file under the limit, or anything the two readers might
 * tell apart.
 */
export async function wholeDocumentBatches(source: InputSource, options: WholeDocumentOptions): Promise<Iterable<HarItem[]> | null> {
  // Only where it pays: readers of frames spend ~4× in the streaming scanner what JSON.parse
  // costs; readers of a few projected fields (urls, pick) already skip the rest in WebAssembly
  // and would only hold the whole tree for it (bench/notes.md).
  if (options.streamKey === null) return null;
  if (source.path === null || source.bytes !== undefined || source.decoded !== undefined) return null;
  let bytes: Buffer;
  try {
    // Synchronous: at most 8 MiB of a regular file, where each call through the thread pool left
    // the main thread waiting while V8's own threads had the cores.
    const info = statSync(source.path);
    // A value longer than a reader's limit is only possible in a file longer than it.
    if (!info.isFile() || info.size === 0 || info.size > Math.min(limit, options.valueLimit)) return null;
    bytes = readFileSync(source.path);
  } catch {
    return null;
  }
  // The file may have changed since stat; gzip is inflated by the streaming reader.
  if (bytes.length > Math.min(limit, options.valueLimit) || (bytes[0] === 0x1f && bytes[1] === 0x8b)) return null;
  const document = parseWhole(bytes);
  if (document === null) return null;
  // The order members are kept in shows (`keysBefore`, the entry `readValue` is given): JSON.parse
  // puts integer-like keys first.
  if (options.project !== null && (hasIndexKey(options.project) || document.log.entries.some((entry) => isPlainObject(entry) && Object.keys(entry).some(isIndexKey)))) return null;
  source.onProgress?.(bytes.length);
  return itemBatches(source.name, document, options);
}

function parseWhole(bytes: Buffer): HarDocument | null {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  // Every capture in samples/ is ASCII throughout; its text is then a copy of the bytes.
  let text: string;
  if (isAscii(body)) text = latin1Text(body, 0, body.length);
  else if (isUtf8(body)) text = body.toString('utf8');
  else return null;
  // An escaped colon would defeat the duplicate-key count below.
  if (text.includes('\\u003a') || text.includes('\\u003A')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
    // Each member has one colon outside strings; a member JSON.parse dropped (a duplicate key)
    // leaves its colon in the text but not in the tree.
    if (colonsIn(text) !== treeColons(parsed, 0)) return null;
  } catch {
    // Not JSON, or nested deeper than the walk's stack: the streaming reader says what is wrong.
    return null;
  }
  if (!isPlainObject(parsed) || !isPlainObject(parsed['log']) || !Array.isArray(parsed['log']['entries'])) return null;
  // JSON.parse orders integer-like keys first: which log fields came before `entries` is then unknown.
  if (Object.keys(parsed['log']).some(isIndexKey)) return null;
  return parsed as unknown as HarDocument;
}

function colonsIn(text: string): number {
  let count = 0;
  for (let at = text.indexOf(':'); at !== -1; at = text.indexOf(':', at + 1)) count++;
  return count;
}

/** Colons a parsed value accounts for: one per member, and those inside its keys and strings. */
function treeColons(value: unknown, depth: number): number {
  if (typeof value === 'string') return value.includes(':') ? colonsIn(value) : 0;
  if (value === null || typeof value !== 'object') return 0;
  // The streaming scanner refuses documents nested this deep.
  if (depth >= MAX_NESTING - 1) throw new RangeError('too deep');
  // Index and for-in loops, not iterators and Object.keys: this visits every value of the
  // document in a run too short for the optimizing compiler (half the walk's time in Ignition).
  let count = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) count += treeColons(value[i], depth + 1);
    return count;
  }
  const object = value as Record<string, unknown>;
  // JSON.parse makes plain objects, so for-in sees their own keys (an enumerable key added to
  // Object.prototype would only make the counts differ: the file is then streamed).
  for (const key in object) count += 1 + (key.includes(':') ? colonsIn(key) : 0) + treeColons(object[key], depth + 1);
  return count;
}

function isIndexKey(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 0x30 && first <= 0x39 && /^(?:0|[1-9][0-9]*)$/.test(key);
}

function hasIndexKey(project: EntryProjection): boolean {
  for (const [key, child] of project) if (isIndexKey(key) || (child !== true && hasIndexKey(child))) return true;
  return false;
}

/** Entries per batch: warnings of bad entries are given as their batch is built, as the streaming reader does per chunk. */
const BATCH_ENTRIES = 64;
/**
 * Items per batch, about: a WebSocket entry's frames come in batches of this size, not all at
 * once, so the records made of them are written and let go before the next are made. With
 * thousands of frames of one entry in a batch, every record survived the young generation's
 * collections (copied, then promoted) before any was written.
 */
const BATCH_ITEMS = 64;

function* itemBatches(file: string, document: HarDocument, options: WholeDocumentOptions): Generator<HarItem[]> {
  const entries = document.log.entries;
  const before: HarLogHeader = {};
  const log: HarLogHeader = {};
  let seenEntries = false;
  for (const key of Object.keys(document.log)) {
    if (key === 'entries') {
      seenEntries = true;
      continue;
    }
    setOwn(log, key, document.log[key]);
    if (!seenEntries) setOwn(before, key, document.log[key]);
  }
  let batch: HarItem[] = [{ kind: 'header', file, log: before }];
  for (let index = 0; index < entries.length; index++) {
    if (options.skipEntries) continue;
    const value = entries[index];
    if (!isPlainObject(value)) options.badEntry(index);
    else if (options.project === null) batch.push({ kind: 'entry', file, index, entry: value as HarEntry });
    else projectEntry(file, index, value, options, batch);
    if (((index + 1) % BATCH_ENTRIES === 0 || batch.length >= BATCH_ITEMS) && batch.length > 0) {
      yield* slices(batch);
      batch = [];
    }
  }
  if (batch.length > 0) yield* slices(batch);
  yield [{ kind: 'end', file, log, entryCount: entries.length }];
}

function* slices(items: HarItem[]): Generator<HarItem[]> {
  if (items.length <= BATCH_ITEMS) {
    yield items;
    return;
  }
  for (let at = 0; at < items.length; at += BATCH_ITEMS) yield items.slice(at, at + BATCH_ITEMS);
}

/** The element items of the streamed key, then the entry item, of one entry, kept as the projection says. */
function projectEntry(file: string, index: number, source: Record<string, unknown>, options: WholeDocumentOptions, out: HarItem[]): void {
  const project = options.project!;
  const entry: Record<string, JsonValue> = {};
  for (const key of Object.keys(source)) {
    const value = source[key] as JsonValue;
    if (key === options.streamKey) {
      if (Array.isArray(value)) {
        const keysBefore: ReadonlySet<string> = new Set(Object.keys(entry));
        for (let position = 0; position < value.length; position++) {
          out.push({ kind: 'element', file, index, key, position, value: value[position]!, entry: entry as HarEntry, keysBefore });
        }
        continue;
      }
      // Not an array: the streaming reader keeps it, whole or as far as the projection names it.
      const child = project.get(key);
      keep(entry, key, value, child instanceof Map ? child : true, entry, [key], options.readValue);
      continue;
    }
    const child = project.get(key);
    if (child !== undefined) keep(entry, key, value, child, entry, [key], options.readValue);
  }
  out.push({ kind: 'entry', file, index, entry: entry as HarEntry });
}

/**
 * Sets `key` of `target` to `value`, or to the part of it `node` names. Containers are attached
 * before they are filled, so `readValue` sees the entry as the streaming reader has built it.
 */
function keep(
  target: Record<string, JsonValue>,
  key: string,
  value: JsonValue,
  node: EntryProjection | true,
  entry: Record<string, JsonValue>,
  path: string[],
  readValue: ReadHarOptions['readValue'],
): void {
  if (node === true || !isPlainObject(value)) {
    if (node === true && readValue !== undefined && path.length > 1 && !readValue(entry, path)) return;
    setOwn(target, key, value);
    return;
  }
  const container: Record<string, JsonValue> = {};
  setOwn(target, key, container);
  for (const childKey of Object.keys(value)) {
    const child = node.get(childKey);
    if (child !== undefined) keep(container, childKey, value[childKey] as JsonValue, child, entry, [...path, childKey], readValue);
  }
}
