/**
 * `kernel-decode --format table`: a one-line summary of what each decoded record says (the row
 * spec is in message-rows.ts).
 */
import type { DecodedRecord } from './decode-record.js';
import {
  isClearOutputMsg,
  isCommCloseMsg,
  isCommMsgMsg,
  isCommOpenMsg,
  isCompleteReplyMsg,
  isCompleteRequestMsg,
  isDisplayDataMsg,
  isErrorMsg,
  isExecuteInputMsg,
  isExecuteReplyMsg,
  isExecuteRequestMsg,
  isExecuteResultMsg,
  isInputReplyMsg,
  isInputRequestMsg,
  isInspectRequestMsg,
  isIsCompleteRequestMsg,
  isKernelInfoReplyMsg,
  isShutdownReplyMsg,
  isShutdownRequestMsg,
  isStatusMsg,
  isStreamMsg,
  isUpdateDisplayDataMsg,
  replyStatus,
  type JsonObject,
  type Message,
} from './messages.js';
import { oneLine, stripAnsi } from './text.js';

export interface MessageRow {
  time: string;
  direction: string;
  channel: string;
  msg_type: string;
  summary: string;
}

export const MESSAGE_ROW_HEADERS: readonly (keyof MessageRow)[] = ['time', 'direction', 'channel', 'msg_type', 'summary'];

export function summarizeRecord(record: DecodedRecord, width = 80): MessageRow {
  const time = record.iso ?? (record.time === null ? '' : String(record.time));
  const direction = record.direction ?? '';
  if (record.kind !== 'message') {
    return { time, direction, channel: '', msg_type: `(${record.kind})`, summary: oneLine(record.reason, width) };
  }
  return { time, direction, channel: record.channel, msg_type: record.msg_type, summary: oneLine(stripAnsi(summarizeMessage(record)), width) };
}

/** What a message says, in a few words; a message that fails its type's guard shows only a reply status. */
export function summarizeMessage(msg: Message): string {
  if (isExecuteRequestMsg(msg) || isIsCompleteRequestMsg(msg)) return msg.content.code;
  if (isExecuteInputMsg(msg)) return `[${count(msg.content.execution_count)}] ${msg.content.code}`;
  if (isExecuteReplyMsg(msg)) {
    const c = msg.content;
    return c.status === 'error' ? `error ${c.ename ?? ''}: ${c.evalue ?? ''}` : `${c.status} [${count(c.execution_count)}]`;
  }
  if (isStatusMsg(msg)) return msg.content.execution_state;
  if (isStreamMsg(msg)) return `${msg.content.name}: ${msg.content.text}`;
  if (isErrorMsg(msg)) return `${msg.content.ename}: ${msg.content.evalue}`;
  if (isDisplayDataMsg(msg) || isUpdateDisplayDataMsg(msg)) return mimeSummary(msg.content.data, undefined);
  if (isExecuteResultMsg(msg)) return mimeSummary(msg.content.data, msg.content.execution_count);
  if (isClearOutputMsg(msg)) return msg.content.wait === true ? 'wait' : '';
  if (isInputRequestMsg(msg)) return msg.content.password === true ? `${msg.content.prompt} (password)` : msg.content.prompt;
  if (isInputReplyMsg(msg)) return msg.content.value;
  if (isCommOpenMsg(msg)) return `${msg.content.target_name} ${msg.content.comm_id}`;
  if (isCommMsgMsg(msg) || isCommCloseMsg(msg)) {
    // `data` belongs to the comm's own protocol (ipywidgets says `method`): read, not trusted.
    const method = msg.content.data.method;
    return typeof method === 'string' && method !== '' ? `${msg.content.comm_id} ${method}` : msg.content.comm_id;
  }
  if (isCompleteRequestMsg(msg) || isInspectRequestMsg(msg)) return `${msg.content.code} @${msg.content.cursor_pos}`;
  if (isCompleteReplyMsg(msg)) return `${msg.content.status === 'ok' ? msg.content.matches.length : 0} matches`;
  if (isKernelInfoReplyMsg(msg) && (msg.content.status === undefined || msg.content.status === 'ok')) {
    const { implementation, implementation_version, language_info } = msg.content;
    return `${implementation} ${implementation_version} ${language_info.name} ${language_info.version}`.trim();
  }
  if (isShutdownRequestMsg(msg)) return msg.content.restart ? 'restart' : '';
  if (isShutdownReplyMsg(msg)) return msg.content.status === 'ok' && msg.content.restart ? 'restart' : '';
  return replyStatus(msg) ?? '';
}

function mimeSummary(data: JsonObject, executionCount: number | null | undefined): string {
  const types = Object.keys(data).join(', ');
  const plain = data['text/plain'];
  const prefix = typeof executionCount === 'number' ? `[${executionCount}] ` : '';
  return `${prefix}${types}${typeof plain === 'string' ? `: ${plain}` : ''}`;
}

/** An execution count, or a blank where there is none (as IPython shows `In [ ]`). */
function count(value: number | null | undefined): string {
  return typeof value === 'number' ? String(value) : ' ';
}
