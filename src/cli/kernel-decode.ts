import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';
import { ConversationBuilder, conversationRecords } from '../kernel/conversation.js';
import { decodeFrameRecord, type DecodedRecord, type MalformedRecord } from '../kernel/decode-record.js';
import { MESSAGE_ROW_HEADERS, summarizeRecord } from '../kernel/summary.js';
import { renderTranscript } from '../kernel/transcript.js';
import { describeJsonError } from '../read/build.js';
import { peek, readLines } from '../read/lines.js';
import type { InputSource } from '../read/input.js';
import { toJson } from '../write/json.js';
import { renderTable } from '../write/table.js';
import { streamFrames } from '../ws/stream.js';
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

const HAR_START = /^\s*\{\s*"log"\s*:/;

function notJsonLine(number: number, reason: string): MalformedRecord {
  return { kind: 'malformed', reason: `line ${number}: ${reason}`, size: null, frame: { entry: null, index: null, session_id: null }, time: null, iso: null, direction: null, kernel_id: null };
}

/** Decoded records of `har ws-messages` NDJSON, or of a HAR read directly: the same result. */
async function* decodedRecords(ctx: CommandContext, source: InputSource): AsyncGenerator<DecodedRecord> {
  const peeked = await peek(source, 4096);
  if (HAR_START.test(peeked.head.toString('utf8'))) {
    for await (const { file, item } of streamFrames([peeked.source], { onWarning: ctx.warn })) {
      if (item.kind === 'frame') yield decodeFrameRecord(item.frame);
      else ctx.warn(`${file}: log.entries[${item.problem.entry}]._webSocketMessages${item.problem.index === null ? '' : `[${item.problem.index}]`}: ${item.problem.reason}`);
    }
    return;
  }
  for await (const { line, number } of readLines(peeked.source)) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      yield notJsonLine(number, `not JSON (${describeJsonError(line)})`);
      continue;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      yield notJsonLine(number, 'not a frame object');
      continue;
    }
    yield decodeFrameRecord(parsed as Record<string, unknown>);
  }
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
          .option('format', { alias: 'f', describe: 'ndjson (default), table, or transcript (an IPython-console reading)', choices: ['ndjson', 'table', 'transcript'] as const })
          .option('strict', { describe: 'exit 1 when any frame is malformed', type: 'boolean', default: false })
          .example('har ws-messages session.har | kernel-decode', 'every kernel message, one JSON line each')
          .example("kernel-decode session.har | jq -c 'select(.msg_type==\"error\") | .content.evalue'", 'the errors')
          .example('kernel-decode --conversations session.har', 'request → reply + outputs, with timings')
          .example('kernel-decode --format transcript session.har', 'the session as In [n]: / Out[n]:'),
      async (args) => {
        const options = args as unknown as KernelDecodeArgs;
        const format = options.format ?? 'ndjson';
        const [source] = sourcesOf(ctx.io, options.file === undefined ? [] : [options.file]);
        if (source === undefined) throw new UsageError('no input');
        const builder = options.conversations || format === 'transcript' ? new ConversationBuilder() : null;
        const rows: string[][] = [];
        let malformed = 0;
        for await (const record of decodedRecords(ctx, source)) {
          if (ctx.out.isClosed) return;
          if (record.kind === 'malformed') malformed++;
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
            const table = report.conversations.map((c) => [c.times.sent ?? '', c.channel, c.msg_type, String(c.execution_count ?? ''), c.status ?? '', c.code === null ? '' : c.code.split('\n')[0]!]);
            await ctx.out.write(renderTable(table, { head: ['sent', 'channel', 'request', 'n', 'status', 'code'], decorate: ctx.color }));
          } else for (const record of conversationRecords(report)) await ctx.out.write(`${toJson(record, true)}\n`);
        } else if (format === 'table') {
          await ctx.out.write(renderTable(rows, { head: [...MESSAGE_ROW_HEADERS], decorate: ctx.color }));
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
