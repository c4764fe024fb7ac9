/**
 * `har shape --stats`: per path, how often it is there, how often null, which types, how many
 * distinct values (and the top ones when there are few), lengths and ranges, a few examples.
 */
import { JTYPE_COUNT, JTYPE_NAMES, JType, RawNumber, SegKind, type JTypeName, type Shape, type ShapeNode } from './model.js';
import { escapeKey, pathText } from './shape-path.js';
import type { PyJson } from './python.js';
import { isOptional, orderedNodes, type OptionalRule } from './rows.js';
import { cutText } from '../write/terminal-text.js';

/** Top values are listed when a path has at most this many distinct values. */
export const TOP_LIMIT = 12;
const TOP_SHOWN = 6;

export interface TopValue {
  value: null | boolean | string | RawNumber;
  count: number;
}

export interface PathStats {
  path: string;
  optional: boolean;
  /** Values at this path (for `[]`: elements). */
  count: number;
  /** Values at the parent path (for `[]`: arrays). */
  of: number;
  /** For `[]`: arrays that had elements. */
  nonEmpty?: number;
  nulls: number;
  types: Partial<Record<JTypeName, number>>;
  /** Distinct scalar values; null when over the limit or the strings are long. */
  distinct: number | null;
  top: TopValue[];
  minLength?: number;
  maxLength?: number;
  min?: RawNumber;
  max?: RawNumber;
  minItems?: number;
  maxItems?: number;
  examples: string[];
}

function decodeKey(key: string): TopValue['value'] {
  if (!key.startsWith('\u0000')) return key;
  const text = key.slice(1);
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  return new RawNumber(text, !/[.eE]/.test(text));
}

export function pathStats(shape: Shape, options: { sort: boolean; optional: OptionalRule; separator?: string }): PathStats[] {
  const out: PathStats[] = [];
  for (const node of orderedNodes(shape, options.sort)) out.push(statsOf(node, options.optional, options.separator ?? '/'));
  return out;
}

function statsOf(node: ShapeNode, rule: OptionalRule, separator: string): PathStats {
  const types: Partial<Record<JTypeName, number>> = {};
  for (let t = 0; t < JTYPE_COUNT; t++) if (node.types[t]! > 0) types[JTYPE_NAMES[t]!] = node.types[t]!;
  const parent = node.parent!;
  const stats = node.stats;
  const scalars = node.count - node.types[JType.Object]! - node.types[JType.Array]!;
  const result: PathStats = {
    path: pathText(node, separator, escapeKey),
    optional: isOptional(node, rule),
    count: node.count,
    of: node.kind === SegKind.Item ? parent.types[JType.Array]! : parent.count,
    nulls: node.types[JType.Null]!,
    types,
    distinct: null,
    top: [],
    examples: stats?.examples ?? [],
  };
  if (node.kind === SegKind.Item) result.nonEmpty = parent.nonEmptyArrays;
  if (stats !== null) {
    if (stats.distinct !== null && scalars > 0) {
      result.distinct = stats.distinct.size;
      if (stats.distinct.size <= TOP_LIMIT && stats.distinct.size < scalars) {
        result.top = [...stats.distinct]
          .sort((a, b) => b[1] - a[1])
          .map(([key, count]) => ({ value: decodeKey(key), count }));
      }
    }
    if (stats.maxLength >= 0) {
      result.minLength = stats.minLength;
      result.maxLength = stats.maxLength;
    }
    if (stats.minText !== '') {
      result.min = new RawNumber(stats.minText, !/[.eE]/.test(stats.minText));
      result.max = new RawNumber(stats.maxText, !/[.eE]/.test(stats.maxText));
    }
    if (stats.maxItems >= 0) {
      result.minItems = stats.minItems;
      result.maxItems = stats.maxItems;
    }
  }
  return result;
}

function valueText(value: TopValue['value']): string {
  if (value instanceof RawNumber) return value.text;
  const text = JSON.stringify(value);
  return cutText(text, 40);
}

/** The cells of one row of the stats table. */
export function statsCells(stats: PathStats): string[] {
  const presence = stats.nonEmpty !== undefined ? `${stats.nonEmpty}/${stats.of}` : `${stats.count}/${stats.of}`;
  const types = Object.entries(stats.types)
    .map(([name, count]) => `${name}×${count}`)
    .join(' ');
  const distinct = stats.distinct === null ? (hasScalars(stats) ? 'many' : '') : String(stats.distinct);
  const top = stats.top.length > 0 ? `${stats.top.slice(0, TOP_SHOWN).map((t) => `${valueText(t.value)}×${t.count}`).join(' ')}${stats.top.length > TOP_SHOWN ? ' …' : ''}` : '';
  const ranges: string[] = [];
  if (stats.min !== undefined && stats.max !== undefined) ranges.push(stats.min.text === stats.max.text ? stats.min.text : `${stats.min.text}..${stats.max.text}`);
  if (stats.minLength !== undefined) ranges.push(`len ${stats.minLength === stats.maxLength ? stats.minLength : `${stats.minLength}..${stats.maxLength}`}`);
  if (stats.minItems !== undefined) ranges.push(`items ${stats.minItems === stats.maxItems ? stats.minItems : `${stats.minItems}..${stats.maxItems}`}`);
  return [
    `${stats.optional ? '?' : ''}${stats.path}`,
    presence,
    stats.nulls > 0 ? String(stats.nulls) : '',
    types,
    distinct,
    top,
    ranges.join(', '),
    top === '' ? stats.examples.join(', ') : '',
  ];
}

function hasScalars(stats: PathStats): boolean {
  return Object.keys(stats.types).some((name) => name !== 'object' && name !== 'array');
}

export const STATS_HEAD = ['path', 'present', 'nulls', 'types', 'distinct', 'top values', 'range', 'examples'];

/** A stats row as plain JSON (numbers exactly as written in the input). */
export function statsJson(stats: PathStats): { [key: string]: PyJson } {
  const out: { [key: string]: PyJson } = {
    path: stats.path,
    optional: stats.optional,
    count: new RawNumber(String(stats.count), true),
    of: new RawNumber(String(stats.of), true),
  };
  const int = (n: number) => new RawNumber(String(n), true);
  if (stats.nonEmpty !== undefined) out['nonEmpty'] = int(stats.nonEmpty);
  out['nulls'] = int(stats.nulls);
  out['types'] = Object.fromEntries(Object.entries(stats.types).map(([name, count]) => [name, int(count)]));
  out['distinct'] = stats.distinct === null ? null : int(stats.distinct);
  out['top'] = stats.top.map((t) => ({ value: t.value, count: int(t.count) }));
  if (stats.minLength !== undefined) out['minLength'] = int(stats.minLength);
  if (stats.maxLength !== undefined) out['maxLength'] = int(stats.maxLength);
  if (stats.min !== undefined) out['min'] = stats.min;
  if (stats.max !== undefined) out['max'] = stats.max;
  if (stats.minItems !== undefined) out['minItems'] = int(stats.minItems);
  if (stats.maxItems !== undefined) out['maxItems'] = int(stats.maxItems);
  out['examples'] = stats.examples;
  return out;
}
