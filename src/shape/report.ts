/**
 * `har shape` as one library call: which shape to infer from the flags, and which renderer
 * turns it into text. The CLI maps its arguments onto a ShapeRequest and writes the result.
 */
import { UsageError } from '../errors.js';
import type { InputSource } from '../read/input.js';
import { csvRow, tsvRow } from '../write/delimited.js';
import { renderTable } from '../write/table.js';
import { diffShapes, pathTypeText, renderDiff } from './diff.js';
import { SHAPE_STRING_LIMIT, inferShape, type InferOptions } from './infer.js';
import type { Shape } from './model.js';
import { STATS_HEAD, pathStats, statsCells, statsJson } from './path-stats.js';
import { jsonPretty, renderRows, type RowFormat } from './render-rows.js';
import { inferredSchema } from './render-schema.js';
import { renderTypeScript } from './render-ts.js';
import { shapeRows, type OptionalRule, type Vocabulary } from './rows.js';
import { parseShapePath, pathText } from './shape-path.js';

/** Every output of `har shape`: the row formats, a decorated or plain table of --stats, types for code. */
export const SHAPE_FORMATS = ['text', 'table', 'json', 'csv', 'tsv', 'md', 'markdown', 'yaml', 'ts', 'schema'] as const;
export type ShapeFormat = (typeof SHAPE_FORMATS)[number];

export type ShapeCompat = 'dictknife' | 'dictknife-exact';

export interface ShapeRequest {
  format: ShapeFormat;
  withType: boolean;
  withExample: boolean;
  full: boolean;
  separator: string;
  skiplist: boolean;
  squash: boolean;
  /** dictknife's `-i yaml`: type names as its YAML loader gives them (with compat). */
  yamlLoader: boolean;
  compat: ShapeCompat | null;
  sort: boolean;
  under: string | null;
  expandJson: boolean;
  stats: boolean;
  /** Top-level type name for ts, title for schema. */
  name: string | null;
  diff: boolean;
  /** --any-json: any JSON document, not only a HAR (dictknife's shape reads anything). */
  anyJson: boolean;
  /** Borders and colour for --stats tables. */
  decorate: boolean;
}

export interface ShapeResult {
  text: string;
  /** --diff found differences: the answer is "no". */
  differs: boolean;
}

export interface ShapeHooks {
  onWarning: (message: string) => void;
}

function checkRequest(request: ShapeRequest, sources: readonly InputSource[]): void {
  if (request.separator === '') throw new UsageError('--separator must not be empty');
  const forCode = request.format === 'ts' || request.format === 'schema';
  if (forCode && (request.stats || request.diff)) throw new UsageError(`--format ${request.format} cannot be combined with --stats or --diff`);
  if (request.diff && sources.length !== 2) throw new UsageError(`--diff needs exactly two files (got ${sources.length})`);
  if (request.stats && !['text', 'table', 'json', 'tsv', 'csv'].includes(request.format)) {
    throw new UsageError(`--stats prints table, text, json, tsv or csv, not ${request.format}`);
  }
}

export async function shapeReport(sources: readonly InputSource[], request: ShapeRequest, hooks: ShapeHooks): Promise<ShapeResult> {
  checkRequest(request, sources);
  const vocabulary: Vocabulary = request.compat === null ? 'json' : request.yamlLoader ? 'ruamel' : 'python';
  const optional: OptionalRule = request.compat ?? 'fixed';
  const infer: InferOptions = {
    squash: request.squash,
    squashObjectKeys: request.compat === 'dictknife-exact',
    expandJson: request.expandJson,
    under: request.under === null ? [] : parseShapePath(request.under),
    examples: request.withExample,
    full: request.full && request.withExample,
    stats: request.stats,
    har: !request.anyJson,
  };
  const read = async (from: readonly InputSource[]): Promise<Shape> => {
    const shape = await inferShape(from, infer);
    const names = from.map((s) => s.name).join(', ');
    if (shape.duplicateKeys > 0) hooks.onWarning(`${names}: ${shape.duplicateKeys} repeated key(s) inside an object; each counted once`);
    const long = shape.unexpanded;
    if (long !== null) {
      const where = pathText(long.node, request.separator, (key) => key) || '(the top level)';
      hooks.onWarning(
        `${names}: ${long.count} string(s) over ${SHAPE_STRING_LIMIT / 2 ** 20} MiB left as plain strings, not expanded by --expand-json (the first: ${long.size} bytes at ${where})`,
      );
    }
    return shape;
  };

  if (request.diff) {
    const [a, b] = [await read([sources[0]!]), await read([sources[1]!])];
    const changes = diffShapes(a, b, { vocabulary, optional, separator: request.separator });
    const text =
      request.format === 'json'
        ? `${jsonPretty(
            changes.map((change) => ({
              change: change.kind,
              path: change.path,
              ...('from' in change ? { from: pathTypeText(change.from) } : {}),
              ...('to' in change ? { to: pathTypeText(change.to) } : {}),
            })),
          )}\n`
        : renderDiff(changes);
    return { text, differs: changes.length > 0 };
  }

  const shape = await read(sources);
  if (request.under !== null && shape.root.count === 0) hooks.onWarning(`no values at --under ${request.under}`);
  const name = request.name ?? undefined;
  if (request.format === 'ts') return { text: renderTypeScript(shape, { rootName: name }), differs: false };
  if (request.format === 'schema') return { text: `${JSON.stringify(inferredSchema(shape, name), null, 2)}\n`, differs: false };
  if (request.stats) {
    const stats = pathStats(shape, { sort: request.sort, optional, separator: request.separator }).filter((row) => !(request.skiplist && row.path.endsWith('[]')));
    switch (request.format) {
      case 'json':
        return { text: `${jsonPretty(stats.map(statsJson))}\n`, differs: false };
      case 'tsv':
      case 'csv': {
        const line = request.format === 'tsv' ? tsvRow : csvRow;
        return { text: line(STATS_HEAD) + stats.map((row) => line(statsCells(row))).join(''), differs: false };
      }
      default:
        return { text: renderTable(stats.map(statsCells), { head: STATS_HEAD, decorate: request.format === 'table' && request.decorate }), differs: false };
    }
  }
  const rowFormat: RowFormat = request.format === 'markdown' ? 'md' : request.format === 'table' ? 'text' : (request.format as RowFormat);
  const rows = shapeRows(shape, {
    vocabulary,
    optional,
    separator: request.separator,
    skiplist: request.skiplist,
    withType: request.withType,
    withExample: request.withExample,
    full: request.full,
    sort: request.sort,
    dictknifeEscape: request.compat !== null,
  });
  const text = renderRows(rows, rowFormat, { compat: request.compat !== null, withType: request.withType, withExample: request.withExample, full: request.full });
  return { text, differs: false };
}
