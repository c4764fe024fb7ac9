/**
 * A HAR in, a redacted HAR out, entry by entry: the reader hands over one entry at a time
 * (memory bounded by the largest entry), the entry is redacted and written before the next is
 * read. The output is compact JSON with one entry per line.
 */
import type { Writable } from 'node:stream';
import { readHarBatches, type HarLogHeader } from '../read/har.js';
import type { InputSource } from '../read/input.js';
import { redactEntry } from './entry.js';
import type { Redactor } from './redactor.js';
import { pointerPart } from './report.js';

/** Where output goes: a function that resolves once the text may be followed by more. */
export type Sink = (text: string) => Promise<void>;

export function writableSink(out: Writable): Sink {
  return (text) =>
    new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      out.once('error', onError);
      const ready = out.write(text, () => undefined);
      const done = (): void => {
        out.off('error', onError);
        resolve();
      };
      if (ready) done();
      else out.once('drain', done);
    });
}

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

/** Redacts one HAR source into `sink`; the redactor's collector gathers the report. */
export async function redactSource(source: InputSource, redactor: Redactor, sink: Sink, onWarning?: (message: string) => void): Promise<void> {
  redactor.collector.startFile(source.name);
  const report = redactor.collector.report;
  let headerKeys = new Set<string>();
  let first = true;
  for await (const batch of readHarBatches(source, { onWarning: onWarning ?? (() => undefined) })) {
    let text = '';
    for (const item of batch) {
      if (item.kind === 'header') {
        headerKeys = new Set(Object.keys(item.log));
        const members = logMembers(redactor, item.log, new Set());
        text += `{"log":{${members.map((member) => `${member},`).join('')}"entries":[\n`;
      } else if (item.kind === 'entry') {
        const entry = item.entry as unknown as Record<string, unknown>;
        redactEntry(redactor, entry, `/log/entries/${item.index}`);
        redactor.flush();
        report.entries++;
        const frames = entry._webSocketMessages;
        if (Array.isArray(frames)) report.frames += frames.length;
        text += (first ? '' : ',\n') + JSON.stringify(entry);
        first = false;
      } else if (item.kind === 'end') {
        const members = logMembers(redactor, item.log, headerKeys);
        text += `\n]${members.map((member) => `,${member}`).join('')}}}\n`;
      }
    }
    if (text !== '') await sink(text);
  }
}
