/**
 * `_webSocketMessages` of one HAR entry → frame records, in capture order (Chrome's
 * DevTools export: `{type, time, opcode, data}`, binary payloads base64).
 *
 * Captures come from several tools and can be truncated or edited by hand, so every field is
 * checked. A frame with an odd field is still emitted (with that field null) and the oddity is
 * reported; only items that are not objects at all are left out, and those are reported too.
 */
import type { Entry } from 'har-format';
import { TooLarge } from '../read/har.js';
import { base64ByteLength } from './base64.js';
import { entryUrl, field, kernelChannelIds, negotiatedProtocol } from './connection.js';
import { harTimeToIso } from './har-time.js';

/** Chrome writes send / receive, and error for `webSocketFrameError` (opcode -1). */
export type FrameType = 'send' | 'receive' | 'error';

export interface FrameRecord {
  /** Index of the entry in `log.entries`. */
  entry: number;
  url: string | null;
  kernel_id: string | null;
  session_id: string | null;
  /** The 101 response's Sec-WebSocket-Protocol; null means the legacy kernel protocol. */
  protocol: string | null;
  /** Index of the frame in `_webSocketMessages`. */
  index: number;
  type: FrameType | null;
  /** As in the HAR: epoch seconds (Chrome) or milliseconds (Playwright). */
  time: number | null;
  iso: string | null;
  opcode: number | null;
  /** Payload bytes: UTF-8 length for text, decoded length for base64. */
  size: number | null;
  /** As in the HAR: text for opcode 1, base64 otherwise, the error text for errors. */
  data: string | null;
}

export interface FrameProblem {
  entry: number;
  /** null when the problem is with `_webSocketMessages` itself. */
  index: number | null;
  reason: string;
  /** No frame record was made for it (the item is not an object, or there is no array). */
  dropped: boolean;
}

export type FrameItem = { kind: 'frame'; frame: FrameRecord } | { kind: 'problem'; problem: FrameProblem };

/** What every frame of one WebSocket entry shares. */
export type Connection = Pick<FrameRecord, 'entry' | 'url' | 'kernel_id' | 'session_id' | 'protocol'>;

export function connectionOf(entry: Entry | unknown, entryIndex: number): Connection {
  const url = entryUrl(entry);
  return { entry: entryIndex, url, ...kernelChannelIds(url), protocol: negotiatedProtocol(entry) };
}

/** Frames and problems of one entry, one at a time, so a huge entry need not be copied. */
export function* iterEntryFrames(entry: Entry | unknown, entryIndex: number): Generator<FrameItem> {
  const messages = field(entry, '_webSocketMessages');
  if (messages === undefined || messages === null) return;
  if (!Array.isArray(messages)) {
    yield problem(entryIndex, null, `_webSocketMessages is ${typeof messages}, not an array`, true);
    return;
  }
  const connection = connectionOf(entry, entryIndex);
  for (let index = 0; index < messages.length; index++) yield* frameItems(connection, index, messages[index]);
}

/** The frame record of one `_webSocketMessages` item (and any problems with it). */
export function* frameItems(connection: Connection, index: number, item: unknown): Generator<FrameItem> {
  const out: FrameItem[] = [];
  pushFrameItems(connection, index, item, out);
  yield* out;
}

/** `frameItems` pushed onto `out`: no generator per frame where frames stream by the thousand. */
export function pushFrameItems(connection: Connection, index: number, item: unknown, out: FrameItem[]): void {
  if (item instanceof TooLarge) {
    out.push(problem(connection.entry, index, `frame too large (${item.size} bytes; frames over 64 MiB are not read)`, true));
    return;
  }
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    out.push(problem(connection.entry, index, `frame is ${item === null ? 'null' : Array.isArray(item) ? 'an array' : typeof item}, not an object`, true));
    return;
  }
  const { type: rawType, time: rawTime, opcode: rawOpcode, data: rawData } = item as Record<string, unknown>;
  const type = rawType === 'send' || rawType === 'receive' || rawType === 'error' ? rawType : null;
  const time = typeof rawTime === 'number' && Number.isFinite(rawTime) ? rawTime : null;
  const opcode = Number.isInteger(rawOpcode) ? (rawOpcode as number) : null;
  const data = typeof rawData === 'string' ? rawData : null;
  const size = data === null ? null : carriesBase64(opcode, type) ? base64ByteLength(data) : Buffer.byteLength(data, 'utf8');
  // A literal in output order, not spreads: this runs once per frame of a capture.
  const frame: FrameRecord = {
    entry: connection.entry,
    url: connection.url,
    kernel_id: connection.kernel_id,
    session_id: connection.session_id,
    protocol: connection.protocol,
    index,
    type,
    time,
    iso: harTimeToIso(time),
    opcode,
    size,
    data,
  };
  out.push({ kind: 'frame', frame });
  // Checked as a whole first: the list of what is wrong is made only for a frame that has something.
  if (type === null || time === null || opcode === null || size === null) {
    for (const reason of frameReasons(item as Record<string, unknown>, frame)) out.push(problem(connection.entry, index, reason, false));
  }
}

/** What is wrong with a frame's fields, in field order (the record has null for each). */
function frameReasons(item: Record<string, unknown>, frame: FrameRecord): string[] {
  const reasons: string[] = [];
  if (frame.type === null) reasons.push(`type ${show(item.type)} is not send/receive/error`);
  if (frame.time === null) reasons.push(`time ${show(item.time)} is not a number`);
  if (frame.opcode === null) reasons.push(`opcode ${show(item.opcode)} is not an integer`);
  if (frame.data === null) reasons.push(`data ${show(item.data)} is not a string`);
  else if (frame.size === null) reasons.push('data is not valid base64');
  return reasons;
}

export interface EntryFrames {
  frames: FrameRecord[];
  problems: FrameProblem[];
}

export function entryFrames(entry: Entry | unknown, entryIndex: number): EntryFrames {
  const result: EntryFrames = { frames: [], problems: [] };
  for (const item of iterEntryFrames(entry, entryIndex)) {
    if (item.kind === 'frame') result.frames.push(item.frame);
    else result.problems.push(item.problem);
  }
  return result;
}

/** CDP: payloadData is UTF-8 text for opcode 1 and base64 otherwise; error frames carry a message. */
function carriesBase64(opcode: number | null, type: FrameType | null): boolean {
  return opcode !== 1 && opcode !== -1 && type !== 'error';
}

/**
 * `JSON.stringify(frame)`, the NDJSON line of `har ws-messages`. Base64 data with a size was
 * decoded strictly (only `A–Z a–z 0–9 + / =`, nothing JSON escapes), and `data` is the last
 * member: it is put after the rest rather than scanned character by character by JSON.stringify
 * (most of a capture's bytes are such data).
 */
export function frameJson(frame: FrameRecord): string {
  const data = frame.data;
  if (data === null || frame.size === null || !carriesBase64(frame.opcode, frame.type)) return JSON.stringify(frame);
  const head = JSON.stringify({
    entry: frame.entry,
    url: frame.url,
    kernel_id: frame.kernel_id,
    session_id: frame.session_id,
    protocol: frame.protocol,
    index: frame.index,
    type: frame.type,
    time: frame.time,
    iso: frame.iso,
    opcode: frame.opcode,
    size: frame.size,
  });
  return `${head.slice(0, -1)},"data":"${data}"}`;
}

/** The text of a frame problem, with its place in the HAR. */
export function describeFrameProblem(file: string, problem: FrameProblem): string {
  const where = problem.index === null ? '' : `[${problem.index}]`;
  return `${file}: log.entries[${problem.entry}]._webSocketMessages${where}: ${problem.reason}`;
}

function problem(entry: number, index: number | null, reason: string, dropped: boolean): FrameItem {
  return { kind: 'problem', problem: { entry, index, reason, dropped } };
}

function show(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'string') return JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value);
  if (typeof value === 'object') return value === null ? 'null' : Array.isArray(value) ? 'array' : 'object';
  return String(value);
}

export { isWebSocketEntry, kernelChannelIds, negotiatedProtocol } from './connection.js';
