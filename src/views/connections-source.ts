/**
 * What the session views read: decoded kernel messages, the WebSocket connections they came
 * on, and the HTTP requests that act on kernels (interrupt, restart, shutdown), from HAR files
 * or from `har ws-messages` NDJSON, in one streaming pass.
 *
 * A HAR gives a connection's open time (`startedDateTime`) and, from Chrome's DevTools, its
 * close (`startedDateTime + time`); NDJSON frames only give the first and last frame, and no
 * HTTP requests at all. What is not known is null.
 */
import { HarknifeError } from '../errors.js';
import { decodeFrameRecord, type MessageRecord } from '../kernel/index.js';
import { ELEMENT_LIMIT, type HarEntry } from '../read/har.js';
import type { InputSource } from '../read/input.js';
import { readLines, sniffSource } from '../read/lines.js';
import type { EntryFilterOptions } from '../select/filter.js';
import { parseFrameLine } from '../ws/frame-lines.js';
import { describeFrameProblem, type FrameRecord } from '../ws/frames.js';
import { harTimeToEpochMs } from '../ws/har-time.js';
import { streamFrames } from '../ws/stream.js';
import { kernelRequestOf, type KernelRequest } from './connections-http.js';
import { zmqPartsBytes } from './connections-bytes.js';

export interface ConnectionInfo {
  file: string;
  entry: number | null;
  kernel_id: string | null;
  session_id: string | null;
  protocol: string | null;
  /** Epoch ms: the entry's startedDateTime, else the first frame. */
  opened_ms: number | null;
  /** Epoch ms: startedDateTime + time when that ends after the last frame; null when not recorded (still open, or not a DevTools HAR). */
  closed_ms: number | null;
  first_frame_ms: number | null;
  last_frame_ms: number | null;
  frames: number;
}

export interface MessageEvent {
  kind: 'message';
  file: string;
  record: MessageRecord;
  /** Epoch ms of the frame (browser clock). */
  ms: number | null;
  /** WebSocket payload bytes. */
  ws_bytes: number | null;
  /** v1 frames: the bytes of the ZMQ parts header…buffers, which the v1 frame carries verbatim. */
  zmq_bytes: number | null;
}

export type SessionEvent =
  | MessageEvent
  | { kind: 'connection'; connection: ConnectionInfo }
  | { kind: 'http'; request: KernelRequest };

export interface SessionSourceOptions extends EntryFilterOptions {
  onWarning?: (message: string) => void;
}

/** Entry times are rounded to the microsecond and frame times to less: within this, "no close". */
const CLOSE_AFTER_LAST_FRAME_MS = 1;

const ENTRY_FIELDS = [['startedDateTime'], ['time'], ['request', 'method'], ['_webSocketMessages']];

/** Frames tracked per connection until its entry (HAR) or the input (NDJSON) ends. */
class ConnectionTracker {
  private readonly open = new Map<string, ConnectionInfo>();

  frame(file: string, frame: FrameRecord, ms: number | null): void {
    const key = `${file}\u0000${frame.entry}`;
    let info = this.open.get(key);
    if (info === undefined) {
      info = {
        file,
        entry: frame.entry,
        kernel_id: frame.kernel_id,
        session_id: frame.session_id,
        protocol: frame.protocol,
        opened_ms: null,
        closed_ms: null,
        first_frame_ms: null,
        last_frame_ms: null,
        frames: 0,
      };
      this.open.set(key, info);
    }
    info.frames++;
    if (ms !== null) {
      if (info.first_frame_ms === null || ms < info.first_frame_ms) info.first_frame_ms = ms;
      if (info.last_frame_ms === null || ms > info.last_frame_ms) info.last_frame_ms = ms;
    }
  }

  /** The connection of a completed WebSocket entry, with its open and close times. */
  finishEntry(file: string, index: number, entry: HarEntry): ConnectionInfo | null {
    const key = `${file}\u0000${index}`;
    const info = this.open.get(key);
    if (info === undefined) return null;
    this.open.delete(key);
    const started = Date.parse(String(entry.startedDateTime));
    info.opened_ms = Number.isFinite(started) ? started : info.first_frame_ms;
    const time = entry.time as unknown;
    if (Number.isFinite(started) && typeof time === 'number' && time >= 0) {
      const closed = started + time;
      // DevTools moves an open socket's end with every frame and sets it on close; Playwright's
      // entry time ends before the last frame. Only an end after the last frame is a close.
      if (info.last_frame_ms === null || closed > info.last_frame_ms + CLOSE_AFTER_LAST_FRAME_MS) info.closed_ms = closed;
    }
    return info;
  }

  /** Connections whose entry never completed (NDJSON input, a truncated HAR). */
  rest(): ConnectionInfo[] {
    const rest = [...this.open.values()];
    this.open.clear();
    for (const info of rest) info.opened_ms ??= info.first_frame_ms;
    return rest;
  }
}

/** Every session event of the inputs, in input order. */
export async function* sessionEvents(sources: readonly InputSource[], options: SessionSourceOptions = {}): AsyncGenerator<SessionEvent> {
  const warn = options.onWarning ?? (() => undefined);
  const malformed = new MalformedCounter();
  for (const source of sources) {
    const tracker = new ConnectionTracker();
    // Connections whose entry never completed (NDJSON, or a file cut short) come last, before any error.
    try {
      yield* sourceEvents(source, tracker, options, warn, malformed);
    } catch (error) {
      for (const connection of tracker.rest()) yield { kind: 'connection', connection };
      throw error;
    }
    for (const connection of tracker.rest()) yield { kind: 'connection', connection };
  }
  malformed.report(warn);
}

async function* sourceEvents(
  source: InputSource,
  tracker: ConnectionTracker,
  options: SessionSourceOptions,
  warn: (message: string) => void,
  malformed: MalformedCounter,
): AsyncGenerator<SessionEvent> {
  // Neither a HAR nor ws-messages NDJSON (empty, HTML, random bytes) is refused from its first bytes (exit 5).
  const peeked = await sniffSource(source);
  if (peeked.kind === 'har') {
    const completed: SessionEvent[] = [];
    const onEntry = (file: string, index: number, entry: HarEntry) => {
      const connection = tracker.finishEntry(file, index, entry);
      if (connection !== null) completed.push({ kind: 'connection', connection });
      const request = kernelRequestOf(file, index, entry);
      if (request !== null) completed.push({ kind: 'http', request });
    };
    const frames = streamFrames([peeked.source], { ...options, onWarning: warn, entryFields: ENTRY_FIELDS, onEntry });
    for await (const { file, item } of frames) {
      if (item.kind === 'frame') {
        const event = messageEvent(file, item.frame, tracker, malformed);
        if (event !== null) yield event;
      } else {
        warn(describeFrameProblem(file, item.problem));
      }
      if (completed.length > 0) yield* completed.splice(0);
    }
    yield* completed.splice(0);
  } else {
    for await (const read of readLines(peeked.source, ELEMENT_LIMIT)) {
      const parsed = parseFrameLine(read);
      if (parsed.kind === 'blank') continue;
      // A frame line has its payload; anything else is not `har ws-messages` output.
      if (parsed.kind === 'bad' || !('data' in parsed.frame)) {
        malformed.add(`${source.name}:${parsed.number}: ${parsed.kind === 'bad' ? parsed.reason : 'not a frame object'}`);
        continue;
      }
      // Taken as a `ws-messages` record, as the HAR branch's are: decodeFrameRecord checks each field it reads.
      const event = messageEvent(source.name, parsed.frame as unknown as FrameRecord, tracker, malformed);
      if (event !== null) yield event;
    }
  }
}

function messageEvent(file: string, frame: FrameRecord, tracker: ConnectionTracker, malformed: MalformedCounter): MessageEvent | null {
  const ms = typeof frame.time === 'number' ? harTimeToEpochMs(frame.time) : null;
  if (frame.kernel_id !== null && frame.kernel_id !== undefined) tracker.frame(file, frame, ms);
  const record = decodeFrameRecord(frame);
  if (record.kind === 'malformed') malformed.add(`${file}: log.entries[${record.frame.entry ?? '?'}]._webSocketMessages[${record.frame.index ?? '?'}]: ${record.reason}`);
  if (record.kind !== 'message') return null;
  const size = typeof frame.size === 'number' ? frame.size : null;
  return { kind: 'message', file, record, ms, ws_bytes: size, zmq_bytes: record.wire === 'v1' ? zmqPartsBytes(frame.data, size) : null };
}

/** Frames on kernel channels that are not messages: one warning with the count and the first. */
class MalformedCounter {
  private count = 0;
  private first: string | null = null;

  add(where: string): void {
    this.count++;
    this.first ??= where;
  }

  report(warn: (message: string) => void): void {
    if (this.count === 0) return;
    warn(this.count === 1 ? `skipped a frame that is not a kernel message: ${this.first}` : `skipped ${this.count} frames that are not kernel messages (first: ${this.first})`);
  }
}

/**
 * The events up to a read error (a file cut short, not JSON, unreadable), then the end; the error
 * is kept for the caller to raise once it has shown what was read. Views that collect before they
 * write (timeline, trace) use this so a capture cut mid-file still gives its timeline.
 */
export class EventsUntilReadError implements AsyncIterable<SessionEvent> {
  error: HarknifeError | null = null;

  constructor(private readonly events: AsyncIterable<SessionEvent>) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<SessionEvent> {
    try {
      yield* this.events;
    } catch (error) {
      if (!(error instanceof HarknifeError)) throw error;
      this.error = error;
    }
  }
}
