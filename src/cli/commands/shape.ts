import type { CommandModule } from 'yargs';
import { UsageError } from '../../errors.js';
import type { InputSource } from '../../read/input.js';
import { diffShapes, pathTypeText, renderDiff } from '../../shape/diff.js';
import { inferShape, type InferOptions } from '../../shape/infer.js';
import type { Shape } from '../../shape/model.js';
import { parseShapePath } from '../../shape/path.js';
import { jsonPretty, renderRows, type RowFormat } from '../../shape/render-dictknife.js';
import { inferredSchema } from '../../shape/render-schema.js';
import { renderTypeScript } from '../../shape/render-ts.js';
import { shapeRows, type OptionalRule, type RowOptions, type Vocabulary } from '../../shape/rows.js';
import { STATS_HEAD, pathStats, statsCells, statsJson } from '../../shape/stats.js';
import { csvRow, tsvRow } from '../../write/delimited.js';
import { renderTable } from '../../write/table.js';
import { sourcesOf, withFiles, type FilesArgs } from '../common.js';
import type { CommandContext } from '../io.js';

type Compat = 'dictknife' | 'dictknife-exact';

interface ShapeArgs extends FilesArgs {
  'with-type': boolean;
  'with-example': boolean;
  full: boolean;
  separator: string;
  skiplist: boolean;
  squash: boolean;
  output?: string;
  'input-format'?: string;
  compat?: Compat;
  sort: boolean;
  under?: string;
  'expand-json': boolean;
  stats: boolean;
  format?: 'rows' | 'ts' | 'schema';
  name?: string;
  diff: boolean;
}

const OUTPUTS = ['text', 'table', 'json', 'csv', 'tsv', 'md', 'markdown', 'yaml'] as const;

export function shapeCommand(ctx: CommandContext): CommandModule<object, ShapeArgs> {
  return {
    command: 'shape [files..]',
    describe: 'Every path in the input with its types, examples and statistics (dictknife shape, streamed)',
    builder: (yargs) =>
      withFiles(yargs)
        .option('with-type', { describe: 'show the types seen at each path', type: 'boolean', default: false })
        .option('with-example', { describe: 'show the first value seen at each path', type: 'boolean', default: false })
        .option('full', { describe: 'examples of objects and arrays too, and uncut (keeps each first value in memory)', type: 'boolean', default: false })
        .option('separator', { requiresArg: true, describe: 'path separator', type: 'string', default: '/' })
        .option('skiplist', { describe: 'leave out the …/[] rows', type: 'boolean', default: false })
        .option('squash', { describe: 'a top-level array contributes its elements (no leading [])', type: 'boolean', default: false })
        .option('output', { requiresArg: true, alias: 'o', describe: 'output format of the rows (--stats: table on a terminal, else text)', choices: OUTPUTS })
        .option('input-format', { requiresArg: true, alias: 'i', describe: 'accepted for dictknife command lines; yaml: with --compat, type names as its YAML loader gives', choices: ['json', 'yaml'] })
        .option('compat', {
          requiresArg: true,
          describe: "dictknife: Python type names and dictknife's exact text (its ? off-by-one fixed); dictknife-exact: byte for byte, off-by-one included",
          choices: ['dictknife', 'dictknife-exact'] as const,
        })
        .option('stats', { describe: 'per path: presence n/N, nulls, type counts, distinct and top values, lengths and ranges, examples', type: 'boolean', default: false })
        .option('format', { requiresArg: true, alias: 'f', describe: 'rows (default), ts: TypeScript interfaces, schema: JSON Schema 2020-12', choices: ['rows', 'ts', 'schema'] as const })
        .option('name', { requiresArg: true, describe: 'name of the top-level type for --format ts (title for schema)', type: 'string' })
        .option('sort', { describe: 'rows in sorted path order (diff-friendly) instead of first-seen order', type: 'boolean', default: false })
        .option('under', { requiresArg: true, describe: "shape only the values at this path, e.g. 'log/entries/[]/response'", type: 'string' })
        .option('expand-json', { describe: 'shape JSON held in strings (WebSocket frames, bodies) under a (json) segment', type: 'boolean', default: false })
        .option('diff', { describe: 'compare the shapes of two files: paths added (+), removed (-), retyped (~); exit 1 if any', type: 'boolean', default: false })
        .example('$0 shape --with-type s.har', 'every path and its JSON types')
        .example("$0 shape --stats --under 'log/entries/[]' s.har", 'presence, values, ranges per entry field')
        .example('$0 shape --expand-json --with-type s.har', 'also the JSON inside WebSocket frames and bodies')
        .example('$0 shape --format ts --name Har s.har', 'TypeScript interfaces for the file')
        .example('$0 shape --diff old.har new.har', 'what changed between two captures')
        .example('$0 shape --compat dictknife --with-type s.har', 'what dictknife shape -i json prints'),
    handler: async (args) => {
      const compat = args.compat;
      const vocabulary: Vocabulary = compat === undefined ? 'json' : args['input-format'] === 'yaml' ? 'ruamel' : 'python';
      const optional: OptionalRule = compat === undefined ? 'fixed' : compat;
      const format = args.format ?? 'rows';
      if (args.separator === '') throw new UsageError('--separator must not be empty');
      if (format !== 'rows' && (args.stats || args.diff)) throw new UsageError(`--format ${format} cannot be combined with --stats or --diff`);
      const infer: InferOptions = {
        squash: args.squash,
        squashObjectKeys: compat === 'dictknife-exact',
        expandJson: args['expand-json'],
        under: args.under === undefined ? [] : parseShapePath(args.under),
        examples: args['with-example'],
        full: args.full && args['with-example'],
        stats: args.stats,
      };
      const sources = sourcesOf(ctx.io, args.files);
      const read = async (from: readonly InputSource[]): Promise<Shape> => {
        const shape = await inferShape(from, infer);
        if (shape.duplicateKeys > 0) ctx.warn(`${from.map((s) => s.name).join(', ')}: ${shape.duplicateKeys} repeated key(s) inside an object; each counted once`);
        return shape;
      };

      if (args.diff) {
        if (sources.length !== 2) throw new UsageError(`--diff needs exactly two files (got ${sources.length})`);
        const [a, b] = [await read([sources[0]!]), await read([sources[1]!])];
        const changes = diffShapes(a, b, { vocabulary, optional, separator: args.separator });
        if (args.output === 'json') {
          const json = changes.map((change) => ({
            change: change.kind,
            path: change.path,
            ...('from' in change ? { from: pathTypeText(change.from) } : {}),
            ...('to' in change ? { to: pathTypeText(change.to) } : {}),
          }));
          await ctx.out.write(`${jsonPretty(json)}\n`);
        } else {
          await ctx.out.write(renderDiff(changes));
        }
        if (changes.length > 0) ctx.answerNo();
        return;
      }

      const shape = await read(sources);
      if (args.under !== undefined && shape.root.count === 0) ctx.warn(`no values at --under ${args.under}`);
      if (format === 'ts') {
        await ctx.out.write(renderTypeScript(shape, { rootName: args.name }));
        return;
      }
      if (format === 'schema') {
        await ctx.out.write(`${JSON.stringify(inferredSchema(shape, args.name), null, 2)}\n`);
        return;
      }
      if (args.stats) {
        const stats = pathStats(shape, { sort: args.sort, optional, separator: args.separator }).filter(
          (row) => !(args.skiplist && row.path.endsWith('[]')),
        );
        const output = args.output ?? (ctx.io.stdoutIsTTY ? 'table' : 'text');
        switch (output) {
          case 'json':
            await ctx.out.write(`${jsonPretty(stats.map(statsJson))}\n`);
            return;
          case 'tsv':
          case 'csv': {
            const line = output === 'tsv' ? tsvRow : csvRow;
            await ctx.out.write(line(STATS_HEAD) + stats.map((row) => line(statsCells(row))).join(''));
            return;
          }
          case 'table':
          case 'text':
            await ctx.out.write(renderTable(stats.map(statsCells), { head: STATS_HEAD, decorate: output === 'table' && ctx.color }));
            return;
          default:
            throw new UsageError(`--stats prints table, text, json, tsv or csv, not ${output}`);
        }
      }
      const rowFormat = (args.output === 'markdown' ? 'md' : args.output === 'table' ? 'text' : (args.output ?? 'text')) as RowFormat;
      const rowOptions: RowOptions = {
        vocabulary,
        optional,
        separator: args.separator,
        skiplist: args.skiplist,
        withType: args['with-type'],
        withExample: args['with-example'],
        full: args.full,
        sort: args.sort,
        dictknifeEscape: compat !== undefined,
      };
      const rows = shapeRows(shape, rowOptions);
      await ctx.out.write(
        renderRows(rows, rowFormat, { compat: compat !== undefined, withType: args['with-type'], withExample: args['with-example'], full: args.full }),
      );
    },
  };
}
