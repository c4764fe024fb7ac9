/**
 * The row outputs of `har shape` (text, json, csv, tsv, md, yaml): byte-compatible with
 * dictknife under `--compat dictknife`, JSON-flavoured and line-safe otherwise.
 */
import { csvRow, tsvRow } from '../write/delimited.js';
import { RawNumber, type ShapeValue } from './model.js';
import { prettyJson, pyJsonDumps, pyStr, pyStrList, type PyJson } from './python.js';
import type { ShapeRow } from './rows.js';
import { dumpYaml, type YamlValue } from './yaml.js';

export type RowFormat = 'text' | 'json' | 'csv' | 'tsv' | 'md' | 'yaml';

export interface RenderOptions {
  /** dictknife's exact text (Python str()/repr(), its csv/md/json dumpers). */
  compat: boolean;
  withType: boolean;
  withExample: boolean;
  /** Examples untruncated (and containers included). */
  full: boolean;
}

/** Default-mode examples in text-like outputs are cut to this many characters. */
export const EXAMPLE_LIMIT = 100;

/** JSON text of a recorded value; numbers exactly as written in the input. */
export function jsonText(value: ShapeValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof RawNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  const parts: string[] = [];
  for (const [key, item] of value) parts.push(`${JSON.stringify(key)}:${jsonText(item)}`);
  return `{${parts.join(',')}}`;
}

/** JSON pretty-printed (2 spaces) with exact numbers. */
export function jsonPretty(value: PyJson): string {
  return prettyJson(value, (scalar) => (scalar instanceof RawNumber ? scalar.text : JSON.stringify(scalar)));
}

/** The first EXAMPLE_LIMIT characters (code points) and "…", looking at no more of a long text than that. */
function cut(text: string, full: boolean): string {
  if (full || text.length <= EXAMPLE_LIMIT) return text;
  let end = 0;
  for (let chars = 0; chars < EXAMPLE_LIMIT && end < text.length; chars++) end += text.codePointAt(end)! > 0xffff ? 2 : 1;
  return end >= text.length ? text : `${text.slice(0, end)}…`;
}

function typeText(types: readonly string[], compat: boolean): string {
  if (compat) return types.length === 1 ? types[0]! : pyStrList(types);
  return types.join('|');
}

function typeValue(types: readonly string[]): string | string[] {
  return types.length === 1 ? types[0]! : [...types];
}

function renderText(rows: readonly ShapeRow[], options: RenderOptions): string {
  let out = '';
  for (const row of rows) {
    const fields = [row.path];
    if (row.types !== undefined) fields.push(typeText(row.types, options.compat));
    if (row.hasExample) fields.push(options.compat ? pyStr(row.example) : cut(jsonText(row.example), options.full));
    out += `${fields.join(' ')}\n`;
  }
  return out;
}

function rowObject(row: ShapeRow): { [key: string]: PyJson } {
  const object: { [key: string]: PyJson } = { path: row.path };
  if (row.types !== undefined) object['type'] = typeValue(row.types);
  if (row.hasExample) object['example'] = row.example;
  return object;
}

function renderJson(rows: readonly ShapeRow[], options: RenderOptions): string {
  const objects = rows.map(rowObject);
  // dictknife's json.dump leaves no newline at the end.
  return options.compat ? pyJsonDumps(objects) : `${jsonPretty(objects)}\n`;
}

function renderDelimited(rows: readonly ShapeRow[], options: RenderOptions, delimiter: ',' | '\t'): string {
  const head = ['path'];
  if (options.withType) head.push('type');
  if (options.withExample) head.push('example');
  const cells = (row: ShapeRow): string[] => {
    const out = [row.path];
    if (options.withType) out.push(typeText(row.types ?? [], options.compat));
    if (options.withExample) {
      if (!row.hasExample || row.example === null) out.push(options.compat || !row.hasExample ? '' : 'null');
      else if (options.compat) out.push(pyStr(row.example));
      else out.push(typeof row.example === 'string' ? cut(row.example, options.full) : cut(jsonText(row.example), options.full));
    }
    return out;
  };
  if (options.compat) {
    // csv.DictWriter(quoting=QUOTE_ALL, lineterminator="\r\n")
    const line = (values: readonly string[]) => `${values.map((v) => `"${v.replace(/"/g, '""')}"`).join(delimiter)}\r\n`;
    if (rows.length === 0) return '';
    return line(head) + rows.map((row) => line(cells(row))).join('');
  }
  const line = delimiter === ',' ? csvRow : tsvRow;
  return line(head) + rows.map((row) => line(cells(row))).join('');
}

function renderMarkdown(rows: readonly ShapeRow[], options: RenderOptions): string {
  const objects = rows.map(rowObject);
  const keys: string[] = [];
  const numeric = new Map<string, boolean>();
  for (const object of objects) {
    for (const [key, value] of Object.entries(object)) {
      const isNumber = value instanceof RawNumber;
      if (!numeric.has(key)) {
        keys.push(key);
        numeric.set(key, isNumber);
      } else if (isNumber) {
        numeric.set(key, true);
      }
    }
  }
  if (keys.length === 0) return '';
  const cell = (key: string, value: PyJson | undefined): string => {
    if (value === undefined) return '';
    let text: string;
    if (value === null) text = 'null';
    else if (value === '') text = '';
    else if (key === 'type') text = typeText(Array.isArray(value) ? (value as string[]) : [value as string], options.compat);
    else if (options.compat) text = key === 'path' ? (value as string) : pyStr(value as ShapeValue);
    else text = key === 'path' ? (value as string) : cut(typeof value === 'string' ? value : jsonText(value as ShapeValue), options.full);
    return options.compat ? text : text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '\\n');
  };
  let out = `| ${keys.join(' | ')} |\n`;
  out += `| ${keys.map((key) => (numeric.get(key) === true ? '---:' : ':---')).join(' | ')} |\n`;
  for (const object of objects) out += `| ${keys.map((key) => cell(key, object[key])).join(' | ')} |\n`;
  return out;
}

function renderYaml(rows: readonly ShapeRow[]): string {
  if (rows.length === 0) return '[]\n';
  const items: YamlValue[] = rows.map((row) => {
    const map = new Map<string, YamlValue>([['path', row.path]]);
    if (row.types !== undefined) map.set('type', row.types.length === 1 ? row.types[0]! : [...row.types]);
    if (row.hasExample) map.set('example', row.example);
    return map;
  });
  return dumpYaml(items);
}

export function renderRows(rows: readonly ShapeRow[], format: RowFormat, options: RenderOptions): string {
  switch (format) {
    case 'text':
      return renderText(rows, options);
    case 'json':
      return renderJson(rows, options);
    case 'csv':
      return renderDelimited(rows, options, ',');
    case 'tsv':
      return renderDelimited(rows, options, '\t');
    case 'md':
      return renderMarkdown(rows, options);
    case 'yaml':
      return renderYaml(rows);
  }
}
