/**
 * A HAR in, a redacted HAR out, entry by entry: the reader hands over one entry at a time, and
 * the frames of a WebSocket entry one at a time (so memory is bounded by a few MB of frames, not
 * by the entry), each is redacted and written before more is read. The output is compact JSON
 * with one entry per line.
 */
import type { Writable } from 'node:stream';
import { EveryMemberExcept } from '../read/every-member.js';
import { readHarBatches, type HarItem, type HarLogHeader } from '../read/har.js';
import type { InputSource } from '../read/input.js';
import { negotiatedProtocol } from '../ws/connection.js';
import { redactEntry } from './entry.js';
import { redactFrames } from './frames.js';
import type { Redactor } from './redactor.js';
import { pointerPart } from '../util/pointer.js';

/** Where output goes: a function that resolves once the text may be followed by more. */
export type Sink = (text: string) => Promise<void>;

export function writableSink(out: Writable): Sink {
  // Kept for good: an error between two writes must not go unhandled (it would crash the process).
  let failure: Error | null = null;
  out.on('error', (error: Error) => {
    failure = error;
  });
  return (text) =>
    new Promise<void>((resolve, reject) => {
      if (failure !== null) return reject(failure);
      const ready = out.write(text, (error) => {
        if (error) reject(error);
      });
      if (ready) return resolve();
      const onDrain = (): void => {
        out.off('error', onError);
        resolve();
      };
      const onError = (error: Error): void => {
        out.off('drain', onDrain);
        reject(error);
      };
      out.once('drain', onDrain);
      out.once('error', onError);
    });
}

const FRAMES = '_webSocketMessages';

/** The log members in `log` except entries (and except `skip`), redacted, as `"key":value` texts. */
function logMembers(redactor: Redactor, log: HarLogHeader, skip: ReadonlySet<string>): string[] {
  const members: string[] = [];
  const box = log as Record<string, unknown>;
  for (const key of Object.keys(log)) {
    if (key === 'entries' || skip.has(key)) continue;
    redactor.json(box, key, `/log/${pointerPart(key)}`, { dirty: false });
    redactor.flush();
    members.push(`${JSON.stringify(key)}:${JSON.stringify(box[key])}`);
  }
  return members;
}

/** The entry members named, redacted, as `"key":value` texts (the frames are not among them). */
function entryMembers(redactor: Redactor, entry: Record<string, unknown>, index: number, keys: readonly string[]): string[] {
  redactEntry(redactor, entry, `/log/entries/${index}`, keys);
  redactor.flush();
  return keys.map((key) => `${JSON.stringify(key)}:${JSON.stringify(entry[key])}`);
}

/** The WebSocket entry whose frames are being streamed. */
interface OpenEntry {
  index: number;
  protocol: string | null;
  keysBefore: ReadonlySet<string>;
  /** Redacted frames not yet written (their finalisers run at the next flush). */
  pending: unknown[];
  wroteFrame: boolean;
}

/** Redacts one HAR source into `sink`; the redactor's collector gathers the report. */
export async function redactSource(source: InputSource, redactor: Redactor, sink: Sink, onWarning?: (message: string) => void): Promise<void> {
  redactor.collector.startFile(source.name);
  const report = redactor.collector.report;
  let headerKeys = new Set<string>();
  let firstEntry = true;
  let open: OpenEntry | null = null;
  let text = '';

  const writePending = (state: OpenEntry): void => {
    for (const frame of state.pending) {
      text += (state.wroteFrame ? ',' : '') + JSON.stringify(frame);
      state.wroteFrame = true;
    }
    state.pending = [];
  };

  const onElement = (item: HarItem & { kind: 'element' }): void => {
    const entry = item.entry as unknown as Record<string, unknown>;
    if (open === null || open.index !== item.index) {
      const before = Object.keys(entry).filter((key) => item.keysBefore.has(key));
      const members = entryMembers(redactor, entry, item.index, before);
      text += `${firstEntry ? '' : ',\n'}{${members.map((member) => `${member},`).join('')}${JSON.stringify(FRAMES)}:[`;
      firstEntry = false;
      open = { index: item.index, protocol: negotiatedProtocol(entry), keysBefore: item.keysBefore, pending: [], wroteFrame: false };
    }
    redactFrames(redactor, [item.value], open.protocol, `/log/entries/${item.index}/${FRAMES}`, item.position);
    open.pending.push(item.value);
    report.frames++;
    if (redactor.flushIfBig()) writePending(open);
  };

  const onEntry = (item: HarItem & { kind: 'entry' }): void => {
    const entry = item.entry as unknown as Record<string, unknown>;
    report.entries++;
    if (open !== null && open.index === item.index) {
      const state: OpenEntry = open;
      open = null;
      redactor.flush();
      writePending(state);
      const after = Object.keys(entry).filter((key) => key !== FRAMES && !state.keysBefore.has(key));
      text += `]${entryMembers(redactor, entry, item.index, after).map((member) => `,${member}`).join('')}}`;
      return;
    }
    // The reader streams the frames array and so leaves it out of the entry; an empty one never
    // produced an element. Chrome writes one for every WebSocket entry: put it back there.
    if (!(FRAMES in entry) && entry._resourceType === 'websocket') entry[FRAMES] = [];
    redactEntry(redactor, entry, `/log/entries/${item.index}`);
    redactor.flush();
    const frames = entry[FRAMES];
    if (Array.isArray(frames)) report.frames += frames.length;
    text += (firstEntry ? '' : ',\n') + JSON.stringify(entry);
    firstEntry = false;
  };

  for await (const batch of readHarBatches(source, { project: new EveryMemberExcept(FRAMES), streamElementsOf: FRAMES, onWarning: onWarning ?? (() => undefined) })) {
    for (const item of batch) {
      if (item.kind === 'header') {
        headerKeys = new Set(Object.keys(item.log));
        const members = logMembers(redactor, item.log, new Set());
        text += `{"log":{${members.map((member) => `${member},`).join('')}"entries":[\n`;
      } else if (item.kind === 'element') {
        onElement(item);
      } else if (item.kind === 'entry') {
        onEntry(item);
      } else {
        const members = logMembers(redactor, item.log, headerKeys);
        text += `\n]${members.map((member) => `,${member}`).join('')}}}\n`;
      }
    }
    if (text !== '') {
      await sink(text);
      text = '';
    }
  }
}
