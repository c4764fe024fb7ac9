import type { CommandModule } from 'yargs';
import { UsageError } from '../../errors.js';
import { inferShape, type InferOptions } from '../../shape/infer.js';
import { parseShapePath } from '../../shape/path.js';
import { renderRows, type RowFormat } from '../../shape/render-dictknife.js';
import { shapeRows, type OptionalRule, type RowOptions, type Vocabulary } from '../../shape/rows.js';
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
}

const OUTPUTS = ['text', 'json', 'csv', 'tsv', 'md', 'markdown', 'yaml'] as const;

export function shapeCommand(ctx: CommandContext): CommandModule<object, ShapeArgs> {
  return {
    command: 'shape [files..]',
    describe: 'Every path in the input with its types, examples and statistics (dictknife shape, streamed)',
    builder: (yargs) =>
      withFiles(yargs)
        .option('with-type', { describe: 'show the types seen at each path', type: 'boolean', default: false })
        .option('with-example', { describe: 'show the first value seen at each path', type: 'boolean', default: false })
        .option('full', { describe: 'examples of objects and arrays too, and uncut (holds the first value of each path in memory)', type: 'boolean', default: false })
        .option('separator', { describe: 'path separator', type: 'string', default: '/' })
        .option('skiplist', { describe: 'leave out the […]/[] rows', type: 'boolean', default: false })
        .option('squash', { describe: 'a top-level array contributes its elements (no leading [])', type: 'boolean', default: false })
        .option('output', { alias: 'o', describe: 'row output format', choices: OUTPUTS })
        .option('input-format', { alias: 'i', describe: 'accepted for dictknife command lines; yaml: with --compat, type names as from its YAML loader', choices: ['json', 'yaml'] })
        .option('compat', {
          describe: "dictknife: Python type names and dictknife's exact text (its ? off-by-one fixed); dictknife-exact: with the off-by-one",
          choices: ['dictknife', 'dictknife-exact'] as const,
        })
        .option('sort', { describe: 'rows in sorted path order (diff-friendly) instead of first-seen order', type: 'boolean', default: false })
        .option('under', { describe: 'shape only the values at this path, e.g. log/entries/[]/response', type: 'string' })
        .option('expand-json', { describe: 'shape JSON held in strings (WebSocket frames, bodies) under a (json) segment', type: 'boolean', default: false })
        .example('$0 shape --with-type session.har', 'every path and its JSON types')
        .example('$0 shape --compat dictknife --with-type --with-example session.har', 'what dictknife shape -i json prints'),
    handler: async (args) => {
      const compat = args.compat;
      const vocabulary: Vocabulary = compat === undefined ? 'json' : args['input-format'] === 'yaml' ? 'ruamel' : 'python';
      const optional: OptionalRule = compat === undefined ? 'fixed' : compat;
      const format = (args.output === 'markdown' ? 'md' : (args.output ?? 'text')) as RowFormat;
      if (args.separator === '') throw new UsageError('--separator must not be empty');
      const infer: InferOptions = {
        squash: args.squash,
        squashObjectKeys: compat === 'dictknife-exact',
        expandJson: args['expand-json'],
        under: args.under === undefined ? [] : parseShapePath(args.under),
        examples: args['with-example'],
        full: args.full && args['with-example'],
      };
      const shape = await inferShape(sourcesOf(ctx.io, args.files), infer);
      if (shape.duplicateKeys > 0) ctx.warn(`${shape.duplicateKeys} repeated key(s) inside an object; each counted once`);
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
        renderRows(rows, format, { compat: compat !== undefined, withType: args['with-type'], withExample: args['with-example'], full: args.full }),
      );
    },
  };
}
