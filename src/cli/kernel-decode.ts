import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';
import { ConversationBuilder, conversationRecords } from '../kernel/conversation.js';
import { CONVERSATION_ROW_HEADERS, MESSAGE_ROW_HEADERS, conversationRow, summarizeRecord } from '../kernel/summary.js';
import { renderTranscript } from '../kernel/transcript.js';
import { kernelRecords } from '../analyse/kernel-records.js';
import { toJson } from '../write/json.js';
import { renderTable } from '../write/table.js';
import { sourcesOf } from './common.js';
import type { CliIO, CommandContext } from './io.js';
import { runProgram } from './run.js';

interface KernelDecodeArgs {
  file?: string;
  all: boolean;
  conversations: boolean;
  format?: 'ndjson' | 'table' | 'transcript';
  strict: boolean;
}

function configure(yargs: Argv, ctx: CommandContext): Argv {
  return yargs
    .command(
      '$0 [file]',
      'Decode Jupyter kernel messages from `har ws-messages` NDJSON (stdin) or a HAR file',
      (y) =>
        y
          .positional('file', { describe: 'NDJSON frames or a HAR (gzip ok); none or - reads stdin', type: 'string' })
          .option('all', { describe: 'also emit frames that are not Jupyter messages ({kind:"other"})', type: 'boolean', default: false })
          .option('conversations', { describe: 'one record per request: replies, outputs, timings, flags', type: 'boolean', default: false })
          .option('format', { requiresArg: true, alias: 'f', describe: 'ndjson (default), table, or transcript (an IPython-console reading)', choices: ['ndjson', 'table', 'transcript'] as const })
          .option('strict', { describe: 'exit 1 when any frame is malformed', type: 'boolean', default: false })
          .example('har ws-messages s.har | kernel-decode', 'every kernel message, one JSON line each')
          .example("kernel-decode s.har | jq 'select(.msg_type==\"error\")'", 'the errors')
          .example('kernel-decode --conversations s.har', 'request → reply + outputs, with timings')
          .example('kernel-decode --format transcript s.har', 'the session as In [n]: / Out[n]:'),
      async (args) => {
        const options = args as unknown as KernelDecodeArgs;
        const format = options.format ?? 'ndjson';
        const [source] = sourcesOf(ctx.io, options.file === undefined ? [] : [options.file]);
        if (source === undefined) throw new UsageError('no input');
        const builder = options.conversations || format === 'transcript' ? new ConversationBuilder() : null;
        const rows: string[][] = [];
        let malformed = 0;
        let others = 0;
        for await (const record of kernelRecords(source, { onWarning: ctx.warn })) {
          if (ctx.out.isClosed) return;
          if (record.kind === 'malformed') malformed++;
          if (record.kind === 'other') others++;
          if (builder !== null) {
            builder.add(record);
            continue;
          }
          if (record.kind === 'other' && !options.all) continue;
          if (format === 'table') {
            const row = summarizeRecord(record, Math.max(30, ctx.io.columns - 60));
            rows.push(MESSAGE_ROW_HEADERS.map((key) => row[key]));
          } else {
            await ctx.out.write(`${toJson(record, true)}\n`);
          }
        }
        if (builder !== null) {
          const report = builder.finish();
          if (format === 'transcript') await ctx.out.write(renderTranscript(report, { keepAnsi: ctx.color }));
          else if (format === 'table') {
            const table = report.conversations.map((c) => conversationRow(c, Math.max(30, ctx.io.columns - 70)));
            await ctx.out.write(renderTable(table, { head: [...CONVERSATION_ROW_HEADERS], decorate: ctx.color }));
          } else for (const record of conversationRecords(report)) await ctx.out.write(`${toJson(record, true)}\n`);
        } else if (format === 'table') {
          await ctx.out.write(renderTable(rows, { head: [...MESSAGE_ROW_HEADERS], decorate: ctx.color }));
        }
        if (others > 0 && !options.all && builder === null) {
          ctx.warn(`${others} frame${others === 1 ? ' was' : 's were'} not Jupyter kernel messages (shown with --all)`);
        }
        if (malformed > 0) {
          ctx.warn(`${malformed} malformed frame${malformed === 1 ? '' : 's'} (emitted as {"kind":"malformed"} records)`);
          if (options.strict) ctx.answerNo();
        }
      },
    )
    .strict();
}

export function main(argv: readonly string[], io: CliIO): Promise<number> {
  return runProgram(
    {
      name: 'kernel-decode',
      usage: '$0 [file]',
      commands: () => [],
      epilogue: 'Frames are decoded by their connection\'s protocol (legacy JSON text, legacy binary, v1.kernel.websocket.jupyter.org), then by sniffing.\nA frame that cannot be decoded becomes a {"kind":"malformed"} record and is counted on stderr; it never stops the run.',
      configure,
    },
    argv,
    io,
  );
}
