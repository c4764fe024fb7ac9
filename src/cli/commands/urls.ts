import { countValues } from '../../analyse/count.js';
import { URL_FIELDS, requestUrls } from '../../analyse/urls.js';
import { UsageError } from '../../errors.js';
import { ArrayWriter } from '../../write/array-writer.js';
import { defineCommand } from '../command.js';
import { entriesOf, selected, withFiles, withFilters, withSelection, type FilesArgs, type FilterArgs, type SelectionArgs } from '../common.js';

interface UrlsArgs extends FilesArgs, FilterArgs, SelectionArgs {
  raw: boolean;
  unique: boolean;
  count: boolean;
  compact: boolean;
}

export const urlsCommand = defineCommand<UrlsArgs>({
  command: 'urls [files..]',
  describe: 'List request URLs (jqfpy: get("log/entries[]/request/url"))',
  builder: (yargs) =>
    withSelection(withFilters(withFiles(yargs)))
      .option('raw', { alias: 'r', describe: 'one URL per line instead of a JSON array', type: 'boolean', default: false })
      .option('unique', { alias: 'u', describe: 'each URL once, in first-seen order', type: 'boolean', default: false })
      .option('count', { describe: 'URLs with their counts, most frequent first', type: 'boolean', default: false })
      .option('compact', { alias: 'c', describe: 'compact JSON', type: 'boolean', default: false })
      .example('$0 urls --raw s.har', 'one URL per line, as jq -r .log.entries[].request.url')
      .example('$0 urls --count --type xhr,fetch s.har', 'the most requested API URLs'),
  run: async (args, ctx) => {
    if (args.unique && args.count) throw new UsageError('--unique and --count do not go together (--count already lists each URL once)');
    const urls = requestUrls(entriesOf(ctx, args.files, args, URL_FIELDS), args.unique);
    if (args.count) {
      const counted = selected(ctx, args, await countValues(urls));
      if (args.raw) {
        for await (const { value, count } of counted) await ctx.out.write(`${count}\t${value}\n`);
      } else {
        const writer = new ArrayWriter(ctx.out, args.compact);
        for await (const { value, count } of counted) await writer.item({ url: value, count });
        await writer.close();
      }
      return;
    }
    const chosen = selected(ctx, args, urls);
    if (args.raw) {
      for await (const url of chosen) await ctx.out.write(`${url ?? 'null'}\n`);
      return;
    }
    const writer = new ArrayWriter(ctx.out, args.compact);
    for await (const url of chosen) await writer.item(url);
    await writer.close();
  },
});
