import { decodeKernelInput, decodeNotes, messageFilter, recordsOfCells, reportOfCells, streamConversations } from '../../analyse/kernel-decode.js';
import { UsageError } from '../../errors.js';
import { ConversationBuilder, DEFAULT_REORDER_WINDOW_MS } from '../../kernel/conversation.js';
import type { Conversation, ConversationRecord } from '../../kernel/conversation-types.js';
import type { DecodedRecord } from '../../kernel/decode-record.js';
import { CONVERSATION_ROWS, MESSAGE_ROWS } from '../../kernel/message-rows.js';
import { renderTranscript } from '../../kernel/transcript.js';
import { writeRecordBatches, writeRecords } from '../../write/records.js';
import { visibleLines } from '../../write/terminal-text.js';
import { defineCommand } from '../command.js';
import { asList, formatOption, selected, selectedBatches, sourcesOf, tableOptions, withSelection, type SelectionArgs } from '../common.js';

interface KernelDecodeArgs extends SelectionArgs {
  file?: string;
  all: boolean;
  conversations: boolean;
  'reorder-window': number;
  format?: 'ndjson' | 'json' | 'table' | 'tsv' | 'csv' | 'transcript';
  strict: boolean;
  'msg-type'?: string[];
  channel?: string[];
  cell?: string[];
}

const CHANNELS = ['shell', 'iopub', 'stdin', 'control'];

function cellNumbers(values: readonly string[] | undefined): number[] {
  return (values ?? []).map((text) => {
    if (!/^\d+$/.test(text)) throw new UsageError(`--cell ${JSON.stringify(text)}: not a cell number (the n of In [n])`);
    return Number(text);
  });
}

/** The one command of the `kernel-decode` program (`$0`: it has no subcommands). */
export const kernelDecodeCommand = defineCommand<KernelDecodeArgs>({
  command: '$0 [file]',
  describe: 'Decode Jupyter kernel messages from `har ws-messages` NDJSON (stdin) or a HAR file',
  builder: (yargs) => {
    const list = { type: 'string', array: true, nargs: 1, requiresArg: true, coerce: asList } as const;
    return withSelection(
      yargs
        .positional('file', { describe: 'NDJSON frames or a HAR (gzip ok); none or - reads stdin', type: 'string' })
        .option('all', { describe: 'also emit frames that are not Jupyter messages ({kind:"other"})', type: 'boolean', default: false })
        .option('conversations', { describe: 'one record per request: replies, outputs, timings, flags', type: 'boolean', default: false })
        .option('reorder-window', {
          describe: 'seconds a message may come, in the input, after a later one and still be put in time order (--conversations)',
          type: 'number',
          default: DEFAULT_REORDER_WINDOW_MS / 1000,
          requiresArg: true,
        })
        .option('format', formatOption(['ndjson', 'json', 'table', 'tsv', 'csv', 'transcript'], 'ndjson; transcript: an IPython-console reading'))
        .option('strict', { describe: 'exit 1 when any frame is malformed', type: 'boolean', default: false })
        .option('msg-type', { ...list, describe: 'only these msg_types (execute_request, stream, error …; repeat or comma-separate)' })
        .option('channel', { ...list, describe: 'only messages on these channels: shell, iopub, stdin, control' })
        .option('cell', { ...list, describe: 'only the messages of cell n (In [n]): its request, reply and outputs' }),
    )
      .example('har ws-messages s.har | kernel-decode', 'every kernel message, one JSON line each')
      .example('kernel-decode --msg-type error s.har', 'the errors')
      .example('kernel-decode --cell 3 -f transcript s.har', 'what cell 3 ran and printed')
      .example('kernel-decode --conversations s.har', 'request → reply + outputs, with timings')
      .example('kernel-decode --format transcript s.har', 'the session as In [n]: / Out[n]:')
      .example('kernel-decode --strict -e --msg-type error s.har', 'exit 1 if a frame was malformed or no error was found');
  },
  run: async (args, ctx) => {
    const format = args.format ?? 'ndjson';
    for (const channel of args.channel ?? []) {
      if (!CHANNELS.includes(channel)) throw new UsageError(`--channel ${JSON.stringify(channel)}: use shell, iopub, stdin or control`);
    }
    const cells = cellNumbers(args.cell);
    const keep = messageFilter({ msgTypes: args['msg-type'], channels: args.channel });
    const [source] = sourcesOf(ctx.io, args.file === undefined ? [] : [args.file]);
    if (source === undefined) throw new UsageError('no input');
    // From a pipe, show each message as soon as it is decoded: the other end may be a live recording.
    if (source.path === null) ctx.out.flushWhenIdle();
    const byRequest = args.conversations || format === 'transcript';
    const decoded = decodeKernelInput(source, { keepOthers: args.all || byRequest, onWarning: ctx.warn });
    if (format !== 'transcript' && !args.conversations && cells.length === 0 && args.limit === undefined) {
      const batches = keep === null ? decoded.batches : (async function* () {
        for await (const batch of decoded.batches) yield batch.filter(keep);
      })();
      await writeRecordBatches(ctx.out, selectedBatches(ctx, args, batches), format, MESSAGE_ROWS, tableOptions(ctx));
    } else if (format !== 'transcript' && !args.conversations) {
      let records: AsyncIterable<DecodedRecord> | Iterable<DecodedRecord> = decoded.records;
      if (cells.length > 0) {
        // A cell's number is known only from its reply or execute_input: the records are read first.
        const all: DecodedRecord[] = [];
        const builder = new ConversationBuilder();
        for await (const record of decoded.records) {
          all.push(record);
          builder.add(record);
        }
        records = recordsOfCells(all, builder.finish(), cells);
      }
      const chosen = keep === null ? records : (async function* () {
        for await (const record of records) if (keep(record)) yield record;
      })();
      await writeRecords(ctx.out, selected(ctx, args, chosen), format, MESSAGE_ROWS, tableOptions(ctx));
    } else if (format === 'transcript') {
      const builder = new ConversationBuilder();
      for await (const record of decoded.records) if (keep === null || keep(record) || record.kind !== 'message') builder.add(record);
      const finished = builder.finish();
      const report = cells.length > 0 ? reportOfCells(finished, cells) : finished;
      if (args['exit-status'] && report.conversations.length === 0) ctx.answerNo();
      // Kernel output is data: only its SGR colour reaches a terminal, and only with colour on.
      await ctx.out.write(visibleLines(renderTranscript(report, { keepAnsi: ctx.color }), ctx.color));
    } else {
      const window = args['reorder-window'];
      if (!Number.isFinite(window) || window < 0) throw new UsageError(`--reorder-window ${String(window)}: a number of seconds, 0 or more`);
      const kept = keep === null ? decoded.records : (async function* () {
        for await (const record of decoded.records) if (keep(record) || record.kind !== 'message') yield record;
      })();
      const conversations = streamConversations(kept, { windowMs: window * 1000, cells });
      const noExit = { ...args, 'exit-status': false };
      if (format === 'table' || format === 'tsv' || format === 'csv') {
        const onlyConversations = (async function* () {
          for await (const record of conversations.records) if (record.kind === 'conversation') yield record;
        })();
        await writeRecords(ctx.out, selected<Conversation>(ctx, noExit, onlyConversations), format, CONVERSATION_ROWS, tableOptions(ctx));
      } else {
        await writeRecords(ctx.out, selected<ConversationRecord>(ctx, noExit, conversations.records), format, { columns: [] });
      }
      if (ctx.out.isClosed) return;
      if (args['exit-status'] && conversations.counts.conversations === 0) ctx.answerNo();
      const { late } = conversations.counts;
      if (late > 0) ctx.note(`${late} message${late === 1 ? '' : 's'} came more than the reorder window (${window} s) after their request was written; shown as orphans or left out (raise --reorder-window)`);
    }
    if (ctx.out.isClosed) return;
    for (const note of decodeNotes(decoded.counts, args.all || byRequest)) ctx.note(note);
    if (decoded.counts.malformed > 0 && args.strict) ctx.answerNo();
  },
});
