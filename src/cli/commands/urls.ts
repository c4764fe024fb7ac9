import type { CommandModule } from 'yargs';
import { UsageError } from '../../errors.js';
import { countValues } from '../../analyse/count.js';
import { ArrayWriter } from '../../write/array-writer.js';
import { filteredEntries, withFiles, withFilters, type FilesArgs, type FilterArgs } from '../common.js';
import type { CommandContext } from '../io.js';

interface UrlsArgs extends FilesArgs, FilterArgs {
  raw: boolean;
  unique: boolean;
  count: boolean;
  compact: boolean;
}

export function urlsCommand(ctx: CommandContext): CommandModule<object, UrlsArgs> {
  return {
    command: 'urls [files..]',
    describe: 'List request URLs (jqfpy: get("log/entries[]/request/url"))',
    builder: (yargs) =>
      withFilters(withFiles(yargs))
        .option('raw', { alias: 'r', describe: 'one URL per line instead of a JSON array', type: 'boolean', default: false })
        .option('unique', { alias: 'u', describe: 'each URL once, in first-seen order', type: 'boolean', default: false })
        .option('count', { describe: 'URLs with their counts, most frequent first', type: 'boolean', default: false })
        .option('compact', { alias: 'c', describe: 'compact JSON', type: 'boolean', default: false })
        .example('$0 urls --raw s.har', 'one URL per line, as jq -r .log.entries[].request.url')
        .example('$0 urls --count --type xhr,fetch s.har', 'the most requested API URLs'),
    handler: async (args) => {
      if (args.unique && args.count) throw new UsageError('--unique and --count do not go together (--count already lists each URL once)');
      const urls = (async function* () {
        for await (const { entry } of filteredEntries(ctx, args.files, args, [['request', 'url']])) {
          const url = entry.request?.url;
          yield typeof url === 'string' ? url : null;
        }
      })();
      if (args.count) {
        const counted = await countValues(urls);
        if (args.raw) {
          for (const { value, count } of counted) await ctx.out.write(`${count}\t${value}\n`);
        } else {
          const writer = new ArrayWriter(ctx.out, args.compact);
          for (const { value, count } of counted) await writer.item({ url: value, count });
          await writer.close();
        }
        return;
      }
      const seen = args.unique ? new Set<string | null>() : null;
      const writer = args.raw ? null : new ArrayWriter(ctx.out, args.compact);
      for await (const url of urls) {
        if (seen !== null) {
          if (seen.has(url)) continue;
          seen.add(url);
        }
        if (writer === null) await ctx.out.write(`${url ?? 'null'}\n`);
        else await writer.item(url);
      }
      await writer?.close();
    },
  };
}
