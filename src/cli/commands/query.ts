import { UsageError } from '../../errors.js';
import { readHarDocument } from '../../read/document.js';
import { checkQuery, runQuery } from '../../select/query.js';
import { emitSquashed, type EmitOptions } from '../../write/emit.js';
import { sourcesOf, withFiles, withSelection, type FilesArgs, type SelectionArgs } from '../common.js';
import { defineCommand } from '../command.js';

interface QueryArgs extends FilesArgs, SelectionArgs {
  expression: string;
  raw: boolean;
  squash: boolean;
  paths: boolean;
  compact: boolean;
}

export const queryCommand = defineCommand<QueryArgs>({
  command: 'query <expression> [files..]',
  describe: 'Select with JSONPath (jsonpath-plus; no code from the query ever runs)',
  builder: (yargs) =>
    withSelection(withFiles(
      yargs.positional('expression', { describe: 'a JSONPath expression starting with $', type: 'string', demandOption: true }),
    ))
      .option('raw', { alias: 'r', describe: 'print strings without quotes (with --squash)', type: 'boolean', default: false })
      .option('squash', { describe: 'each match as its own document instead of one array', type: 'boolean', default: false })
      .option('paths', { describe: 'print the JSONPath of each match instead of its value', type: 'boolean', default: false })
      .option('compact', { alias: 'c', describe: 'compact JSON', type: 'boolean', default: false })
      .example("$0 query '$..request.url' --squash -r s.har", 'every request URL')
      .example("$0 query '$..entries[?(@.response.status>=400)]' s.har", 'the failed requests')
      .example("$0 query '$..[?(@.mimeType==\"image/png\")]' --paths s.har", 'where PNGs are'),
  run: async (args, ctx) => {
    checkQuery(args.expression);
    if (args.raw && !args.squash) throw new UsageError('-r/--raw needs --squash: without it the matches are one JSON array, which has no raw form');
    const emit: EmitOptions = { compact: args.compact, raw: args.raw, showNone: true };
    for (const source of sourcesOf(ctx.io, args.files)) {
      const document = await readHarDocument(source, 'query');
      const matches = runQuery(args.expression, document);
      const values = matches.slice(0, args.limit ?? matches.length).map((m) => (args.paths ? m.path : m.value));
      if (values.length === 0 && args['exit-status']) ctx.answerNo();
      await emitSquashed(ctx.out, values, args.squash ? 1 : 0, emit);
    }
  },
});
