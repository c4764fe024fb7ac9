import { JType, SegKind, type Shape, type ShapeNode, type ShapeValue } from './model.js';
import { compareFirstVisit, compareSorted, escapeKey, escapeKeyDictknife, pathText } from './shape-path.js';

/** Type names: JSON's, Python's (dictknife with -i json), or ruamel's (dictknife's YAML loader). */
export type Vocabulary = 'json' | 'python' | 'ruamel';

/**
 * When a path gets `?`:
 * - `fixed` (default): a key is optional when some value at its parent lacks it; `[]` when some
 *   value at its parent is not a non-empty array.
 * - `dictknife`: dictknife's count rule for everything, minus its off-by-one for keys directly
 *   under array elements (a key missing from one element is flagged).
 * - `dictknife-exact`: dictknife's rule including that off-by-one.
 */
export type OptionalRule = 'fixed' | 'dictknife' | 'dictknife-exact';

export interface RowOptions {
  vocabulary: Vocabulary;
  optional: OptionalRule;
  separator: string;
  skiplist: boolean;
  withType: boolean;
  withExample: boolean;
  full: boolean;
  sort: boolean;
  /** dictknife's key escaping (`~` only escaped when the key also has `/`). */
  dictknifeEscape: boolean;
}

export interface ShapeRow {
  node: ShapeNode;
  /** The path with its `?` mark. */
  path: string;
  optional: boolean;
  /** Type names in the vocabulary's order (present when withType). */
  types?: string[];
  /** Whether an example belongs in this row (scalars only, unless --full). */
  hasExample: boolean;
  example: ShapeValue;
}

const ORDER: Record<Vocabulary, { type: JType; name: string }[]> = {
  json: [
    { type: JType.Null, name: 'null' },
    { type: JType.Boolean, name: 'boolean' },
    { type: JType.Integer, name: 'integer' },
    { type: JType.Number, name: 'number' },
    { type: JType.String, name: 'string' },
    { type: JType.Object, name: 'object' },
    { type: JType.Array, name: 'array' },
  ],
  // sorted by str(type): <class 'NoneType'> < 'bool' < 'dict' < 'float' < 'int' < 'list' < 'str'
  python: [
    { type: JType.Null, name: 'NoneType' },
    { type: JType.Boolean, name: 'bool' },
    { type: JType.Object, name: 'dict' },
    { type: JType.Number, name: 'float' },
    { type: JType.Integer, name: 'int' },
    { type: JType.Array, name: 'list' },
    { type: JType.String, name: 'str' },
  ],
  // ruamel's classes sort by module path, after the builtins they share with json
  ruamel: [
    { type: JType.Null, name: 'NoneType' },
    { type: JType.Boolean, name: 'bool' },
    { type: JType.Object, name: 'dict' },
    { type: JType.Integer, name: 'int' },
    { type: JType.Array, name: 'list' },
    { type: JType.Number, name: 'ScalarFloat' },
    { type: JType.String, name: 'DoubleQuotedScalarString' },
  ],
};

export function typeNames(node: ShapeNode, vocabulary: Vocabulary): string[] {
  return ORDER[vocabulary].filter(({ type }) => node.types[type]! > 0).map(({ name }) => name);
}

export function isOptional(node: ShapeNode, rule: OptionalRule): boolean {
  const parent = node.parent;
  if (parent === null) return false;
  if (rule === 'fixed') {
    if (node.kind === SegKind.Item) return parent.count - parent.nonEmptyArrays > 0;
    return parent.count - node.count > 0;
  }
  let parentCount = parent.count;
  if (rule === 'dictknife-exact') {
    // dictknife: len(path) > 2 and path[-2] == "[]" and path[-3] != "[]", where path has the
    // dataset's "[]" in front: true exactly when the parent is `[]` and the grandparent is a
    // real segment that is not `[]`.
    const grand = parent.parent;
    if (parent.kind === SegKind.Item && grand !== null && grand.kind !== SegKind.Root && grand.kind !== SegKind.Item) parentCount -= 1;
  }
  return parentCount - node.count > 0;
}

/** Every path of the shape, in output order (the root, which has no path, excluded). */
export function orderedNodes(shape: Shape, sort: boolean): ShapeNode[] {
  const nodes = [...shape.root.walk()].filter((node) => node.kind !== SegKind.Root);
  const prefix = Math.max(0, shape.prefixLength);
  return nodes.sort(sort ? compareSorted : (a, b) => compareFirstVisit(a, b, prefix));
}

export function shapeRows(shape: Shape, options: RowOptions): ShapeRow[] {
  const escape = options.dictknifeEscape ? escapeKeyDictknife : escapeKey;
  const rows: ShapeRow[] = [];
  for (const node of orderedNodes(shape, options.sort)) {
    if (options.skiplist && node.kind === SegKind.Item) continue;
    const optional = isOptional(node, options.optional);
    const path = `${optional ? '?' : ''}${pathText(node, options.separator, escape)}`;
    const container = node.types[JType.Object]! > 0 || node.types[JType.Array]! > 0;
    const row: ShapeRow = {
      node,
      path,
      optional,
      hasExample: options.withExample && node.hasExample && (options.full || !container),
      example: node.example,
    };
    if (options.withType) row.types = typeNames(node, options.vocabulary);
    rows.push(row);
  }
  return rows;
}
