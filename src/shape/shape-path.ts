import { ExpressionError } from '../errors.js';
import { SegKind, type ShapeNode } from './model.js';

/** One segment of a shape path given on the command line (`--under`). */
export type ShapeSegment = { kind: 'key'; key: string } | { kind: 'item' } | { kind: 'json' };

export const ITEM_SEGMENT = '[]';
export const JSON_SEGMENT = '(json)';

/**
 * Parses `log/entries/[]/_webSocketMessages/[]/data/(json)/header` — the paths `har shape`
 * prints: `/`-separated, `[]` for array elements, `(json)` for JSON inside a string, `~1` for
 * `/` and `~0` for `~` inside keys. A leading `/` is ignored.
 */
export function parseShapePath(text: string): ShapeSegment[] {
  const trimmed = text.replace(/^\/+/, '').replace(/\/+$/, '');
  if (trimmed === '') return [];
  return trimmed.split('/').map((part) => {
    if (part === ITEM_SEGMENT) return { kind: 'item' };
    if (part === JSON_SEGMENT) return { kind: 'json' };
    if (/~(?![01])/.test(part)) throw new ExpressionError(`bad path ${JSON.stringify(text)}: "~" must be written ~0 (and "/" ~1)`);
    return { kind: 'key', key: part.replace(/~1/g, '/').replace(/~0/g, '~') };
  });
}

/** JSON Pointer escaping: `~` → `~0`, `/` → `~1`. */
export function escapeKey(key: string): string {
  if (!key.includes('~') && !key.includes('/')) return key;
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** dictknife's as_jsonpointer: escapes only keys containing `/` (so `a~b` stays `a~b`). */
export function escapeKeyDictknife(key: string): string {
  if (!key.includes('/')) return key;
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function segmentText(node: ShapeNode, escape: (key: string) => string): string {
  switch (node.kind) {
    case SegKind.Item:
      return ITEM_SEGMENT;
    case SegKind.Json:
      return JSON_SEGMENT;
    default:
      return escape(node.key);
  }
}

/** The path of `node` relative to `base`, joined with `separator`. */
export function pathText(node: ShapeNode, separator: string, escape: (key: string) => string): string {
  return node
    .segments()
    .map((segment) => segmentText(segment, escape))
    .join(separator);
}

/**
 * Python's string order (code points), which is what dictknife sorts keys by; JS `<` compares
 * UTF-16 units and puts astral characters before U+E000–U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? (y >= 0xe000 ? 1 : -1) : x >= 0xe000 ? -1 : 1;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * dictknife's row order: the depth-first traversal with keys sorted inside each object, where a
 * path is listed at its first visit. For one path, the first value in the stream is also its
 * first in that traversal (instances differ only in array indices), so comparing the first
 * values' positions — array indices as numbers, keys in code-point order — reproduces it.
 */
export function compareFirstVisit(a: ShapeNode, b: ShapeNode, prefixLength: number): number {
  const ia = a.firstIndex;
  const ib = b.firstIndex;
  for (let i = 0; i < prefixLength; i++) {
    const d = (ia[i] ?? 0) - (ib[i] ?? 0);
    if (d !== 0) return d;
  }
  const sa = a.segments();
  const sb = b.segments();
  let pa = prefixLength;
  let pb = prefixLength;
  const n = Math.min(sa.length, sb.length);
  for (let i = 0; i < n; i++) {
    const x = sa[i]!;
    const y = sb[i]!;
    if (x.kind === SegKind.Item && y.kind === SegKind.Item) {
      const d = (ia[pa++] ?? 0) - (ib[pb++] ?? 0);
      if (d !== 0) return d;
      continue;
    }
    if (x === y) continue;
    if (x.kind === SegKind.Key && y.kind === SegKind.Key) return compareCodePoints(x.key, y.key);
    // A key and `[]`/`(json)` under the same parent belong to different values, which differ at
    // an earlier index; reaching here means they did not, so keep discovery order.
    return a.seq - b.seq;
  }
  return sa.length - sb.length;
}

/** `--sort`: paths in tree order, siblings by code point, `[]` and `(json)` after keys. */
export function compareSorted(a: ShapeNode, b: ShapeNode): number {
  const sa = a.segments();
  const sb = b.segments();
  const n = Math.min(sa.length, sb.length);
  for (let i = 0; i < n; i++) {
    const x = sa[i]!;
    const y = sb[i]!;
    if (x === y) continue;
    if (x.kind !== y.kind) return x.kind - y.kind;
    const c = compareCodePoints(x.key, y.key);
    if (c !== 0) return c;
  }
  return sa.length - sb.length;
}
