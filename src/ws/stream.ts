/**
 * Frames of whole HAR files, streamed: `_webSocketMessages` elements are read one at a time and
 * turned into frame records as soon as their entry's URL and 101 headers are known, so a capture
 * of any size comes out in bounded memory. (Chrome writes `_webSocketMessages` last in an entry;
 * for producers that write it first, the entry's frames wait until the entry is complete.)
 */
import { projectionOf, readHarBatches, type HarEntry, type ReadHarOptions } from '../read/har.js';
import type { InputSource } from '../read/input.js';
import { compileFilter, filterFields, type EntryFilterOptions } from '../select/filter.js';
import { connectionOf, frameItems, iterEntryFrames, type Connection, type FrameItem, type FrameRecord } from './frames.js';

export interface FrameStreamOptions extends EntryFilterOptions {
  direction?: readonly string[] | undefined;
  opcode?: readonly number[] | undefined;
  onWarning?: (message: string) => void;
  /** More key paths to keep in each entry (for onEntry). */
  entryFields?: readonly (readonly string[])[];
  /** Which of those nested values to read, entry by entry (see ReadHarOptions.readValue). */
  readValue?: ReadHarOptions['readValue'];
  /** Called with each entry the filters keep, once it is complete (after its frames). */
  onEntry?: (file: string, index: number, entry: HarEntry) => void;
}

export interface FileFrameItem {
  file: string;
  item: FrameItem;
}

const CONTEXT_FIELDS = [['request', 'url'], ['response', 'headers'], ['response', 'status'], ['_resourceType']];

/** Were the keys a frame record and the filters need read before the frames began? */
function contextComplete(keysBefore: ReadonlySet<string>, needsTopLevel: readonly string[]): boolean {
  return keysBefore.has('request') && keysBefore.has('response') && needsTopLevel.every((key) => keysBefore.has(key));
}

export async function* streamFrames(sources: readonly InputSource[], options: FrameStreamOptions = {}): AsyncGenerator<FileFrameItem> {
  const entryFilter = compileFilter(options);
  const directions = options.direction ?? [];
  const opcodes = options.opcode ?? [];
  const frameFilter = (frame: FrameRecord) =>
    (directions.length === 0 || (frame.type !== null && directions.includes(frame.type))) &&
    (opcodes.length === 0 || (frame.opcode !== null && opcodes.includes(frame.opcode)));
  const filterKeys = filterFields(options);
  const needsTopLevel = filterKeys.filter((path) => path.length === 1).map((path) => path[0]!);
  const project = projectionOf([...CONTEXT_FIELDS, ...filterKeys, ...(options.entryFields ?? [])]);
  const keep = (entry: HarEntry) => entryFilter === null || entryFilter(entry);
  const readOptions = {
    project,
    streamElementsOf: '_webSocketMessages',
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    ...(options.readValue ? { readValue: options.readValue } : {}),
  };
  for (const source of sources) {
    let waiting: { position: number; value: unknown }[] = [];
    // Decided once per entry, not per frame: the connection parses the URL and scans the headers.
    let current: { index: number; connection: Connection; keep: boolean } | null = null;
    const emit = function* (entry: HarEntry, index: number, position: number, value: unknown): Generator<FileFrameItem> {
      if (current === null || current.index !== index) current = { index, connection: connectionOf(entry, index), keep: keep(entry) };
      if (!current.keep) return;
      for (const item of frameItems(current.connection, position, value)) {
        if (item.kind === 'frame' && !frameFilter(item.frame)) continue;
        yield { file: source.name, item };
      }
    };
    for await (const batch of readHarBatches(source, readOptions)) {
      for (const harItem of batch) {
        if (harItem.kind === 'element') {
          if (contextComplete(harItem.keysBefore, needsTopLevel)) yield* emit(harItem.entry, harItem.index, harItem.position, harItem.value);
          else waiting.push({ position: harItem.position, value: harItem.value });
        } else if (harItem.kind === 'entry') {
          for (const { position, value } of waiting) yield* emit(harItem.entry, harItem.index, position, value);
          waiting = [];
          if (options.onEntry !== undefined && keep(harItem.entry)) options.onEntry(source.name, harItem.index, harItem.entry);
          const messages = harItem.entry._webSocketMessages as unknown;
          // Not an array: not streamed, still reported by the frame reader.
          if (messages !== undefined && messages !== null && !Array.isArray(messages)) {
            for (const item of iterEntryFrames(harItem.entry, harItem.index)) yield { file: source.name, item };
          }
        }
      }
    }
  }
}
