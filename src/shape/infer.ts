import { HarGate } from '../read/har-outline.js';
import type { InputSource } from '../read/input.js';
import { scanSource } from '../read/scan-source.js';
import { codePointLength } from '../read/code-points.js';
import { JsonScanner, isJsonDocument } from '../read/scanner.js';
import { Action, ScalarKind, decodeJsonString, type ScanListener } from '../read/scan-listener.js';
import { JType, RawNumber, SegKind, ShapeNode, emptyStats, newShape, type NodeStats, type Shape, type ShapeValue } from './model.js';
import type { ShapeSegment } from './shape-path.js';

export interface InferOptions {
  /** Top-level arrays contribute their elements as separate items (dictknife --squash). */
  squash?: boolean;
  /** dictknife's --squash on an object: its keys (strings) become the items. */
  squashObjectKeys?: boolean;
  /** Shape JSON documents held in strings under a `(json)` segment. */
  expandJson?: boolean;
  /** Only the values at this path become items (`--under`). */
  under?: readonly ShapeSegment[];
  /** Record first values (for --with-example). */
  examples?: boolean;
  /** Record whole first values, containers included (--full). */
  full?: boolean;
  stats?: boolean;
  /**
   * Hold each input to the HAR rule (src/read/har-outline.ts): JSON that is not a HAR, or has
   * "log" or "log.entries" twice, is refused (exit 5). `har shape` does unless --any-json.
   */
  har?: boolean;
  /** Strings over this many raw bytes are counted, not held (default SHAPE_STRING_LIMIT; tests use less). */
  stringLimit?: number;
}

/** Distinct values are counted exactly up to this many per path, then given up. */
export const DISTINCT_LIMIT = 500;
/** Strings longer than this (bytes) are not counted as distinct values. */
const DISTINCT_MAX_BYTES = 120;
const STATS_EXAMPLES = 3;
const EXAMPLE_CHARS = 60;

const BIG = 0x3fffffff;

/**
 * Strings longer than this (raw bytes) are counted, never held: their examples are their first
 * 4 KiB (LONG_STRING_HEAD) marked cut with "…", and --expand-json leaves them as plain strings
 * (said once). Memory then stays bounded whatever one value's size (a 200 MB URL or frame).
 */
export const SHAPE_STRING_LIMIT = 16 * 2 ** 20;

/** What the scanner tells of a string over SHAPE_STRING_LIMIT: its bytes are only its head. */
interface LongString {
  size: number;
  codePoints: number;
}

type Built = ShapeValue[] | Map<string, ShapeValue>;

/**
 * Scanner listener that feeds one document into a shape. Per token it does a child lookup and
 * a counter increment; strings are decoded only for examples and statistics.
 */
class ShapeListener implements ScanListener {
  /** Node of the container open at each depth. */
  private readonly nodes: ShapeNode[] = [];
  /** 1 when the container at that depth is an array. */
  private readonly isArr: number[] = [];
  /** Index of the current element of the array at that depth. */
  private readonly idx: number[] = [];
  /** Object instance serial at that depth (a repeated key counts once). */
  private readonly serials: number[] = [];
  private readonly built: (Built | null)[] = [];
  private key = '';
  private current: ShapeNode;
  private currentDepth = 0;
  private pendingItem = false;
  private itemPrefix: number[] = [];

  /** Values at this depth are items (the root node's values). */
  private itemDepth: number;
  /** The `--under` segments matched before the items (or before a `(json)` hop). */
  private readonly pattern: readonly ShapeSegment[];
  private readonly patternDepth: number;
  /** After a `(json)` segment of `--under`, the rest of the path, matched inside the string. */
  private readonly jsonRest: readonly ShapeSegment[] | null;
  private squashKeys = false;
  private readonly squashDepth: number;

  private readonly examples: boolean;
  private readonly full: boolean;
  private readonly stats: boolean;
  private readonly expandJson: boolean;
  readonly stringLimit: number;

  constructor(
    private readonly shape: Shape,
    private readonly root: ShapeNode,
    private readonly options: InferOptions,
    under: readonly ShapeSegment[],
    /** Indices that place this document: the dataset index, or the enclosing string's position. */
    private readonly basePrefix: number[] | null,
  ) {
    const hop = under.findIndex((segment) => segment.kind === 'json');
    this.pattern = hop === -1 ? under : under.slice(0, hop);
    this.jsonRest = hop === -1 ? null : under.slice(hop + 1);
    this.patternDepth = this.pattern.length;
    this.itemDepth = hop === -1 ? this.patternDepth : BIG;
    this.squashDepth = basePrefix === null && options.squash === true ? this.patternDepth : -1;
    this.current = root;
    this.examples = shape.examples;
    this.full = shape.full;
    this.stats = shape.stats;
    this.expandJson = options.expandJson === true;
    this.stringLimit = options.stringLimit ?? SHAPE_STRING_LIMIT;
  }

  beginValue(depth: number): Action {
    if (depth > this.itemDepth) return this.beginShaped(depth);
    if (depth === 0 && this.basePrefix === null) this.itemPrefix = [this.shape.documents++];
    if (depth === this.itemDepth) {
      if (this.squashKeys) return Action.Skip;
      if (depth > 0 && depth <= this.patternDepth && !this.matches(depth)) return Action.Skip;
      this.pendingItem = true;
      this.current = this.root;
      this.currentDepth = depth;
      return Action.Descend;
    }
    if (depth > this.patternDepth) return Action.Skip;
    if (depth > 0 && !this.matches(depth)) return Action.Skip;
    this.currentDepth = depth;
    return Action.Descend;
  }

  private matches(depth: number): boolean {
    const segment = this.pattern[depth - 1]!;
    if (segment.kind === 'item') return this.isArr[depth - 1] === 1;
    return segment.kind === 'key' && this.isArr[depth - 1] === 0 && this.key === segment.key;
  }

  private beginShaped(depth: number): Action {
    const d = depth - 1;
    const parent = this.nodes[d]!;
    let node: ShapeNode;
    if (this.isArr[d] === 1) {
      this.idx[d]!++;
      node = parent.item ?? (parent.item = this.newNode(parent, SegKind.Item, '[]', depth));
      node.count++;
    } else {
      const key = this.key;
      node = parent.children.get(key) ?? this.newKeyNode(parent, key, depth);
      const serial = this.serials[d]!;
      if (node.lastSerial === serial) {
        this.shape.duplicateKeys++;
      } else {
        node.lastSerial = serial;
        node.count++;
      }
    }
    this.current = node;
    this.currentDepth = depth;
    return Action.Descend;
  }

  private newKeyNode(parent: ShapeNode, key: string, depth: number): ShapeNode {
    const node = this.newNode(parent, SegKind.Key, key, depth);
    parent.children.set(key, node);
    return node;
  }

  private newNode(parent: ShapeNode, kind: SegKind, key: string, depth: number): ShapeNode {
    return new ShapeNode(parent, kind, key, this.snapshot(depth), this.shape.nextSeq++);
  }

  /** Where the value at `depth` is: the item's prefix plus the indices of enclosing arrays. */
  private snapshot(depth: number): number[] {
    const out = this.itemPrefix.slice();
    for (let d = this.itemDepth; d < depth; d++) if (this.isArr[d] === 1) out.push(this.idx[d]!);
    return out;
  }

  private startItem(): void {
    this.pendingItem = false;
    const prefix = this.basePrefix === null ? [this.itemPrefix[0]!] : this.basePrefix.slice();
    for (let d = 0; d < this.itemDepth; d++) if (this.isArr[d] === 1) prefix.push(this.idx[d]!);
    this.itemPrefix = prefix;
    if (this.shape.prefixLength < 0) this.shape.prefixLength = prefix.length;
    this.root.count++;
    if (this.root.firstIndex.length === 0) this.root.firstIndex = prefix;
  }

  onKey(key: string, depth: number): void {
    this.key = key;
    if (this.squashKeys && depth === this.itemDepth) {
      this.startItem();
      this.root.types[JType.String]!++;
    }
  }

  onOpen(isArray: boolean, depth: number): void {
    if (depth <= this.itemDepth) {
      if (depth < this.itemDepth || !this.pendingItem) {
        this.isArr[depth] = isArray ? 1 : 0;
        if (isArray) this.idx[depth] = -1;
        return;
      }
      if (depth === this.squashDepth) {
        if (isArray || this.options.squashObjectKeys === true) {
          this.pendingItem = false;
          this.isArr[depth] = isArray ? 1 : 0;
          if (isArray) this.idx[depth] = -1;
          this.itemDepth = depth + 1;
          this.squashKeys = !isArray;
          return;
        }
      }
      this.startItem();
    }
    const node = this.current;
    node.types[isArray ? JType.Array : JType.Object]!++;
    this.nodes[depth] = node;
    if (isArray) {
      this.isArr[depth] = 1;
      this.idx[depth] = -1;
    } else {
      this.isArr[depth] = 0;
      this.serials[depth] = this.shape.objects++;
    }
    if (this.full) {
      const parent = depth > this.itemDepth ? this.built[depth - 1]! : null;
      if (parent !== null || !node.hasExample) {
        const value: Built = isArray ? [] : new Map();
        if (parent !== null) this.attach(parent, value);
        if (!node.hasExample) {
          node.hasExample = true;
          node.example = value;
        }
        this.built[depth] = value;
      } else {
        this.built[depth] = null;
      }
    } else if (!node.hasExample) {
      node.hasExample = true;
    }
  }

  onClose(isArray: boolean, depth: number): void {
    if (depth < this.itemDepth) {
      if (depth === this.squashDepth && this.itemDepth === depth + 1) {
        this.itemDepth = depth;
        this.squashKeys = false;
      }
      return;
    }
    if (isArray) {
      const length = this.idx[depth]! + 1;
      const node = this.nodes[depth]!;
      if (length > 0) node.nonEmptyArrays++;
      if (this.stats) {
        const stats = node.stats ?? (node.stats = emptyStats());
        if (length < stats.minItems) stats.minItems = length;
        if (length > stats.maxItems) stats.maxItems = length;
      }
    }
    if (this.full) this.built[depth] = null;
  }

  onScalar(kind: ScalarKind, bytes: Buffer, start: number, end: number, escaped: boolean): void {
    this.scalar(kind, bytes, start, end, escaped, null);
  }

  onLongString(head: Buffer, size: number, codePoints: number, escaped: boolean): void {
    this.scalar(ScalarKind.String, head, 0, head.length, escaped, { size, codePoints });
  }

  /** A scalar; for a string over the limit, `long` is set and bytes[start, end) is only its head. */
  private scalar(kind: ScalarKind, bytes: Buffer, start: number, end: number, escaped: boolean, long: LongString | null): void {
    const depth = this.currentDepth;
    if (depth <= this.itemDepth) {
      if (depth === this.itemDepth && this.pendingItem) {
        this.startItem();
      } else {
        if (depth === this.patternDepth && this.jsonRest !== null && kind === ScalarKind.String) {
          if (long === null) this.expand(this.root, bytes, start, end, escaped, depth, this.jsonRest);
          else this.unexpanded(this.current, bytes, start, long);
        }
        return;
      }
    }
    const node = this.current;
    let integer = false;
    switch (kind) {
      case ScalarKind.String:
        node.types[JType.String]!++;
        break;
      case ScalarKind.Number:
        integer = true;
        for (let i = start; i < end; i++) {
          const c = bytes[i]!;
          if (c === 0x2e || c === 0x65 || c === 0x45) {
            integer = false;
            break;
          }
        }
        node.types[integer ? JType.Integer : JType.Number]!++;
        break;
      case ScalarKind.Null:
        node.types[JType.Null]!++;
        break;
      default:
        node.types[JType.Boolean]!++;
    }
    if (this.full) {
      const parent = depth > this.itemDepth ? this.built[depth - 1]! : null;
      if (parent !== null || !node.hasExample) {
        const value = long === null ? scalarOf(kind, bytes, start, end, escaped, integer) : headText(bytes, start, end, escaped);
        if (parent !== null) this.attach(parent, value);
        if (!node.hasExample) {
          node.hasExample = true;
          node.example = value;
        }
      }
    } else if (!node.hasExample) {
      node.hasExample = true;
      if (this.examples) node.example = long === null ? scalarOf(kind, bytes, start, end, escaped, integer) : headText(bytes, start, end, escaped);
    }
    if (this.stats) observe(node.stats ?? (node.stats = emptyStats()), kind, bytes, start, end, escaped, long);
    if (this.expandJson && kind === ScalarKind.String && end > start && (bytes[start] === 0x7b || bytes[start] === 0x5b)) {
      if (long === null) this.expand(null, bytes, start, end, escaped, depth, []);
      else this.unexpanded(node, bytes, start, long);
    }
  }

  /** A string too long to expand that may hold JSON: counted, and the first one kept, for one warning. */
  private unexpanded(node: ShapeNode, bytes: Buffer, start: number, long: LongString): void {
    if (bytes[start] !== 0x7b && bytes[start] !== 0x5b) return;
    const first = this.shape.unexpanded;
    if (first === null) this.shape.unexpanded = { count: 1, node, size: long.size };
    else first.count++;
  }

  private attach(parent: Built, value: ShapeValue): void {
    if (Array.isArray(parent)) parent.push(value);
    else parent.set(this.key, value);
  }

  /** A string holding a JSON object or array: shape it under `(json)` (or as items, for --under). */
  private expand(target: ShapeNode | null, bytes: Buffer, start: number, end: number, escaped: boolean, depth: number, under: readonly ShapeSegment[]): void {
    const text = escaped ? decodeJsonString(bytes, start, end, true) : null;
    if (text !== null && text.charCodeAt(0) !== 0x7b && text.charCodeAt(0) !== 0x5b) return;
    const document = text === null ? bytes.subarray(start, end) : Buffer.from(text, 'utf8');
    // Checked before any of it is shaped; JSON.parse would build the whole tree to say yes.
    if (!isJsonDocument(document)) return;
    const position = this.snapshot(depth);
    let root = target;
    if (root === null) {
      const owner = this.current;
      root = owner.json ?? (owner.json = new ShapeNode(owner, SegKind.Json, '(json)', position, this.shape.nextSeq++));
    }
    const nested = new ShapeListener(this.shape, root, this.options, under, position);
    const scanner = new JsonScanner(nested);
    scanner.write(document);
    scanner.end();
  }

  onCapture(): void {
    throw new Error('the shape listener never captures');
  }
}

function scalarOf(kind: ScalarKind, bytes: Buffer, start: number, end: number, escaped: boolean, integer: boolean): ShapeValue {
  switch (kind) {
    case ScalarKind.String:
      return decodeJsonString(bytes, start, end, escaped);
    case ScalarKind.Number:
      return new RawNumber(bytes.toString('latin1', start, end), integer);
    case ScalarKind.True:
      return true;
    case ScalarKind.False:
      return false;
    default:
      return null;
  }
}

/** The start of a long string, decoded, cut at a safe place. */
function decodePrefix(bytes: Buffer, start: number, end: number, escaped: boolean, limit: number): string {
  if (end - start <= limit) return decodeJsonString(bytes, start, end, escaped);
  return decodeHead(bytes, start, start + limit, escaped);
}

/** The raw content bytes[start, end) decoded, where `end` may fall inside a character or an escape. */
function decodeHead(bytes: Buffer, start: number, end: number, escaped: boolean): string {
  let cut = end;
  while (cut > start && (bytes[cut]! & 0xc0) === 0x80) cut--;
  for (let tries = 0; tries < 8 && cut > start; tries++) {
    try {
      return decodeJsonString(bytes, start, cut, escaped);
    } catch {
      cut--;
    }
  }
  return '';
}

/** The example of a string over the limit: its head, decoded, marked as cut. */
function headText(bytes: Buffer, start: number, end: number, escaped: boolean): string {
  return `${decodeHead(bytes, start, end, escaped)}…`;
}

/** Display text of a scalar in statistics: JSON, one line, cut to EXAMPLE_CHARS. */
export function exampleText(kind: ScalarKind, bytes: Buffer, start: number, end: number, escaped: boolean): string {
  if (kind !== ScalarKind.String) return bytes.toString('latin1', start, end);
  const text = decodePrefix(bytes, start, end, escaped, EXAMPLE_CHARS * 4 + 8);
  const long = end - start > EXAMPLE_CHARS * 4 + 8 || [...text].length > EXAMPLE_CHARS;
  return long ? `${JSON.stringify([...text].slice(0, EXAMPLE_CHARS).join(''))}…` : JSON.stringify(text);
}

function observe(stats: NodeStats, kind: ScalarKind, bytes: Buffer, start: number, end: number, escaped: boolean, long: LongString | null): void {
  let distinctKey: string | null = null;
  switch (kind) {
    case ScalarKind.String: {
      const length = long === null ? codePointLength(bytes, start, end, escaped) : long.codePoints;
      if (length < stats.minLength) stats.minLength = length;
      if (length > stats.maxLength) stats.maxLength = length;
      if (stats.distinct !== null) {
        if (end - start > DISTINCT_MAX_BYTES || long !== null) stats.distinct = null;
        else distinctKey = decodeJsonString(bytes, start, end, escaped);
      }
      break;
    }
    case ScalarKind.Number: {
      const text = bytes.toString('latin1', start, end);
      const value = Number(text);
      if (value < stats.min || stats.minText === '') {
        stats.min = value;
        stats.minText = text;
      }
      if (value > stats.max || stats.maxText === '') {
        stats.max = value;
        stats.maxText = text;
      }
      distinctKey = `\u0000${text}`;
      break;
    }
    case ScalarKind.True:
      distinctKey = '\u0000true';
      break;
    case ScalarKind.False:
      distinctKey = '\u0000false';
      break;
    default:
      distinctKey = '\u0000null';
  }
  const distinct = stats.distinct;
  let isNew = true;
  if (distinct !== null && distinctKey !== null) {
    const seen = distinct.get(distinctKey);
    isNew = seen === undefined;
    if (isNew && distinct.size >= DISTINCT_LIMIT) stats.distinct = null;
    else distinct.set(distinctKey, (seen ?? 0) + 1);
  }
  if (stats.examples.length < STATS_EXAMPLES && isNew) {
    const text = exampleText(kind, bytes, start, end, escaped);
    if (!stats.examples.includes(text)) stats.examples.push(text);
  }
}

/** Feeds documents into a shape, one input after another (their counts are pooled). */
export class ShapeBuilder {
  readonly shape: Shape;

  constructor(private readonly options: InferOptions = {}) {
    this.shape = newShape(options);
  }

  /** A scanner listener for the next document; feed it the document's bytes. */
  listener(): ScanListener {
    return new ShapeListener(this.shape, this.shape.root, this.options, this.options.under ?? [], null);
  }

  /** Adds one complete in-memory JSON document. Throws ScanError on bad JSON. */
  addBuffer(bytes: Buffer): void {
    const scanner = new JsonScanner(this.listener());
    scanner.write(bytes);
    scanner.end();
  }

  addText(text: string): void {
    this.addBuffer(Buffer.from(text, 'utf8'));
  }

  /** Streams one input (file, stdin, gzip) into the shape; errors as the other readers report them. */
  async addSource(source: InputSource): Promise<void> {
    if (this.options.har !== true) return scanSource(source, this.listener());
    const gate = new HarGate(source.name, this.listener());
    await scanSource(source, gate);
    gate.finish();
  }
}

/** The pooled shape of several inputs, streamed. */
export async function inferShape(sources: readonly InputSource[], options: InferOptions = {}): Promise<Shape> {
  const builder = new ShapeBuilder(options);
  for (const source of sources) await builder.addSource(source);
  return builder.shape;
}

/** The shape of JSON texts (each one a document), pooled. */
export function shapeOfJson(texts: readonly (string | Buffer)[], options: InferOptions = {}): Shape {
  const builder = new ShapeBuilder(options);
  for (const text of texts) builder.addBuffer(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  return builder.shape;
}

function mergeStats(into: NodeStats, from: NodeStats): void {
  if (into.distinct !== null && from.distinct !== null) {
    for (const [key, count] of from.distinct) into.distinct.set(key, (into.distinct.get(key) ?? 0) + count);
    if (into.distinct.size > DISTINCT_LIMIT) into.distinct = null;
  } else {
    into.distinct = null;
  }
  for (const example of from.examples) if (into.examples.length < STATS_EXAMPLES && !into.examples.includes(example)) into.examples.push(example);
  into.minLength = Math.min(into.minLength, from.minLength);
  into.maxLength = Math.max(into.maxLength, from.maxLength);
  if (from.minText !== '' && (into.minText === '' || from.min < into.min)) {
    into.min = from.min;
    into.minText = from.minText;
  }
  if (from.maxText !== '' && (into.maxText === '' || from.max > into.max)) {
    into.max = from.max;
    into.maxText = from.maxText;
  }
  into.minItems = Math.min(into.minItems, from.minItems);
  into.maxItems = Math.max(into.maxItems, from.maxItems);
}

/**
 * Pools `b` into a copy of `a`, as if b's documents had been read after a's: counts add up,
 * first values and first-seen order come from `a` first.
 */
export function mergeShapes(a: Shape, b: Shape): Shape {
  const out = newShape({ examples: a.examples && b.examples, full: a.full && b.full, stats: a.stats && b.stats });
  out.documents = a.documents + b.documents;
  out.prefixLength = a.prefixLength >= 0 ? a.prefixLength : b.prefixLength;
  out.duplicateKeys = a.duplicateKeys + b.duplicateKeys;
  const [ua, ub] = [a.unexpanded, b.unexpanded];
  out.unexpanded = ua === null ? ub : ub === null ? ua : { ...ua, count: ua.count + ub.count };
  out.objects = a.objects + b.objects;
  const offset = a.documents;
  const copy = (from: ShapeNode, into: ShapeNode, shift: number): void => {
    into.count += from.count;
    for (let t = 0; t < from.types.length; t++) into.types[t]! += from.types[t]!;
    into.nonEmptyArrays += from.nonEmptyArrays;
    if (!into.hasExample && from.hasExample) {
      into.hasExample = true;
      into.example = from.example;
    }
    if (from.stats !== null) {
      if (into.stats === null) {
        into.stats = emptyStats();
        into.stats.distinct = new Map();
      }
      mergeStats(into.stats, from.stats);
    }
    const child = (source: ShapeNode, existing: ShapeNode | null): ShapeNode => {
      if (existing !== null) return existing;
      const index = source.firstIndex.slice();
      if (index.length > 0) index[0] = index[0]! + shift;
      return new ShapeNode(into, source.kind, source.key, index, out.nextSeq++);
    };
    for (const [key, source] of from.children) {
      const target = child(source, into.children.get(key) ?? null);
      into.children.set(key, target);
      copy(source, target, shift);
    }
    if (from.item !== null) copy(from.item, (into.item = child(from.item, into.item)), shift);
    if (from.json !== null) copy(from.json, (into.json = child(from.json, into.json)), shift);
  };
  copy(a.root, out.root, 0);
  if (out.root.firstIndex.length === 0) out.root.firstIndex = a.root.firstIndex.slice();
  copy(b.root, out.root, offset);
  return out;
}
