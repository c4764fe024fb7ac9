import { constants } from 'node:buffer';
import type { Entry, Page } from 'har-format';
import { defineMember, scalarValue, type JsonValue } from './build.js';
import { HarOutline } from './har-outline.js';
import type { InputSource } from './input.js';
import { scanChunks } from './scan-source.js';
import { Action, type ScalarKind, type ScanListener } from './scan-listener.js';
import { KeyFilter } from './string-simd.js';
import { wholeDocumentBatches } from './whole-document.js';

/**
 * A value as real exporters write it: @types/har-format declares every HAR 1.2 field required
 * and non-null, but Chrome writes null sizes, Firefox `timings: {}` and null `afterRequest`,
 * Playwright leaves out what it did not see, and a capture may hold anything. So every field is
 * optional and may be null; code that reads one still checks its runtime type.
 */
export type AsExported<T> = T extends string | number | boolean
  ? T
  : T extends readonly (infer U)[]
    ? AsExported<U>[]
    : T extends object
      ? { [K in keyof T]?: AsExported<T[K]> | null }
      : T;

/** A HAR entry as read (@types/har-format's Entry, with Chrome's `_resourceType` and `_webSocketMessages`). */
export type HarEntry = AsExported<Entry>;

/** Everything in `log` except `entries`. */
export interface HarLogHeader {
  version?: string;
  creator?: { name?: string; version?: string };
  browser?: { name?: string; version?: string };
  pages?: Page[];
  comment?: string;
  [key: string]: unknown;
}

/**
 * A streamed element too large to read (a frame over `elementLimit`), in place of its value:
 * it was validated and counted, never held.
 */
export class TooLarge {
  constructor(readonly size: number) {}
}

/** Streamed elements (WebSocket frames) bigger than this are not read: 64 MiB. */
export const ELEMENT_LIMIT = 64 * 2 ** 20;
/** No captured value may be longer than V8's longest string (JSON.parse needs it as one). */
const CAPTURE_LIMIT = constants.MAX_STRING_LENGTH;

export type HarItem =
  /** Emitted when `log.entries` starts, with the log fields seen before it. */
  | { kind: 'header'; file: string; log: HarLogHeader }
  | { kind: 'entry'; file: string; index: number; entry: HarEntry }
  /**
   * One element of an entry array named in `streamElementsOf`, emitted as soon as it is read.
   * `entry` is the entry being built (it may have grown by the time the item is seen, since
   * items are handed out per chunk); `keysBefore` are the entry keys read completely before the
   * array began, the same for every element of the array.
   */
  | {
      kind: 'element';
      file: string;
      index: number;
      key: string;
      position: number;
      value: JsonValue | TooLarge;
      entry: HarEntry;
      keysBefore: ReadonlySet<string>;
    }
  /** Emitted once the document is complete, with every log field but entries. */
  | { kind: 'end'; file: string; log: HarLogHeader; entryCount: number };

/**
 * Which parts of each entry to materialise. `true` keeps the whole value at that key; a nested
 * projection keeps only the named keys of an object. Everything else is skipped unparsed, which
 * is what makes `har urls` fast: response bodies are never decoded.
 */
export type EntryProjection = Map<string, EntryProjection | true>;

export interface ReadHarOptions {
  /** null or absent: whole entries. */
  project?: EntryProjection | null;
  /**
   * An entry key (e.g. `_webSocketMessages`) whose array elements are emitted one by one as
   * 'element' items instead of being kept in the entry, so one huge array never sits in memory.
   * Requires a projection.
   */
  streamElementsOf?: string;
  /** Don't materialise entries at all (they are still validated): for header-only reads. */
  skipEntries?: boolean;
  /**
   * Asked before a projected value below the entry's top level is read (`path` from the entry,
   * e.g. ['response', 'content', 'text']), with the entry as read so far: false skips it unread.
   * Lets a reader take response bodies of a few entries only.
   */
  readValue?: (entry: Readonly<Record<string, unknown>>, path: readonly string[]) => boolean;
  /** A bad entry inside a good file: reported here and skipped. */
  onWarning?: (message: string) => void;
  /** Streamed elements longer than this many bytes come as TooLarge (default ELEMENT_LIMIT). */
  elementLimit?: number;
  /**
   * Projected fields of an entry longer than this many bytes are left out, with a warning, and
   * never held (default: V8's string limit). For readers that only count or classify a field.
   */
  fieldLimit?: number;
}

type BuildNode = EntryProjection | 'all';
/** One open container of the entry being built, with what to keep of it. */
interface OpenContainer {
  container: JsonValue[] | Record<string, JsonValue>;
  node: BuildNode;
}

const ENTRY_DEPTH = 3;

function badEntryWarning(index: number): HarWarning {
  return { entry: index, detail: ' is not an object; skipped' };
}

/**
 * A warning about a bad part of a good file, before it is written out: `entry` is the index of
 * the entry it is about (counted from where this reader began), `detail` what follows its path.
 * A second thread reads entries before it knows how many came before (src/read/parallel.ts).
 */
export interface HarWarning {
  entry: number | null;
  detail: string;
  /** A key given twice: said once per file. */
  duplicate?: boolean;
}

/** "FILE: log.entries[N] is not an object; skipped", with N counted from `base`. */
export function harWarningText(file: string, warning: HarWarning, base = 0): string {
  return warning.entry === null ? `${file}: ${warning.detail}` : `${file}: log.entries[${warning.entry + base}]${warning.detail}`;
}

export class HarListener implements ScanListener {
  readonly items: HarItem[] = [];
  readonly log: HarLogHeader = {};
  readonly outline: HarOutline;
  entryCount = 0;
  /** Bytes of the values kept so far (a second thread's measure of what it holds). */
  keptBytes = 0;
  private readonly keys: string[] = [];
  private beginDepth = -1;
  private open: OpenContainer[] = [];
  private badEntry = false;
  /** Read by the scanner when a capture starts: streamed elements have their own, lower limit. */
  captureLimit = CAPTURE_LIMIT;

  constructor(
    private readonly file: string,
    private readonly project: EntryProjection | null,
    private readonly skipEntries: boolean,
    private readonly streamKey: string | null,
    private readonly warn: (warning: HarWarning) => void,
    private readonly elementLimit: number,
    private readonly fieldLimit: number,
    private readonly readValue: ReadHarOptions['readValue'] = undefined,
  ) {
    this.outline = new HarOutline(file);
  }

  /** Inside the streamed array of the current entry: depth of its elements, else -1. */
  private streamDepth = -1;
  private streamPosition = 0;
  private streamKeysBefore: ReadonlySet<string> = new Set();

  beginValue(depth: number): Action {
    this.beginDepth = depth;
    if (depth <= 2) this.outline.begin(depth);
    switch (depth) {
      case 0:
        return Action.Descend;
      case 1:
        return this.keys[1] === 'log' ? Action.Descend : Action.Skip;
      case 2:
        this.captureLimit = CAPTURE_LIMIT;
        return this.keys[2] === 'entries' ? Action.Descend : Action.Capture;
      case ENTRY_DEPTH:
        this.captureLimit = CAPTURE_LIMIT;
        this.badEntry = false;
        if (this.skipEntries) {
          this.entryCount++;
          return Action.Skip;
        }
        return this.project === null ? Action.Capture : Action.Descend;
      default:
        if (this.badEntry) return Action.Skip;
        this.captureLimit = depth === this.streamDepth ? this.elementLimit : this.fieldLimit;
        if (depth === this.streamDepth) return Action.Capture;
        if (this.isStreamedKey(depth)) return Action.Descend;
        return this.childAction(depth);
    }
  }

  /** The value beginning at `depth` is the entry key named in `streamElementsOf`. */
  private isStreamedKey(depth: number): boolean {
    return depth === ENTRY_DEPTH + 1 && this.streamKey !== null && this.keys[depth] === this.streamKey;
  }

  private skipBadEntry(index: number): void {
    this.warn(badEntryWarning(index));
  }

  /** Inside `log.entries`, between two entries: where a parallel read hands over (the scanner says where exactly). */
  get inEntries(): boolean {
    return this.outline.sawEntries && this.keys[1] === 'log' && this.keys[2] === 'entries';
  }

  private childAction(depth: number): Action {
    const parent = this.open[this.open.length - 1]!;
    if (parent.node === 'all' || Array.isArray(parent.container)) return Action.Descend;
    const child = parent.node.get(this.keys[depth]!);
    if (child === undefined) return Action.Skip;
    if (child !== true) return Action.Descend;
    if (this.readValue !== undefined && depth > ENTRY_DEPTH + 1) {
      const entry = this.open[0]!.container as Record<string, unknown>;
      if (!this.readValue(entry, this.keys.slice(ENTRY_DEPTH + 1, depth + 1))) return Action.Skip;
    }
    return Action.Capture;
  }

  private readonly filters = new Map<EntryProjection, KeyFilter>();

  /**
   * Inside an entry, an object read through a projection: only the projected keys (and, in the
   * entry, the streamed one). A member skipped unannounced is one `childAction` would skip: its
   * key is not in the projection, so nothing is kept, checked for duplicates or asked of readValue.
   */
  wantedKeys(depth: number): KeyFilter | null {
    if (depth < ENTRY_DEPTH || this.badEntry) return null;
    const node = this.open[this.open.length - 1]?.node;
    // Only a plain Map lists its keys: a subclass (EveryMemberExcept) may answer `get` for others.
    if (node === undefined || node === 'all' || Object.getPrototypeOf(node) !== Map.prototype) return null;
    let filter = this.filters.get(node);
    if (filter === undefined) {
      const keys = [...node.keys()];
      if (depth === ENTRY_DEPTH && this.streamKey !== null) keys.push(this.streamKey);
      filter = new KeyFilter(keys);
      this.filters.set(node, filter);
    }
    return filter;
  }

  onKey(key: string, depth: number): void {
    this.keys[depth] = key;
    if (depth <= 2) this.outline.key(key, depth);
  }

  onOpen(isArray: boolean, depth: number): void {
    if (depth <= 2) {
      // Only the top level, "log" and "log.entries" are read at these depths.
      this.outline.opened(isArray);
      if (depth === 2) this.items.push({ kind: 'header', file: this.file, log: { ...this.log } });
      return;
    }
    if (depth === ENTRY_DEPTH) {
      if (isArray) {
        this.badEntry = true;
        return;
      }
      this.open = [{ container: {}, node: this.project! }];
      return;
    }
    if (this.badEntry) return;
    if (isArray && this.isStreamedKey(depth)) {
      this.streamDepth = depth + 1;
      this.streamPosition = 0;
      this.streamKeysBefore = new Set(Object.keys(this.open[0]!.container));
      return;
    }
    const parent = this.open[this.open.length - 1]!;
    const container: JsonValue[] | Record<string, JsonValue> = isArray ? [] : {};
    let node: BuildNode = 'all';
    if (parent.node !== 'all' && !Array.isArray(parent.container)) {
      const child = parent.node.get(this.keys[depth]!);
      if (child instanceof Map) node = child;
    }
    this.attach(depth, container);
    this.open.push({ container, node });
  }

  onClose(_isArray: boolean, depth: number): void {
    if (depth === ENTRY_DEPTH) {
      const index = this.entryCount++;
      if (this.badEntry) {
        this.skipBadEntry(index);
      } else {
        this.items.push({ kind: 'entry', file: this.file, index, entry: this.open[0]!.container as HarEntry });
      }
      this.open = [];
    } else if (depth === this.streamDepth - 1) {
      this.streamDepth = -1;
    } else if (depth > ENTRY_DEPTH && !this.badEntry) {
      this.open.pop();
    }
  }

  onScalar(kind: ScalarKind, bytes: Buffer, start: number, end: number, escaped: boolean): void {
    const depth = this.beginDepth;
    if (depth <= 2) this.outline.scalar();
    if (depth === ENTRY_DEPTH) {
      this.skipBadEntry(this.entryCount++);
      return;
    }
    if (this.badEntry) return;
    this.keptBytes += end - start;
    this.attach(depth, scalarValue(kind, bytes, start, end, escaped));
  }

  onCapture(bytes: Buffer, depth: number): void {
    this.keptBytes += bytes.length;
    const value = JSON.parse(bytes.toString('utf8')) as JsonValue;
    if (depth === this.streamDepth) {
      const entry = this.open[0]!.container as HarEntry;
      const position = this.streamPosition++;
      const keysBefore = this.streamKeysBefore;
      this.items.push({ kind: 'element', file: this.file, index: this.entryCount, key: this.streamKey!, position, value, entry, keysBefore });
    } else if (depth === 2) {
      if (Object.hasOwn(this.log, this.keys[2]!)) this.duplicate('log', this.keys[2]!);
      defineMember(this.log as Record<string, JsonValue>, this.keys[2]!, value);
    } else if (depth === ENTRY_DEPTH) {
      const index = this.entryCount++;
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        this.skipBadEntry(index);
      } else {
        this.items.push({ kind: 'entry', file: this.file, index, entry: value as HarEntry });
      }
    } else {
      this.attach(depth, value);
    }
  }

  onOversized(size: number, depth: number): void {
    if (depth === this.streamDepth) {
      const entry = this.open[0]!.container as HarEntry;
      const position = this.streamPosition++;
      this.items.push({ kind: 'element', file: this.file, index: this.entryCount, key: this.streamKey!, position, value: new TooLarge(size), entry, keysBefore: this.streamKeysBefore });
    } else if (depth === 2) {
      this.warn({ entry: null, detail: `log.${this.keys[2]!} is ${size} bytes, too large to read; left out` });
    } else if (depth === ENTRY_DEPTH) {
      this.warn({ entry: this.entryCount++, detail: ` is ${size} bytes, too large to read; skipped` });
    } else {
      const path = this.keys.slice(ENTRY_DEPTH + 1, depth + 1).join('.');
      this.warn({ entry: this.entryCount, detail: `.${path} is ${size} bytes, too large to read; left out` });
    }
  }

  /** Adds a value to the innermost container being built, at the key read for `depth`. */
  private attach(depth: number, value: JsonValue): void {
    const parent = this.open[this.open.length - 1]!.container;
    if (Array.isArray(parent)) {
      parent.push(value);
      return;
    }
    const key = this.keys[depth]!;
    if (Object.hasOwn(parent, key)) this.duplicate(this.entryCount, key);
    defineMember(parent, key, value);
  }

  warnedDuplicate = false;

  /** Any other key given twice (in `log`, or in entry N): the last wins, as in JSON.parse; said once per file. */
  private duplicate(entry: 'log' | number, key: string): void {
    if (this.warnedDuplicate) return;
    this.warnedDuplicate = true;
    const detail = ` has the key ${JSON.stringify(key)} twice: the last one wins (as in JSON.parse)`;
    this.warn(entry === 'log' ? { entry: null, detail: `log${detail}`, duplicate: true } : { entry, detail, duplicate: true });
  }
}

/** The scan listener that reads a HAR as `options` ask, reporting bad parts to `warn`. */
export function harListener(file: string, options: ReadHarOptions, warn: (warning: HarWarning) => void): HarListener {
  return new HarListener(
    file,
    projectOf(options),
    options.skipEntries === true,
    options.streamElementsOf ?? null,
    warn,
    options.elementLimit ?? ELEMENT_LIMIT,
    fieldLimitOf(options),
    options.readValue,
  );
}

/** What of each entry a read keeps: a streamed array needs a projection to stream from. */
function projectOf(options: ReadHarOptions): EntryProjection | null {
  return options.project ?? (options.streamElementsOf !== undefined ? new Map() : null);
}

function fieldLimitOf(options: ReadHarOptions): number {
  return Math.min(options.fieldLimit ?? CAPTURE_LIMIT, CAPTURE_LIMIT);
}

/**
 * Streams one HAR file as batches of items (one batch per chunk read): a header item when
 * `log.entries` starts, one item per entry, and an end item. Memory stays bounded by the
 * largest entry, whatever the file size. Batches spare the per-item cost of async iteration.
 */
export async function* readHarBatches(source: InputSource, options: ReadHarOptions = {}): AsyncGenerator<HarItem[]> {
  const warn = options.onWarning ?? (() => undefined);
  const whole = await wholeDocumentBatches(source, {
    project: projectOf(options),
    streamKey: options.streamElementsOf ?? null,
    skipEntries: options.skipEntries === true,
    readValue: options.readValue,
    valueLimit: Math.min(options.elementLimit ?? ELEMENT_LIMIT, fieldLimitOf(options)),
    badEntry: (index) => warn(harWarningText(source.name, badEntryWarning(index))),
  });
  if (whole !== null) {
    yield* whole;
    return;
  }
  const listener = harListener(source.name, options, (warning) => warn(harWarningText(source.name, warning)));
  for await (const _chunk of scanChunks(source, listener, { reuseBuffer: true })) {
    if (listener.items.length > 0) yield listener.items.splice(0);
  }
  if (listener.items.length > 0) yield listener.items.splice(0);
  listener.outline.finish();
  yield [{ kind: 'end', file: source.name, log: listener.log, entryCount: listener.entryCount }];
}

/** The items of `readHarBatches` one at a time. */
export async function* readHar(source: InputSource, options: ReadHarOptions = {}): AsyncGenerator<HarItem> {
  for await (const batch of readHarBatches(source, options)) yield* batch;
}

export type EntryItem = { file: string; index: number; entry: HarEntry };

/** Entries of several inputs, in order, in batches. */
export async function* readEntryBatches(sources: readonly InputSource[], options: ReadHarOptions = {}): AsyncGenerator<EntryItem[]> {
  for (const source of sources) {
    for await (const batch of readHarBatches(source, options)) {
      const entries = batch.filter((item): item is HarItem & { kind: 'entry' } => item.kind === 'entry');
      if (entries.length > 0) yield entries;
    }
  }
}

/** Entries of several inputs, in order. */
export async function* readEntries(sources: readonly InputSource[], options: ReadHarOptions = {}): AsyncGenerator<EntryItem> {
  for await (const batch of readEntryBatches(sources, options)) yield* batch;
}

/** Builds a projection from key paths such as [['request', 'url'], ['response', 'status']]. */
export function projectionOf(paths: readonly (readonly string[])[]): EntryProjection {
  const root: EntryProjection = new Map();
  for (const path of paths) {
    let node = root;
    for (let i = 0; i < path.length; i++) {
      const key = path[i]!;
      const existing = node.get(key);
      if (existing === true) break;
      if (i === path.length - 1) {
        node.set(key, true);
        break;
      }
      if (existing === undefined) {
        const child: EntryProjection = new Map();
        node.set(key, child);
        node = child;
      } else {
        node = existing;
      }
    }
  }
  return root;
}
