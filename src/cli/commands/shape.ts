import { SHAPE_FORMATS, shapeReport, type ShapeCompat, type ShapeFormat } from '../../shape/report.js';
import { visibleLines } from '../../write/terminal-text.js';
import { defineCommand } from '../command.js';
import { sourcesOf, withFiles, type FilesArgs } from '../common.js';

interface ShapeArgs extends FilesArgs {
  'with-type': boolean;
  'with-example': boolean;
  full: boolean;
  separator: string;
  skiplist: boolean;
  squash: boolean;
  'input-format'?: string;
  compat?: ShapeCompat;
  sort: boolean;
  under?: string;
  'expand-json': boolean;
  stats: boolean;
  format?: ShapeFormat;
  name?: string;
  diff: boolean;
  'any-json': boolean;
}

export const shapeCommand = defineCommand<ShapeArgs>({
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
      .option('format', {
        requiresArg: true,
        // dictknife's command lines say -o for the output format.
        alias: ['f', 'o', 'output'],
        describe: 'rows as text (default), json, csv, tsv, md or yaml; --stats: table (default on a terminal), text, json, tsv, csv; ts: TypeScript interfaces; schema: JSON Schema 2020-12 (-o is accepted as in dictknife)',
        choices: SHAPE_FORMATS,
      })
      .option('input-format', { requiresArg: true, alias: 'i', describe: 'accepted for dictknife command lines; yaml: with --compat, type names as its YAML loader gives', choices: ['json', 'yaml'] })
      .option('compat', {
        requiresArg: true,
        describe: "dictknife: Python type names and dictknife's exact text (its ? off-by-one fixed); dictknife-exact: byte for byte, off-by-one included",
        choices: ['dictknife', 'dictknife-exact'] as const,
      })
      .option('stats', { describe: 'per path: presence n/N, nulls, type counts, distinct and top values, lengths and ranges, examples', type: 'boolean', default: false })
      .option('name', { requiresArg: true, describe: 'name of the top-level type for --format ts (title for schema)', type: 'string' })
      .option('sort', { describe: 'rows in sorted path order (diff-friendly) instead of first-seen order', type: 'boolean', default: false })
      .option('under', { requiresArg: true, describe: "shape only the values at this path, e.g. 'log/entries/[]/response'", type: 'string' })
      .option('expand-json', { describe: 'shape JSON held in strings (WebSocket frames, bodies) under a (json) segment', type: 'boolean', default: false })
      .option('any-json', { describe: 'shape any JSON document, not only a HAR (as dictknife shape does); without it, JSON that is not a HAR exits 5', type: 'boolean', default: false })
      .option('diff', { describe: 'compare the shapes of two files: paths added (+), removed (-), retyped (~); exit 1 if any', type: 'boolean', default: false })
      .example('$0 shape --with-type s.har', 'every path and its JSON types')
      .example("$0 shape --stats --under 'log/entries/[]' s.har", 'presence, values, ranges per entry field')
      .example('$0 shape --expand-json --with-type s.har', 'also the JSON inside WebSocket frames and bodies')
      .example('$0 shape -f ts --name Har s.har', 'TypeScript interfaces for the file')
      .example('$0 shape --diff old.har new.har', 'what changed between two captures')
      .example('$0 shape --compat dictknife --with-type s.har', 'what dictknife shape -i json prints')
      .example('$0 shape --any-json --with-type package.json', 'the shape of any JSON document'),
  run: async (args, ctx) => {
    const result = await shapeReport(
      sourcesOf(ctx.io, args.files),
      {
        format: args.format ?? (args.stats && ctx.io.stdoutIsTTY ? 'table' : 'text'),
        withType: args['with-type'],
        withExample: args['with-example'],
        full: args.full,
        separator: args.separator,
        skiplist: args.skiplist,
        squash: args.squash,
        yamlLoader: args['input-format'] === 'yaml',
        compat: args.compat ?? null,
        sort: args.sort,
        under: args.under ?? null,
        expandJson: args['expand-json'],
        stats: args.stats,
        name: args.name ?? null,
        diff: args.diff,
        anyJson: args['any-json'],
        decorate: ctx.color,
      },
      { onWarning: ctx.warn },
    );
    // Examples are data: on a terminal, their control characters are shown, not obeyed.
    await ctx.out.write(ctx.io.stdoutIsTTY ? visibleLines(result.text, ctx.color) : result.text);
    if (result.differs) ctx.answerNo();
  },
});
