import { UsageError } from '../../errors.js';
import { writeRecords } from '../../write/records.js';
import { sessionRateLimits } from '../../views/rate-limit.js';
import { RATE_LIMIT_ROW_SPEC } from '../../views/rate-limit-types.js';
import { DEFAULT_RATE_LIMITS } from '../../views/rate-limit-window.js';
import { defineCommand } from '../command.js';
import { chosenFormat, filterOptionsOf, formatOption, sourcesOf, tableOptions, withFiles, withFilters, type FilesArgs, type FilterArgs } from '../common.js';

interface RateLimitsArgs extends FilesArgs, FilterArgs {
  'msg-rate': string;
  'data-rate': string;
  window: string;
  all: boolean;
  format?: 'table' | 'json' | 'ndjson' | 'tsv' | 'csv';
}

function number(name: string, text: string, positive: boolean): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || (positive && value === 0)) {
    throw new UsageError(`--${name} ${JSON.stringify(text)}: not a ${positive ? 'positive' : 'non-negative'} number`);
  }
  return value;
}

export const rateLimitsCommand = defineCommand<RateLimitsArgs>({
  command: 'rate-limits [files..]',
  describe: "Replay the server's IOPub rate limiter per cell, and name the cells its notices cut",
  builder: (yargs) =>
    withFilters(withFiles(yargs))
      .option('msg-rate', { describe: 'iopub_msg_rate_limit, messages/s (0: off)', type: 'string', default: String(DEFAULT_RATE_LIMITS.msgRate), requiresArg: true })
      .option('data-rate', { describe: 'iopub_data_rate_limit, bytes/s (0: off)', type: 'string', default: String(DEFAULT_RATE_LIMITS.dataRate), requiresArg: true })
      .option('window', { describe: 'rate_limit_window, seconds', type: 'string', default: String(DEFAULT_RATE_LIMITS.window), requiresArg: true })
      .option('all', { describe: 'every cell, not only those over a limit or cut by a notice', type: 'boolean', default: false })
      .option('format', formatOption(['table', 'json', 'ndjson', 'tsv', 'csv']))
      .example('$0 rate-limits s.har', 'which cells the server cut, by how much, and the option that lets them through')
      .example('$0 rate-limits --msg-rate 500 --all s.har', 'every cell against a stricter limit'),
  run: async (args, ctx) => {
    const limits = { msgRate: number('msg-rate', args['msg-rate'], false), dataRate: number('data-rate', args['data-rate'], false), window: number('window', args.window, true) };
    const records = sessionRateLimits(sourcesOf(ctx.io, args.files), { ...filterOptionsOf(args), onWarning: ctx.warn, limits });
    const shown = (async function* () {
      for await (const record of records) {
        if (args.all || record.kind !== 'cell' || record.cut.length > 0 || record.msg.over_by !== null || record.data.over_by !== null) yield record;
      }
    })();
    await writeRecords(ctx.out, shown, chosenFormat(ctx, args.format, 'json', 'table'), RATE_LIMIT_ROW_SPEC, tableOptions(ctx));
  },
});
