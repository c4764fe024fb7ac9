import type { CommandModule } from 'yargs';
import { UsageError } from '../../errors.js';
import { toJson } from '../../write/json.js';
import { renderTable } from '../../write/table.js';
import { describeFrameProblem, framePreview } from '../../ws/frames.js';
import { streamFrames } from '../../ws/stream.js';
import { asList, filterOptionsOf, sourcesOf, withFiles, withFilters, type FilesArgs, type FilterArgs } from '../common.js';
import type { CommandContext } from '../io.js';

interface WsMessagesArgs extends FilesArgs, FilterArgs {
  direction?: string[];
  opcode?: string[];
  format?: 'ndjson' | 'table';
}

function parseOpcodes(values: readonly string[] | undefined): number[] {
  return (values ?? []).map((text) => {
    if (!/^-?\d+$/.test(text)) throw new UsageError(`--opcode ${JSON.stringify(text)}: not an integer`);
    return Number(text);
  });
}


export function wsMessagesCommand(ctx: CommandContext): CommandModule<object, WsMessagesArgs> {
  return {
    command: 'ws-messages [files..]',
    describe: 'WebSocket frames from _webSocketMessages, one NDJSON line each (pipe into kernel-decode)',
    builder: (yargs) =>
      withFilters(withFiles(yargs))
        .option('direction', { describe: 'only frames of these types: send, receive, error', type: 'string', array: true, nargs: 1, requiresArg: true, coerce: asList })
        .option('opcode', { describe: 'only these opcodes: 1 text, 2 binary', type: 'string', array: true, nargs: 1, requiresArg: true, coerce: asList })
        .option('format', { requiresArg: true, alias: 'f', describe: 'ndjson (default) or a table for people', choices: ['ndjson', 'table'] as const })
        .example('$0 ws-messages s.har | kernel-decode', 'the kernel messages of the session')
        .example('$0 ws-messages --direction send -f table s.har', 'what the browser sent'),
    handler: async (args) => {
      for (const direction of args.direction ?? []) {
        if (!['send', 'receive', 'error'].includes(direction)) throw new UsageError(`--direction ${JSON.stringify(direction)}: use send, receive or error`);
      }
      const frames = streamFrames(sourcesOf(ctx.io, args.files), {
        ...filterOptionsOf(args),
        direction: args.direction,
        opcode: parseOpcodes(args.opcode),
        onWarning: ctx.warn,
      });
      const format = args.format ?? 'ndjson';
      const rows: unknown[][] = [];
      let problems = 0;
      for await (const { file, item } of frames) {
        if (ctx.out.isClosed) return;
        if (item.kind === 'problem') {
          problems++;
          ctx.warn(describeFrameProblem(file, item.problem));
          continue;
        }
        const frame = item.frame;
        if (format === 'ndjson') await ctx.out.write(`${toJson(frame, true)}\n`);
        else rows.push([frame.entry, frame.index, frame.iso ?? '', frame.type ?? '', frame.opcode ?? '', frame.size ?? '', framePreview(frame, Math.max(20, ctx.io.columns - 70))]);
      }
      if (format === 'table') {
        await ctx.out.write(renderTable(rows, { head: ['entry', '#', 'time', 'type', 'opcode', 'size', 'data'], decorate: ctx.color, align: ['right', 'right', 'left', 'left', 'right', 'right', 'left'] }));
      }
      if (problems > 0) ctx.warn(`${problems} frame problem${problems === 1 ? '' : 's'} reported above`);
    },
  };
}
