/**
 * The shape trie: one node per distinct path (array indices merged into `[]`), holding counts,
 * a type histogram and, on demand, the first value and statistics. Memory grows with the number
 * of distinct paths, never with the number of values.
 */

/** JSON types, in the order they are listed everywhere (the `--with-type` order). */
export const enum JType {
  Null = 0,
  Boolean = 1,
  Integer = 2,
  Number = 3,
  String = 4,
  Object = 5,
  Array = 6,
}
export const JTYPE_COUNT = 7;
export const JTYPE_NAMES = ['null', 'boolean', 'integer', 'number', 'string', 'object', 'array'] as const;
export type JTypeName = (typeof JTYPE_NAMES)[number];

export const enum SegKind {
  /** The dataset root: each input document (or squashed element) is one value here. */
  Root = 0,
  Key = 1,
  /** `[]`: the elements of every array at the parent path. */
  Item = 2,
  /** `(json)`: JSON documents found inside the parent's string values (--expand-json). */
  Json = 3,
}

/** A JSON number kept as its source text: `1.0` stays a float, big integers keep every digit. */
export class RawNumber {
  constructor(
    readonly text: string,
    readonly integer: boolean,
  ) {}
}

/** A value as recorded for an example: objects keep key order (a repeated key keeps its first place). */
export type ShapeValue = null | boolean | string | RawNumber | ShapeValue[] | Map<string, ShapeValue>;

/** Per-path statistics, collected only with --stats. */
export interface NodeStats {
  /** Distinct scalar values → count; null once there are too many or values are too long. */
  distinct: Map<string, number> | null;
  /** Up to a few distinct examples, in first-seen order (display text). */
  examples: string[];
  minLength: number;
  maxLength: number;
  /** Numbers: the value and its source text (so big integers print as written). */
  min: number;
  minText: string;
  max: number;
  maxText: string;
  /** Arrays at this path: element count range. */
  minItems: number;
  maxItems: number;
}

export function emptyStats(): NodeStats {
  return {
    distinct: new Map(),
    examples: [],
    minLength: Infinity,
    maxLength: -1,
    min: Infinity,
    minText: '',
    max: -Infinity,
    maxText: '',
    minItems: Infinity,
    maxItems: -1,
  };
}

export class ShapeNode {
  /** Children by object key. */
  readonly children = new Map<string, ShapeNode>();
  item: ShapeNode | null = null;
  json: ShapeNode | null = null;
  /** Values seen at this path, of any type (dictknife's count). */
  count = 0;
  /** Histogram indexed by JType. */
  readonly types: number[] = [0, 0, 0, 0, 0, 0, 0];
  /** Arrays at this path that had at least one element. */
  nonEmptyArrays = 0;
  /** Array indices (dataset index first) of the first value seen here: orders rows like dictknife's traversal. */
  firstIndex: number[];
  /** Discovery order, a tie-breaker. */
  readonly seq: number;
  hasExample = false;
  example: ShapeValue = null;
  stats: NodeStats | null = null;
  /** Serial of the last object instance this key was seen in (a repeated key counts once). */
  lastSerial = -1;
  readonly depth: number;

  constructor(
    readonly parent: ShapeNode | null,
    readonly kind: SegKind,
    readonly key: string,
    firstIndex: number[],
    seq: number,
  ) {
    this.firstIndex = firstIndex;
    this.seq = seq;
    this.depth = parent === null ? 0 : parent.depth + 1;
  }

  /** Child nodes: keys in first-seen order, then `[]`, then `(json)`. */
  *childNodes(): IterableIterator<ShapeNode> {
    yield* this.children.values();
    if (this.item !== null) yield this.item;
    if (this.json !== null) yield this.json;
  }

  /** This node and every descendant, depth-first. */
  *walk(): IterableIterator<ShapeNode> {
    const stack: ShapeNode[] = [this];
    while (stack.length > 0) {
      const node = stack.pop()!;
      yield node;
      const kids = [...node.childNodes()];
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
  }

  private segmentCache: ShapeNode[] | null = null;

  /** Segments from the root (exclusive) down to this node (cached: a node never moves). */
  segments(): ShapeNode[] {
    if (this.segmentCache !== null) return this.segmentCache;
    const out: ShapeNode[] = [];
    for (let node: ShapeNode | null = this; node !== null && node.kind !== SegKind.Root; node = node.parent) out.push(node);
    out.reverse();
    this.segmentCache = out;
    return out;
  }

  typeNames(): JTypeName[] {
    const names: JTypeName[] = [];
    for (let t = 0; t < JTYPE_COUNT; t++) if (this.types[t]! > 0) names.push(JTYPE_NAMES[t]!);
    return names;
  }

  /** How many values at the parent path could have held this one (the N of n/N). */
  parentCount(): number {
    return this.parent === null ? this.count : this.parent.count;
  }
}

/** A complete inferred shape: the root node plus what is needed to read it. */
export interface Shape {
  root: ShapeNode;
  /** Documents read so far (their index orders rows across inputs). */
  documents: number;
  /** Length of the index prefix that places an item (-1 until the first item). */
  prefixLength: number;
  /** Counter for node discovery order. */
  nextSeq: number;
  /** Whether first values were recorded (--with-example, --full, --stats). */
  examples: boolean;
  /** Whether whole container values were recorded as examples (--full). */
  full: boolean;
  stats: boolean;
  /** Objects seen (serials for the repeated-key check). */
  objects: number;
  /** Repeated keys inside one object (JSON.parse keeps the last; counted once here). */
  duplicateKeys: number;
  /** Strings that may hold JSON but were too long for --expand-json: how many, and the first. */
  unexpanded: { count: number; node: ShapeNode; size: number } | null;
}

export function newShape(options: { examples?: boolean; full?: boolean; stats?: boolean } = {}): Shape {
  const full = options.full === true;
  return {
    root: new ShapeNode(null, SegKind.Root, '', [], 0),
    documents: 0,
    prefixLength: -1,
    nextSeq: 1,
    examples: full || options.examples === true || options.stats === true,
    full,
    stats: options.stats === true,
    objects: 0,
    duplicateKeys: 0,
    unexpanded: null,
  };
}
