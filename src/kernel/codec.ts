/**
 * One WebSocket frame → one Jupyter message, or a reason why not. A frame is legacy JSON text,
 * legacy binary or v1 binary (the binary layouts are in wire-layout.ts).
 *
 * The entry's negotiated subprotocol picks which binary layout is tried first; the other is
 * still tried, because a HAR can mix protocols and the header is sometimes missing. Nothing a
 * frame contains can make this throw: every failure is a result.
 */
import { isAscii } from 'node:buffer';
import { latin1Text } from '../util/latin1.js';
import { decodeBase64Transient } from '../ws/base64.js';
import { parseJsonOrUndefined, parseJsonText } from './json-text.js';
import { isChannel, isJsonObject, type BufferRef, type Header, type JsonObject, type Message } from './messages.js';
import { modernizeMessage } from './protocol4.js';
import { splitLegacyBinary, v1Offsets } from './wire-layout.js';

export const V1_PROTOCOL = 'v1.kernel.websocket.jupyter.org';

/** Which of the three frame shapes a message came in. */
export type WireFormat = 'legacy-text' | 'legacy-binary' | 'v1';

export type DecodedMessage = Message & { kind: 'message'; wire: WireFormat };

/**
 * `other`: not a data frame (Chrome's error frames, opcode -1) or valid JSON that is not a
 * Jupyter message. `malformed`: meant to be one of the three shapes but broken.
 */
export type FrameDecode = DecodedMessage | { kind: 'other'; reason: string } | { kind: 'malformed'; reason: string };

/** The two fields of a frame record the codec needs, unvalidated. */
export interface WireFrame {
  opcode?: unknown;
  data?: unknown;
}

/**
 * `FrameDecode` with the message kept whole: what decode-record.ts builds its record from, with
 * no copy of the message's fields in between.
 */
export type MessageDecode = { kind: 'message'; wire: WireFormat; msg: Message } | { kind: 'other'; reason: string } | { kind: 'malformed'; reason: string };

export function decodeFrame(frame: WireFrame, protocolHint?: string | null): FrameDecode {
  const decoded = decodeMessage(frame, protocolHint);
  return decoded.kind === 'message' ? { kind: 'message', wire: decoded.wire, ...decoded.msg } : decoded;
}

/** `decodeFrame`, the message not spread into the result. */
export function decodeMessage(frame: WireFrame, protocolHint?: string | null): MessageDecode {
  const { opcode, data } = frame;
  if (opcode !== 1 && opcode !== 2) return { kind: 'other', reason: `opcode ${describe(opcode)} is not a data frame` };
  if (typeof data !== 'string') return { kind: 'malformed', reason: `data is ${describe(data)}, not a string` };
  if (data === '') return { kind: 'malformed', reason: 'empty data' };
  return opcode === 1 ? decodeText(data) : decodeBinary(data, protocolHint === V1_PROTOCOL);
}

function decodeText(text: string): MessageDecode {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return { kind: 'malformed', reason: parsed.reason };
  const value = parsed.value;
  if (!isJsonObject(value) || !('header' in value)) {
    return { kind: 'other', reason: 'text frame is JSON but not a Jupyter message (no header)' };
  }
  return finish(buildMessage(value.channel, value.header, value.parent_header, value.metadata, value.content, []), 'legacy-text');
}

function decodeBinary(base64: string, v1First: boolean): MessageDecode {
  // Every part this keeps is copied out of the bytes (latin1Slice, TextDecoder, bufferRef).
  const bytes = decodeBase64Transient(base64);
  if (bytes === null) return { kind: 'malformed', reason: 'data is not valid base64' };
  // The negotiated layout first, then the other; the reasons of both when neither fits.
  if (v1First) {
    const offsets = v1Offsets(bytes);
    if (typeof offsets !== 'string') return fromV1(bytes, offsets);
    const legacy = splitLegacyBinary(bytes);
    if (legacy.ok) return fromLegacyParts(legacy.parts);
    return neitherLayout(offsets, legacy.reason);
  }
  const legacy = splitLegacyBinary(bytes);
  if (legacy.ok) return fromLegacyParts(legacy.parts);
  const offsets = v1Offsets(bytes);
  if (typeof offsets !== 'string') return fromV1(bytes, offsets);
  return neitherLayout(legacy.reason, offsets);
}

function neitherLayout(first: string, second: string): MessageDecode {
  return { kind: 'malformed', reason: `binary frame fits neither layout (${first}; ${second})` };
}

const V1_JSON_PARTS = ['header', 'parent_header', 'metadata', 'content'] as const;

/**
 * A v1 frame from its checked offset table (wire-layout.ts): parts are read where they lie in
 * `bytes`, without a view per part; only the buffers after the five parts are copied out.
 */
function fromV1(bytes: Buffer, offsets: readonly number[]): MessageDecode {
  return fromAsciiV1(bytes, offsets) ?? fromV1Parts(bytes, offsets);
}

/**
 * The common case, with as little work per frame as it takes: the five parts are ASCII (one
 * Latin-1 decode of them all, cut in five) and JSON.parse reads each of the four JSON parts.
 * Anything else gives null, and `fromV1Parts` reads the frame again and says what is wrong; a
 * frame both read is the same message (JSON.parse is all either uses on such parts).
 */
function fromAsciiV1(bytes: Buffer, offsets: readonly number[]): MessageDecode | null {
  const start = offsets[0]!;
  const end = offsets[5]!;
  if (!isAscii(new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start))) return null;
  const all = latin1Text(bytes, start, end);
  const headerAt = offsets[1]! - start;
  const parentAt = offsets[2]! - start;
  const metadataAt = offsets[3]! - start;
  const contentAt = offsets[4]! - start;
  const header = parseJsonOrUndefined(all.slice(headerAt, parentAt));
  if (header === undefined) return null;
  const parentHeader = parseJsonOrUndefined(all.slice(parentAt, metadataAt));
  if (parentHeader === undefined) return null;
  const metadata = parseJsonOrUndefined(all.slice(metadataAt, contentAt));
  if (metadata === undefined) return null;
  const content = parseJsonOrUndefined(all.slice(contentAt));
  if (content === undefined) return null;
  return finish(buildMessage(all.slice(0, headerAt), header, parentHeader, metadata, content, v1Buffers(bytes, offsets)), 'v1');
}

/** A v1 frame part by part: each part a checked UTF-8 decode, each JSON part read by `parseJsonText`, the first failure named. */
function fromV1Parts(bytes: Buffer, offsets: readonly number[]): MessageDecode {
  const texts: (string | null)[] = [];
  for (let i = 0; i < 5; i++) texts.push(utf8(bytes.subarray(offsets[i], offsets[i + 1])));
  if (texts[0] === null) return { kind: 'malformed', reason: 'v1: channel is not UTF-8' };
  const values: unknown[] = [];
  for (let i = 0; i < V1_JSON_PARTS.length; i++) {
    const text = texts[i + 1];
    if (text === null) return { kind: 'malformed', reason: `v1: ${V1_JSON_PARTS[i]} is not UTF-8` };
    const parsed = parseJsonText(text!);
    if (!parsed.ok) return { kind: 'malformed', reason: `v1: ${V1_JSON_PARTS[i]}: ${parsed.reason}` };
    values.push(parsed.value);
  }
  return finish(buildMessage(texts[0], values[0], values[1], values[2], values[3], v1Buffers(bytes, offsets)), 'v1');
}

/** The parts after content (the offsets of n parts are n + 1, the last the frame's end). */
function v1Buffers(bytes: Uint8Array, offsets: readonly number[]): BufferRef[] {
  const buffers: BufferRef[] = [];
  for (let i = 5; i + 1 < offsets.length; i++) buffers.push(bufferRef(bytes, offsets[i]!, offsets[i + 1]!));
  return buffers;
}

function fromLegacyParts(parts: Uint8Array[]): MessageDecode {
  const [jsonBytes, ...buffers] = parts;
  const text = utf8(jsonBytes!);
  if (text === null) return { kind: 'malformed', reason: 'legacy binary: message JSON is not UTF-8' };
  const parsed = parseJsonText(text);
  if (!parsed.ok) return { kind: 'malformed', reason: `legacy binary: ${parsed.reason}` };
  const value = parsed.value;
  if (!isJsonObject(value)) return { kind: 'malformed', reason: 'legacy binary: message JSON is not an object' };
  const refs = buffers.map((buffer) => bufferRef(buffer, 0, buffer.byteLength));
  return finish(buildMessage(value.channel, value.header, value.parent_header, value.metadata, value.content, refs), 'legacy-binary');
}

function finish(built: Message | string, wire: WireFormat): MessageDecode {
  if (typeof built === 'string') return { kind: 'malformed', reason: `${wire}: ${built}` };
  return { kind: 'message', wire, msg: modernizeMessage(built) };
}

/**
 * The five parts checked and put together (or why not); missing parent_header/metadata/content
 * become `{}`. Checked one by one, in the order the reasons are given, not through lists of keys:
 * this runs per message.
 */
function buildMessage(
  channel: unknown,
  header: unknown,
  parentHeader: unknown,
  metadata: unknown,
  content: unknown,
  buffers: BufferRef[],
): Message | string {
  if (!isChannel(channel)) return `channel ${describe(channel)} is not shell/control/iopub/stdin`;
  if (!isJsonObject(header)) return `header is ${describe(header)}, not an object`;
  if (typeof header.msg_id !== 'string') return 'header.msg_id is not a string';
  if (typeof header.msg_type !== 'string' || header.msg_type === '') return 'header.msg_type is not a non-empty string';
  if (!isStringOrNothing(header.session)) return 'header.session is not a string';
  if (!isStringOrNothing(header.username)) return 'header.username is not a string';
  if (!isStringOrNothing(header.date)) return 'header.date is not a string';
  if (!isStringOrNothing(header.version)) return 'header.version is not a string';
  if (!isObjectOrNothing(parentHeader)) return `parent_header is ${describe(parentHeader)}, not an object`;
  if (!isObjectOrNothing(metadata)) return `metadata is ${describe(metadata)}, not an object`;
  if (!isObjectOrNothing(content)) return `content is ${describe(content)}, not an object`;
  return {
    channel,
    header: header as Header,
    parent_header: objectOrEmpty(parentHeader),
    metadata: objectOrEmpty(metadata),
    content: objectOrEmpty(content),
    buffers,
  };
}

function isStringOrNothing(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

function isObjectOrNothing(value: unknown): boolean {
  return value === undefined || value === null || isJsonObject(value);
}

function objectOrEmpty(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {};
}

function bufferRef(bytes: Uint8Array, start: number, end: number): BufferRef {
  return { size: end - start, base64: Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('base64') };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function utf8(bytes: Uint8Array): string | null {
  try {
    return UTF8.decode(bytes);
  } catch {
    return null;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'an array' : typeof value;
}
