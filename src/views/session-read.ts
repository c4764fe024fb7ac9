/**
 * One pass over the inputs of a session view: HAR files (kernel frames plus the contents,
 * sessions and kernelspecs API entries) or `har ws-messages` NDJSON. Every kernel message goes
 * to the per-request facts and (slimmed) to the window of open requests, which builds each
 * request's conversation once it is complete; HTTP entries go to SessionHttp.
 */
import { kernelRecords } from '../analyse/kernel-records.js';
import { sniffInput } from '../read/sniff.js';
import { decodeFrameRecord, type ConversationOptions, type DecodedRecord } from '../kernel/index.js';
import type { HarEntry } from '../read/har.js';
import type { InputSource } from '../read/input.js';
import { peek } from '../read/lines.js';
import type { EntryFilterOptions } from '../select/filter.js';
import { describeFrameProblem } from '../ws/frames.js';
import { streamFrames } from '../ws/stream.js';
import { CellCollector, type KernelSession } from './session-cells.js';
import { SessionFacts } from './session-facts.js';
import type { CellSpill } from './cell-spill.js';
import { RequestWindow } from './session-window.js';
import { slimRecord, type Detail } from './session-slim.js';
import { readSessionValue, SESSION_ENTRY_FIELDS, SessionHttp } from './session-http.js';

export interface SessionReadOptions extends EntryFilterOptions {
  conversation?: ConversationOptions;
  /** `sizes`: output payloads are measured, not kept (`har cells`); default `outputs`. */
  detail?: Detail;
  /** Read the notebook document, sessions and kernel specs from the HTTP entries (default true). */
  http?: boolean;
  /** Keep finished cells in this temporary file instead of the heap. */
  spill?: CellSpill;
  onWarning?: (message: string) => void;
}

export interface SessionCapture {
  sessions: KernelSession[];
  /** Frames that were not kernel messages on a kernel channel. */
  malformed: number;
}

export async function readSessionCapture(sources: readonly InputSource[], options: SessionReadOptions = {}): Promise<SessionCapture> {
  const warn = options.onWarning ?? (() => undefined);
  const facts = new SessionFacts();
  const http = new SessionHttp();
  const cells = new CellCollector(facts, options.spill ?? null);
  const window = new RequestWindow(options.conversation ?? {}, (report, kind) => cells.take(report, kind));
  let malformed = 0;
  for (const [fileIndex, source] of sources.entries()) {
    for await (const record of sessionRecords(source, http, options, warn)) {
      if (record.kind === 'malformed') malformed++;
      if (record.kind !== 'message') continue;
      facts.observe(fileIndex, source.name, record);
      const slim = slimRecord(record, options.detail ?? 'outputs');
      if (slim !== null) window.add(slim);
    }
  }
  if (malformed > 0) warn(`${malformed} malformed kernel frame${malformed === 1 ? '' : 's'} skipped`);
  window.finish();
  return { sessions: cells.sessions({ facts, http }), malformed };
}

async function* sessionRecords(source: InputSource, http: SessionHttp, options: SessionReadOptions, warn: (message: string) => void): AsyncGenerator<DecodedRecord> {
  const peeked = await peek(source, 4096);
  if (sniffInput(peeked.head.toString('utf8')) === 'ndjson') {
    yield* kernelRecords(peeked.source, { onWarning: warn });
    return;
  }
  const frames = streamFrames([peeked.source], {
    url: options.url,
    method: options.method,
    status: options.status,
    mime: options.mime,
    type: options.type,
    page: options.page,
    onWarning: warn,
    // Reading bodies costs time and memory on big captures: only when the view needs them.
    ...(options.http === false ? {} : { entryFields: SESSION_ENTRY_FIELDS, readValue: readSessionValue, onEntry: (file: string, index: number, entry: HarEntry) => http.observe(file, index, entry) }),
  });
  for await (const { file, item } of frames) {
    if (item.kind === 'frame') yield decodeFrameRecord(item.frame);
    else warn(describeFrameProblem(file, item.problem));
  }
}
