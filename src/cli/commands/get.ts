import { getFromHar } from '../../select/get.js';
import { compilePath } from '../../select/path.js';
import { ArrayWriter } from '../../write/array-writer.js';
import { emitSquashed, type EmitOptions } from '../../write/emit.js';
import { parseDefault, selected, sourcesOf, withFiles, withSelection, type FilesArgs, type SelectionArgs } from '../common.js';
import { defineCommand } from '../command.js';

interface GetArgs extends FilesArgs, SelectionArgs {
  path: string;
  compact: boolean;
  raw: boolean;
  squash: number;
  'show-none': boolean;
  default?: string;
}


export const getCommand = defineCommand<GetArgs>({
  command: 'get <path> [files..]',
  describe: "Extract values with jqfpy's get() path language",
  builder: (yargs) =>
    withSelection(withFiles(
      yargs.positional('path', {
        describe: 'a/b/c; name[] maps over an array; 0 indexes; * any key; ~1 is /, ~0 is ~',
        type: 'string',
        demandOption: true,
      }),
    ))
      .option('compact', { alias: 'c', describe: 'compact JSON (jq -c style)', type: 'boolean', default: false })
      .option('raw', { alias: 'r', describe: 'print strings without quotes', type: 'boolean', default: false })
      .option('squash', { describe: 'emit each element as its own document (repeat to unwrap more levels)', type: 'boolean', count: true, default: 0 })
      .option('show-none', { describe: 'print null results (hidden by default)', type: 'boolean', default: false })
      .option('default', { requiresArg: true, describe: 'value for missing paths (JSON, or a plain string)', type: 'string' })
      .example("$0 get 'log/entries[]/request/url' --squash -r s.har", 'one URL per line')
      .example("$0 get 'log/entries[]/request/headers[]/name' s.har", 'header names, one array per entry')
      .example("$0 get log/creator s.har", 'who wrote the HAR'),
  run: async (args, ctx) => {
    const path = compilePath(args.path);
    const emit: EmitOptions = { compact: args.compact, raw: args.raw, showNone: args['show-none'] };
    for (const source of sourcesOf(ctx.io, args.files)) {
      const result = await getFromHar(source, path, { fallback: parseDefault(args.default), onWarning: ctx.warn });
      if (result.kind === 'value') {
        if ((result.value === null || result.value === undefined) && args['exit-status']) ctx.answerNo();
        await emitSquashed(ctx.out, result.value, args.squash, emit);
      } else if (args.squash === 0) {
        const writer = new ArrayWriter(ctx.out, args.compact);
        for await (const value of selected(ctx, args, result.values)) await writer.item(value);
        await writer.close();
      } else {
        for await (const value of selected(ctx, args, result.values)) {
          if (ctx.out.isClosed) return;
          await emitSquashed(ctx.out, value, args.squash - 1, emit);
        }
      }
    }
  },
});
