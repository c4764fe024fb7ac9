/**
 * Frames of whole HAR files, streamed: `_webSocketMessages` elements are read one at a time and
 * turned into frame records as soon as their entry's URL and 101 headers are known, so a capture
 * of any size comes out in bounded memory. (Chrome writes `_webSocketMessages` last in an entry;
 * for producers that write it first, the entry's frames wait until the entry is complete, past
 * the first few in a temporary file: frame-spill.ts.)
 */
import { projectionOf, readHarBatches, type HarEntry, type ReadHarOptions } from '../read/har.js';
import type { InputSource } from '../read/input.js';
import { WHOLE_DOCUMENT_LIMIT } from '../read/whole-document.js';
import { compileFilter, filterFields, type EntryFilterOptions } from '../select/filter.js';
import { FrameSpill } from './frame-spill.js';
import { connectionOf, iterEntryFrames, pushFrameItems, type Connection, type FrameItem, type FrameRecord } from './frames.js';

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
/**
 * The entry fields a frame stream reads only to place and classify frames (the URL, the 101
 * headers, the filters' fields) are left out, with a warning, past this size: a 200 MB URL is
 * never held (issue 13 #5). Callers that keep more of each entry (`entryFields`) read it whole.
 * It is the size up to which a file is read whole: no field of such a file can pass it, so the
 * two readers agree on every file, and a capture of a few MB is parsed by JSON.parse. (At 1 MiB,
 * every file over 1 MiB was streamed: ~45 % more CPU to read notebook6-session.har.)
 */
export const CONTEXT_FIELD_LIMIT = WHOLE_DOCUMENT_LIMIT;

/** Were the keys a frame record and the filters need read before the frames began? */
function contextComplete(keysBefore: ReadonlySet<string>, needsTopLevel: readonly string[]): boolean {
  return keysBefore.has('request') && keysBefore.has('response') && needsTopLevel.every((key) => keysBefore.has(key));
}

/** A frame or problem, or the place in the stream where `onEntry` is due for a completed entry. */
type Slot = FileFrameItem | { done: { file: string; index: number; entry: HarEntry } };

/** The slots of `sources`, one batch per chunk read; onEntry is left to the callers below. */
async function* slotBatches(sources: readonly InputSource[], options: FrameStreamOptions): AsyncGenerator<Slot[]> {
  const entryFilter = compileFilter(options);
  const directions = options.direction ?? [];
  const opcodes = options.opcode ?? [];
  const frameFilter =
    directions.length === 0 && opcodes.length === 0
      ? null
      : (frame: FrameRecord) =>
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
    ...(options.entryFields === undefined ? { fieldLimit: CONTEXT_FIELD_LIMIT } : {}),
  };
  for (const source of sources) {
    const waiting = new FrameSpill();
    // Decided once per entry, not per frame: the connection parses the URL and scans the headers.
    let current: { index: number; connection: Connection; keep: boolean } | null = null;
    const scratch: FrameItem[] = [];
    /** The frame items of one element onto `out` (no generator per frame). */
    const emit = (entry: HarEntry, index: number, position: number, value: unknown, out: Slot[]): void => {
      if (current === null || current.index !== index) current = { index, connection: connectionOf(entry, index), keep: keep(entry) };
      if (!current.keep) return;
      scratch.length = 0;
      pushFrameItems(current.connection, position, value, scratch);
      for (const item of scratch) {
        if (frameFilter !== null && item.kind === 'frame' && !frameFilter(item.frame)) continue;
        out.push({ file: source.name, item });
      }
    };
    // Every element of an entry shares its `keysBefore`: the answer is worked out once per entry.
    let contextKeys: ReadonlySet<string> | null = null;
    let contextKnown = false;
    try {
      for await (const batch of readHarBatches(source, readOptions)) {
        let out: Slot[] = [];
        for (const harItem of batch) {
          if (harItem.kind === 'element') {
            if (harItem.keysBefore !== contextKeys) {
              contextKeys = harItem.keysBefore;
              contextKnown = contextComplete(contextKeys, needsTopLevel);
            }
            if (contextKnown) emit(harItem.entry, harItem.index, harItem.position, harItem.value, out);
            else waiting.push(harItem.position, harItem.value);
          } else if (harItem.kind === 'entry') {
            if (waiting.size > 0) {
              // The waiting frames come out in batches of their own, after what came before them.
              if (out.length > 0) yield out;
              out = [];
              for await (const items of waiting.drain()) {
                const frames: Slot[] = [];
                for (const { position, value } of items) emit(harItem.entry, harItem.index, position, value, frames);
                if (frames.length > 0) yield frames;
              }
            }
            if (options.onEntry !== undefined && keep(harItem.entry)) out.push({ done: { file: source.name, index: harItem.index, entry: harItem.entry } });
            const messages = harItem.entry._webSocketMessages as unknown;
            // Not an array: not streamed, still reported by the frame reader (for entries the filters keep).
            if (messages !== undefined && messages !== null && !Array.isArray(messages) && keep(harItem.entry)) {
              for (const item of iterEntryFrames(harItem.entry, harItem.index)) out.push({ file: source.name, item });
            }
          }
        }
        if (out.length > 0) yield out;
      }
    } finally {
      waiting.dispose();
    }
  }
}

/**
 * The frames (and frame problems) of `sources`, one batch per chunk read (batches spare the
 * per-item cost of async iteration). `onEntry` runs for the entries a batch completes once the
 * caller asks for the next batch.
 */
export async function* streamFrameBatches(sources: readonly InputSource[], options: FrameStreamOptions = {}): AsyncGenerator<FileFrameItem[]> {
  for await (const slots of slotBatches(sources, options)) {
    // Without onEntry there are no `done` slots to take out (kernel-decode, ws-messages).
    if (options.onEntry === undefined) {
      if (slots.length > 0) yield slots as FileFrameItem[];
      continue;
    }
    const items = slots.filter((slot): slot is FileFrameItem => !('done' in slot));
    if (items.length > 0) yield items;
    for (const slot of slots) if ('done' in slot) options.onEntry(slot.done.file, slot.done.index, slot.done.entry);
  }
}

/** The frames of `sources` one at a time; `onEntry` runs right after an entry's last frame is taken. */
export async function* streamFrames(sources: readonly InputSource[], options: FrameStreamOptions = {}): AsyncGenerator<FileFrameItem> {
  for await (const slots of slotBatches(sources, options)) {
    for (const slot of slots) {
      if ('done' in slot) options.onEntry?.(slot.done.file, slot.done.index, slot.done.entry);
      else yield slot;
    }
  }
}
