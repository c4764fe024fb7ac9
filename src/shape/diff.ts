/**
 * `har shape --diff A B`: the paths added, removed and retyped (types or optionality) between
 * two shapes, in sorted path order.
 */
import { SegKind, type Shape, type ShapeNode } from './model.js';
import { compareSorted, escapeKey, pathText } from './shape-path.js';
import { isOptional, typeNames, type OptionalRule, type Vocabulary } from './rows.js';

export interface PathType {
  types: string[];
  optional: boolean;
}

export type ShapeChange =
  | { kind: 'added'; path: string; to: PathType }
  | { kind: 'removed'; path: string; from: PathType }
  | { kind: 'changed'; path: string; from: PathType; to: PathType };

export interface DiffOptions {
  vocabulary: Vocabulary;
  optional: OptionalRule;
  separator?: string;
}

function describe(node: ShapeNode, options: DiffOptions): PathType {
  return { types: typeNames(node, options.vocabulary), optional: isOptional(node, options.optional) };
}

export function diffShapes(a: Shape, b: Shape, options: DiffOptions): ShapeChange[] {
  const separator = options.separator ?? '/';
  const index = (shape: Shape) => {
    const map = new Map<string, ShapeNode>();
    for (const node of shape.root.walk()) if (node.kind !== SegKind.Root) map.set(pathText(node, separator, escapeKey), node);
    return map;
  };
  const left = index(a);
  const right = index(b);
  const all: { path: string; node: ShapeNode }[] = [];
  for (const [path, node] of left) all.push({ path, node });
  for (const [path, node] of right) if (!left.has(path)) all.push({ path, node });
  all.sort((x, y) => compareSorted(x.node, y.node));
  const changes: ShapeChange[] = [];
  for (const { path } of all) {
    const l = left.get(path);
    const r = right.get(path);
    if (l === undefined) changes.push({ kind: 'added', path, to: describe(r!, options) });
    else if (r === undefined) changes.push({ kind: 'removed', path, from: describe(l, options) });
    else {
      const from = describe(l, options);
      const to = describe(r, options);
      if (from.optional !== to.optional || from.types.join('|') !== to.types.join('|')) changes.push({ kind: 'changed', path, from, to });
    }
  }
  return changes;
}

export function pathTypeText(type: PathType): string {
  return `${type.optional ? 'optional ' : ''}${type.types.join('|')}`;
}

/** One line per change: `+ path: type`, `- path: type`, `~ path: old -> new`. */
export function renderDiff(changes: readonly ShapeChange[]): string {
  return changes
    .map((change) => {
      switch (change.kind) {
        case 'added':
          return `+ ${change.path}: ${pathTypeText(change.to)}\n`;
        case 'removed':
          return `- ${change.path}: ${pathTypeText(change.from)}\n`;
        case 'changed':
          return `~ ${change.path}: ${pathTypeText(change.from)} -> ${pathTypeText(change.to)}\n`;
      }
    })
    .join('');
}
