/**
 * `kernel-decode --format table`: one row per decoded record, with a one-line summary of what
 * the message says. The CLI puts the rows in a cli-table3 table.
 */
import type { Conversation } from './conversation-types.js';
import type { DecodedRecord } from './decode-record.js';
import { isJsonObject, type JsonObject } from './messages.js';
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
  return { time, direction, channel: record.channel, msg_type: record.msg_type, summary: oneLine(stripAnsi(summarizeContent(record.msg_type, record.content)), width) };
}

export const CONVERSATION_ROW_HEADERS = ['sent', 'channel', 'request', 'n', 'status', 'code'] as const;

/** `kernel-decode --conversations --format table`: one row per request, code cut to its first line. */
export function conversationRow(conv: Conversation, width = 80): string[] {
  const code = conv.code === null ? '' : oneLine(conv.code.split('\n')[0]!, width);
  return [conv.times.sent ?? '', conv.channel, conv.msg_type, String(conv.execution_count ?? ''), conv.status ?? '', code];
}

/** What a message of this type says, in a few words. */
export function summarizeContent(msgType: string, c: JsonObject): string {
  switch (msgType) {
    case 'execute_request':
    case 'is_complete_request':
      return str(c.code);
    case 'execute_input':
      return `[${num(c.execution_count)}] ${str(c.code)}`;
    case 'execute_reply':
      return c.status === 'error' ? `error ${str(c.ename)}: ${str(c.evalue)}` : `${str(c.status)} [${num(c.execution_count)}]`;
    case 'status':
      return str(c.execution_state);
    case 'stream':
      return `${str(c.name)}: ${str(c.text)}`;
    case 'error':
      return `${str(c.ename)}: ${str(c.evalue)}`;
    case 'display_data':
    case 'update_display_data':
    case 'execute_result':
      return mimeSummary(c);
    case 'clear_output':
      return c.wait === true ? 'wait' : '';
    case 'input_request':
      return c.password === true ? `${str(c.prompt)} (password)` : str(c.prompt);
    case 'input_reply':
      return str(c.value);
    case 'comm_open':
      return `${str(c.target_name)} ${str(c.comm_id)}`;
    case 'comm_msg':
    case 'comm_close': {
      const method = isJsonObject(c.data) ? str(c.data.method) : '';
      return `${str(c.comm_id)}${method === '' ? '' : ` ${method}`}`;
    }
    case 'complete_request':
    case 'inspect_request':
      return `${str(c.code)} @${num(c.cursor_pos)}`;
    case 'complete_reply':
      return `${Array.isArray(c.matches) ? c.matches.length : 0} matches`;
    case 'kernel_info_reply': {
      const language = isJsonObject(c.language_info) ? `${str(c.language_info.name)} ${str(c.language_info.version)}` : '';
      return `${str(c.implementation)} ${str(c.implementation_version)} ${language}`.trim();
    }
    case 'shutdown_request':
    case 'shutdown_reply':
      return c.restart === true ? 'restart' : '';
    default:
      return typeof c.status === 'string' ? c.status : '';
  }
}

function mimeSummary(c: JsonObject): string {
  const data = isJsonObject(c.data) ? c.data : {};
  const types = Object.keys(data).join(', ');
  const plain = data['text/plain'];
  const count = typeof c.execution_count === 'number' ? `[${c.execution_count}] ` : '';
  return `${count}${types}${typeof plain === 'string' ? `: ${plain}` : ''}`;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function num(value: unknown): string {
  return typeof value === 'number' ? String(value) : ' ';
}
