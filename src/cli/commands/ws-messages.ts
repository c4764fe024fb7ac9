import { UsageError } from '../../errors.js';
import { writeRecordBatches, writeRecords } from '../../write/records.js';
import { FRAME_ROWS } from '../../ws/frame-rows.js';
import { describeFrameProblem, type FrameRecord } from '../../ws/frames.js';
import { streamFrameBatches, type FileFrameItem } from '../../ws/stream.js';
import { defineCommand } from '../command.js';
import { asList, chosenFormat, selected, selectedBatches, withSelection, type SelectionArgs, filterOptionsOf, formatOption, sourcesOf, tableOptions, withFiles, withFilters, type FilesArgs, type FilterArgs } from '../common.js';

interface WsMessagesArgs extends FilesArgs, FilterArgs, SelectionArgs {
  direction?: string[];
  opcode?: string[];
  format?: 'ndjson' | 'json' | 'table' | 'tsv' | 'csv';
}

const DIRECTIONS = ['send', 'receive', 'error'];

function parseOpcodes(values: readonly string[] | undefined): number[] {
  return (values ?? []).map((text) => {
    if (!/^-?\d+$/.test(text)) throw new UsageError(`--opcode ${JSON.stringify(text)}: not an integer`);
    return Number(text);
  });
}

export const wsMessagesCommand = defineCommand<WsMessagesArgs>({
  command: 'ws-messages [files..]',
  describe: 'WebSocket frames from _webSocketMessages, one NDJSON line each (pipe into kernel-decode)',
  builder: (yargs) =>
    withSelection(withFilters(withFiles(yargs)))
      .option('direction', { describe: 'only frames of these types: send, receive, error', type: 'string', array: true, nargs: 1, requiresArg: true, coerce: asList })
      .option('opcode', { describe: 'only these opcodes: 1 text, 2 binary', type: 'string', array: true, nargs: 1, requiresArg: true, coerce: asList })
      .option('format', formatOption(['ndjson', 'json', 'table', 'tsv', 'csv'], 'ndjson'))
      .example('$0 ws-messages s.har | kernel-decode', 'the kernel messages of the session')
      .example('$0 ws-messages --direction send -f table s.har', 'what the browser sent'),
  run: async (args, ctx) => {
    for (const direction of args.direction ?? []) {
      if (!DIRECTIONS.includes(direction)) throw new UsageError(`--direction ${JSON.stringify(direction)}: use send, receive or error`);
    }
    const batches = streamFrameBatches(sourcesOf(ctx.io, args.files), {
      ...filterOptionsOf(args),
      direction: args.direction,
      opcode: parseOpcodes(args.opcode),
      onWarning: ctx.warn,
    });
    let problems = 0;
    // Lazy: with --limit, problems past the last frame taken are never looked at.
    const framesIn = function* (batch: readonly FileFrameItem[]): Generator<FrameRecord> {
      for (const { file, item } of batch) {
        if (item.kind === 'frame') {
          yield item.frame;
        } else {
          problems++;
          ctx.warn(describeFrameProblem(file, item.problem));
        }
      }
    };
    const format = chosenFormat(ctx, args.format, 'ndjson', 'ndjson');
    if (args.limit === undefined) {
      const frameBatches = (async function* (): AsyncGenerator<FrameRecord[]> {
        for await (const batch of batches) yield [...framesIn(batch)];
      })();
      await writeRecordBatches(ctx.out, selectedBatches(ctx, args, frameBatches), format, FRAME_ROWS, tableOptions(ctx));
    } else {
      const records = (async function* (): AsyncGenerator<FrameRecord> {
        for await (const batch of batches) yield* framesIn(batch);
      })();
      await writeRecords(ctx.out, selected(ctx, args, records), format, FRAME_ROWS, tableOptions(ctx));
    }
    if (problems > 0) ctx.note(`${problems} frame problem${problems === 1 ? '' : 's'} reported above`);
  },
});
