/** Kernel records and conversations as table / tsv / csv rows (the summary text is in summary.ts). */
import type { RowSpec } from '../write/records.js';
import type { Conversation } from './conversation-types.js';
import type { DecodedRecord } from './decode-record.js';
import { summarizeRecord } from './summary.js';

/** `kernel-decode -f table`: one row per decoded record. */
export const MESSAGE_ROWS: RowSpec<DecodedRecord> = {
  columns: [
    { header: 'time', value: (r) => r.iso ?? (r.time === null ? '' : String(r.time)) },
    { header: 'direction', value: (r) => r.direction },
    { header: 'channel', value: (r) => (r.kind === 'message' ? r.channel : '') },
    { header: 'msg_type', value: (r) => (r.kind === 'message' ? r.msg_type : `(${r.kind})`) },
    { header: 'summary', value: (r) => summarizeRecord(r, Number.MAX_SAFE_INTEGER).summary, flexible: true },
  ],
};

/** `kernel-decode --conversations -f table`: one row per request, code cut to its first line. */
export const CONVERSATION_ROWS: RowSpec<Conversation> = {
  columns: [
    { header: 'sent', value: (c) => c.times.sent },
    { header: 'channel', value: (c) => c.channel },
    { header: 'request', value: (c) => c.msg_type },
    { header: 'n', value: (c) => c.execution_count },
    { header: 'status', value: (c) => c.status },
    { header: 'code', value: (c) => (c.code === null ? '' : (c.code.split('\n')[0] ?? '')), flexible: true },
  ],
};
