/**
 * One WebSocket frame → one Jupyter message, or a reason why not. A frame is legacy JSON text,
 * legacy binary or v1 binary (the binary layouts are in wire-layout.ts).
 *
 * The entry's negotiated subprotocol picks which binary layout is tried first; the other is
 * still tried, because a HAR can mix protocols and the header is sometimes missing. Nothing a
 * frame contains can make this throw: every failure is a result.
 */
import { isAscii } from 'node:buffer';
import { decodeBase64 } from '../ws/base64.js';
import { parseJsonText } from './json-text.js';
import { isChannel, isJsonObject, type BufferRef, type Channel, type Header, type JsonObject, type Message } from './messages.js';
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

type Built = { ok: true; msg: Message } | { ok: false; reason: string };

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
  const bytes = decodeBase64(base64);
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
  const texts = v1Texts(bytes, offsets);
  if (texts[0] === null) return { kind: 'malformed', reason: 'v1: channel is not UTF-8' };
  const values: unknown[] = [undefined, undefined, undefined, undefined];
  for (let i = 0; i < V1_JSON_PARTS.length; i++) {
    const text = texts[i + 1];
    if (text === null) return { kind: 'malformed', reason: `v1: ${V1_JSON_PARTS[i]} is not UTF-8` };
    const parsed = parseJsonText(text!);
    if (!parsed.ok) return { kind: 'malformed', reason: `v1: ${V1_JSON_PARTS[i]}: ${parsed.reason}` };
    values[i] = parsed.value;
  }
  return finish(buildMessage(texts[0], values[0], values[1], values[2], values[3], v1Buffers(bytes, offsets)), 'v1');
}

/** The parts after content (the offsets of n parts are n + 1, the last the frame's end). */
function v1Buffers(bytes: Uint8Array, offsets: readonly number[]): BufferRef[] {
  const buffers: BufferRef[] = [];
  for (let i = 5; i + 1 < offsets.length; i++) buffers.push(bufferRef(bytes, offsets[i]!, offsets[i + 1]!));
  return buffers;
}

/**
 * The channel, header, parent_header, metadata and content of a v1 frame as text (null: not
 * UTF-8). They lie side by side in the frame: when those bytes are ASCII, as a kernel's JSON
 * usually is, one decode of them all is cut in five, instead of five checked UTF-8 decodes.
 */
function v1Texts(bytes: Buffer, offsets: readonly number[]): (string | null)[] {
  const start = offsets[0]!;
  const end = offsets[5]!;
  if (!isAscii(new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start))) {
    const texts: (string | null)[] = [];
    for (let i = 0; i < 5; i++) texts.push(utf8(bytes.subarray(offsets[i], offsets[i + 1])));
    return texts;
  }
  const all = bytes.toString('latin1', start, end);
  const at = (i: number) => offsets[i]! - start;
  return [all.slice(0, at(1)), all.slice(at(1), at(2)), all.slice(at(2), at(3)), all.slice(at(3), at(4)), all.slice(at(4))];
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

function finish(built: Built, wire: WireFormat): MessageDecode {
  if (!built.ok) return { kind: 'malformed', reason: `${wire}: ${built.reason}` };
  return { kind: 'message', wire, msg: modernizeMessage(built.msg) };
}

const HEADER_STRINGS = ['session', 'username', 'date', 'version'] as const;

/** The five parts checked and put together; missing parent_header/metadata/content become `{}`. */
function buildMessage(
  channel: unknown,
  header: unknown,
  parentHeader: unknown,
  metadata: unknown,
  content: unknown,
  buffers: BufferRef[],
): Built {
  if (!isChannel(channel)) return { ok: false, reason: `channel ${describe(channel)} is not shell/control/iopub/stdin` };
  if (!isJsonObject(header)) return { ok: false, reason: `header is ${describe(header)}, not an object` };
  if (typeof header.msg_id !== 'string') return { ok: false, reason: 'header.msg_id is not a string' };
  if (typeof header.msg_type !== 'string' || header.msg_type === '') {
    return { ok: false, reason: 'header.msg_type is not a non-empty string' };
  }
  for (const key of HEADER_STRINGS) {
    if (header[key] !== undefined && typeof header[key] !== 'string') return { ok: false, reason: `header.${key} is not a string` };
  }
  // Checked one by one, not through an object of the three and its entries: this runs per message.
  if (!isObjectOrNothing(parentHeader)) return { ok: false, reason: `parent_header is ${describe(parentHeader)}, not an object` };
  if (!isObjectOrNothing(metadata)) return { ok: false, reason: `metadata is ${describe(metadata)}, not an object` };
  if (!isObjectOrNothing(content)) return { ok: false, reason: `content is ${describe(content)}, not an object` };
  return {
    ok: true,
    msg: {
      channel: channel as Channel,
      header: header as Header,
      parent_header: objectOrEmpty(parentHeader),
      metadata: objectOrEmpty(metadata),
      content: objectOrEmpty(content),
      buffers,
    },
  };
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
