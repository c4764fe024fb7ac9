/**
 * Protocol 4 → 5 names. Old kernels (protocol 4.x) reach the browser unadapted on the v1
 * path, where the server passes kernel frames through; they are renamed here so the rest of
 * harknife knows one protocol. See "Changelog 5.0" in
 * https://jupyter-client.readthedocs.io/en/latest/messaging.html
 */
import { parentMsgType, type Message, type MessageType } from './messages.js';

/**
 * A switch, not a lookup table: it runs for every message, in runs too short for V8 to optimise,
 * and a frame may say msg_type "__proto__" or "constructor", which a table would have to guard
 * against with a call per lookup.
 */
export function modernMsgType(msgType: string): string {
  switch (msgType) {
    case 'pyin':
      return 'execute_input' satisfies MessageType;
    case 'pyerr':
      return 'error' satisfies MessageType;
    case 'pyout':
      return 'execute_result' satisfies MessageType;
    case 'object_info_request':
      return 'inspect_request' satisfies MessageType;
    case 'object_info_reply':
      return 'inspect_reply' satisfies MessageType;
    default:
      return msgType;
  }
}

/** Renames protocol-4 msg_types (header and parent) and the stream `data` field to `text`. */
export function modernizeMessage(msg: Message): Message {
  const msgType = modernMsgType(msg.header.msg_type);
  const parentType = parentMsgType(msg);
  const header = msgType === msg.header.msg_type ? msg.header : { ...msg.header, msg_type: msgType };
  const parent_header =
    parentType !== null && modernMsgType(parentType) !== parentType
      ? { ...msg.parent_header, msg_type: modernMsgType(parentType) }
      : msg.parent_header;
  let content = msg.content;
  if (msgType === 'stream' && content.text === undefined && typeof content.data === 'string') {
    const { data, ...rest } = content;
    content = { ...rest, text: data };
  }
  if (header === msg.header && parent_header === msg.parent_header && content === msg.content) return msg;
  return { ...msg, header, parent_header, content };
}

