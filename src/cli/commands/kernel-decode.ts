import { decodeKernelInput, decodeNotes } from '../../analyse/kernel-decode.js';
import { UsageError } from '../../errors.js';
import { ConversationBuilder, conversationRecords } from '../../kernel/conversation.js';
import { CONVERSATION_ROWS, MESSAGE_ROWS } from '../../kernel/message-rows.js';
import { renderTranscript } from '../../kernel/transcript.js';
import { writeRecords } from '../../write/records.js';
import { visibleLines } from '../../write/terminal-text.js';
import { defineCommand } from '../command.js';
import { formatOption, sourcesOf, tableOptions } from '../common.js';

interface KernelDecodeArgs {
  file?: string;
  all: boolean;
  conversations: boolean;
  format?: 'ndjson' | 'json' | 'table' | 'tsv' | 'csv' | 'transcript';
  strict: boolean;
}

/** The one command of the `kernel-decode` program (`$0`: it has no subcommands). */
export const kernelDecodeCommand = defineCommand<KernelDecodeArgs>({
  command: '$0 [file]',
  describe: 'Decode Jupyter kernel messages from `har ws-messages` NDJSON (stdin) or a HAR file',
  builder: (yargs) =>
    yargs
      .positional('file', { describe: 'NDJSON frames or a HAR (gzip ok); none or - reads stdin', type: 'string' })
      .option('all', { describe: 'also emit frames that are not Jupyter messages ({kind:"other"})', type: 'boolean', default: false })
      .option('conversations', { describe: 'one record per request: replies, outputs, timings, flags', type: 'boolean', default: false })
      .option('format', formatOption(['ndjson', 'json', 'table', 'tsv', 'csv', 'transcript'], 'ndjson; transcript: an IPython-console reading'))
      .option('strict', { describe: 'exit 1 when any frame is malformed', type: 'boolean', default: false })
      .example('har ws-messages s.har | kernel-decode', 'every kernel message, one JSON line each')
      .example("kernel-decode s.har | jq 'select(.msg_type==\"error\")'", 'the errors')
      .example('kernel-decode --conversations s.har', 'request → reply + outputs, with timings')
      .example('kernel-decode --format transcript s.har', 'the session as In [n]: / Out[n]:'),
  run: async (args, ctx) => {
    const format = args.format ?? 'ndjson';
    const [source] = sourcesOf(ctx.io, args.file === undefined ? [] : [args.file]);
    if (source === undefined) throw new UsageError('no input');
    const byRequest = args.conversations || format === 'transcript';
    const decoded = decodeKernelInput(source, { keepOthers: args.all || byRequest, onWarning: ctx.warn });
    if (format !== 'transcript' && !args.conversations) {
      await writeRecords(ctx.out, decoded.records, format, MESSAGE_ROWS, tableOptions(ctx));
    } else {
      const builder = new ConversationBuilder();
      for await (const record of decoded.records) builder.add(record);
      const report = builder.finish();
      // Kernel output is data: only its SGR colour reaches a terminal, and only with colour on.
      if (format === 'transcript') await ctx.out.write(visibleLines(renderTranscript(report, { keepAnsi: ctx.color }), ctx.color));
      else if (format === 'table' || format === 'tsv' || format === 'csv') await writeRecords(ctx.out, report.conversations, format, CONVERSATION_ROWS, tableOptions(ctx));
      else await writeRecords(ctx.out, conversationRecords(report), format, { columns: [] });
    }
    if (ctx.out.isClosed) return;
    for (const note of decodeNotes(decoded.counts, args.all || byRequest)) ctx.warn(note);
    if (decoded.counts.malformed > 0 && args.strict) ctx.answerNo();
  },
});
