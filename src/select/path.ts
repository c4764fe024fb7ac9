/**
 * jqfpy's `get()` path language (`log/entries[]/request/url`), made null-safe: where jqfpy
 * raises KeyError/TypeError (a missing `name[]`, indexing into null or a string) we yield the
 * default instead, and the default also fills misses inside `[]` maps.
 */
import { ExpressionError } from '../errors.js';
import { isPlainObject, setOwn } from '../util/values.js';
import type { RowSpec } from '../write/records.js';

export type PathSegment =
  | { kind: 'key'; key: string }
  | { kind: 'index'; key: string; index: number }
  | { kind: 'map'; key: string | null }
  | { kind: 'first-child' }
  | { kind: 'all-children' };

export interface CompiledPath {
  readonly text: string;
  readonly segments: readonly PathSegment[];
}

const ARRAY_SUFFIX = '[]';

function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function compilePath(text: string): CompiledPath {
  if (/[\u0000-\u001f]/.test(text)) throw new ExpressionError(`bad path ${JSON.stringify(text)}: control character`);
  const trimmed = text.replace(/^\/+/, '');
  if (trimmed === '') return { text, segments: [] };
  const segments = trimmed.split('/').map((raw): PathSegment => {
    if (raw === '*') return { kind: 'first-child' };
    if (raw === '*[]') return { kind: 'all-children' };
    const name = raw.endsWith(ARRAY_SUFFIX) ? raw.slice(0, -ARRAY_SUFFIX.length) : raw;
    if (/[[\]]/.test(name)) {
      // `entries[` or `entries[0]`: a typo, or another path language's index; never a key we would find.
      throw new ExpressionError(`bad path ${JSON.stringify(text)}: ${JSON.stringify(raw)} has a bracket; only a trailing [] (every element) is allowed, and an index is its own segment (entries/0)`);
    }
    if (raw.endsWith(ARRAY_SUFFIX)) {
      return { kind: 'map', key: name === '' ? null : unescapeSegment(name) };
    }
    const key = unescapeSegment(raw);
    if (/^[0-9]+$/.test(raw)) return { kind: 'index', key, index: Number(raw) };
    return { kind: 'key', key };
  });
  return { text, segments };
}

type Value = unknown;

const isRecord: (value: Value) => value is Record<string, Value> = isPlainObject;

function hasOwn(value: Record<string, Value>, key: string): boolean {
  return Object.hasOwn(value, key);
}

/**
 * What Python iterates, as jqfpy's `name[]` and `--squash` do: an array's elements, a string's
 * characters, an object's keys; null for anything else.
 */
export function iterate(value: Value): Value[] | null {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return Array.from(value);
  if (isRecord(value)) return Object.keys(value);
  return null;
}

function children(value: Value): Value[] {
  if (Array.isArray(value)) return value;
  if (isRecord(value)) return Object.values(value);
  return [];
}

/** jqfpy's `*`: a child that has the next segment's key. */
function hasNextKey(child: Value, next: PathSegment | undefined): boolean {
  if (next === undefined) return true;
  if (next.kind === 'key' || next.kind === 'index' || (next.kind === 'map' && next.key !== null)) {
    const key = next.key!;
    if (isRecord(child)) return hasOwn(child, key);
    if (next.kind === 'index' && Array.isArray(child)) return next.index < child.length;
    return false;
  }
  return true;
}

function step(value: Value, segment: PathSegment & { kind: 'key' | 'index' }): { found: boolean; value: Value } {
  if (isRecord(value)) {
    return hasOwn(value, segment.key) ? { found: true, value: value[segment.key] } : { found: false, value: undefined };
  }
  if (segment.kind === 'index' && Array.isArray(value) && segment.index < value.length) {
    return { found: true, value: value[segment.index] };
  }
  return { found: false, value: undefined };
}

export function evaluatePath(path: CompiledPath, document: Value, fallback: Value = null): Value {
  return walk(document, path.segments, 0, fallback);
}

function walk(value: Value, segments: readonly PathSegment[], at: number, fallback: Value): Value {
  let current = value;
  for (let i = at; i < segments.length; i++) {
    const segment = segments[i]!;
    switch (segment.kind) {
      case 'key':
      case 'index': {
        const next = step(current, segment);
        if (!next.found) return fallback;
        current = next.value;
        break;
      }
      case 'map': {
        let target = current;
        if (segment.key !== null) {
          const next = step(current, { kind: 'key', key: segment.key });
          if (!next.found) return fallback;
          target = next.value;
        }
        const items = iterate(target);
        if (items === null) return fallback;
        return items.map((item) => walk(item, segments, i + 1, fallback));
      }
      case 'first-child': {
        if (i === segments.length - 1) return current;
        const next = segments[i + 1];
        const match = children(current).find((child) => hasNextKey(child, next));
        if (match === undefined) return fallback;
        current = match;
        break;
      }
      case 'all-children': {
        const next = segments[i + 1];
        return children(current)
          .filter((child) => hasNextKey(child, next))
          .map((child) => walk(child, segments, i + 1, fallback));
      }
    }
    if (current === null && i < segments.length - 1) return fallback;
  }
  return current === undefined ? fallback : current;
}

/**
 * The leading plain keys of a path, plus the key where the first non-plain segment applies:
 * what an entry projection must keep for the path to evaluate the same on a partial entry.
 * null means the whole value is needed.
 */
export function projectionKeys(path: CompiledPath): string[] | null {
  const keys: string[] = [];
  for (const segment of path.segments) {
    if (segment.kind === 'key') {
      keys.push(segment.key);
      continue;
    }
    if (segment.kind === 'map' && segment.key !== null) keys.push(segment.key);
    if (segment.kind === 'index') keys.push(segment.key);
    break;
  }
  return keys.length === 0 ? null : keys;
}

/**
 * A pick: a plain path is both read and written; `name@path` reads `path` and writes the flat key
 * `name`. jqfpy's own order, `request/url@url` (read@write), is also accepted when only the left
 * side has a slash, since a flat output name never does.
 */
export interface PickSpec {
  readonly text: string;
  readonly access: CompiledPath;
  /** Keys of the output object to build; jqfpy keeps `headers[]` literally. */
  readonly build: readonly string[];
}

export function compilePick(text: string): PickSpec {
  const at = text.lastIndexOf('@');
  const left = at === -1 ? text : text.slice(0, at);
  const right = at === -1 ? text : text.slice(at + 1);
  const jqfpyOrder = left.includes('/') && !right.includes('/');
  const accessText = jqfpyOrder ? left : right;
  const buildText = jqfpyOrder ? right : left;
  const access = compilePath(accessText);
  const build = buildText.replace(/^\/+/, '').split('/').map(unescapeSegment);
  if (build.some((key) => key === '')) throw new ExpressionError(`bad pick ${JSON.stringify(text)}: empty key in the output path`);
  return { text, access, build };
}

/** jqfpy's `h.pick(*specs, d=entry, default=fallback)`: nesting kept, misses filled with the default. */
export function pick(specs: readonly PickSpec[], document: Value, fallback: Value = null): Record<string, Value> {
  const result: Record<string, Value> = {};
  for (const spec of specs) {
    let target = result;
    for (let i = 0; i < spec.build.length - 1; i++) {
      const key = spec.build[i]!;
      const existing = hasOwn(target, key) ? target[key] : undefined;
      if (isRecord(existing)) {
        target = existing;
      } else {
        const created: Record<string, Value> = {};
        setOwn(target, key, created);
        target = created;
      }
    }
    setOwn(target, spec.build[spec.build.length - 1]!, evaluatePath(spec.access, document, fallback));
  }
  return result;
}

/** The value at a pick's build path inside a pick result (for flat table/tsv columns). */
export function pickedValue(spec: PickSpec, picked: Record<string, Value>): Value {
  let current: Value = picked;
  for (const key of spec.build) {
    if (!isRecord(current) || !hasOwn(current, key)) return null;
    current = current[key];
  }
  return current;
}

/** `har pick` as rows: one column per pick, named by its output path. */
export function pickRows(specs: readonly PickSpec[]): RowSpec<Record<string, Value>> {
  return { columns: specs.map((spec) => ({ header: spec.build.join('/'), value: (picked) => pickedValue(spec, picked) })) };
}
