/** One row per entry for `har entries`: the facts a person scans first. */
import type { HarEntry } from '../read/har.js';
import type { RowSpec } from '../write/records.js';
import { finiteOrNull as num, stringOrNull as text } from '../util/values.js';

export interface EntrySummary {
  file: string;
  index: number;
  started: string | null;
  /** Milliseconds since the first entry of the listing started. */
  start_ms: number | null;
  method: string | null;
  status: number | null;
  type: string | null;
  mime: string | null;
  /** Bytes on the wire when known (_transferSize, else headers+body sizes), else content size. */
  size: number | null;
  time: number | null;
  url: string | null;
}

/** Fields `entrySize` reads. */
export const SIZE_FIELDS: string[][] = [
  ['response', '_transferSize'],
  ['response', 'bodySize'],
  ['response', 'headersSize'],
  ['response', 'content', 'size'],
];

/** Fields `summarizeEntry` reads, for a projected read. */
export const SUMMARY_FIELDS: string[][] = [
  ['startedDateTime'],
  ['time'],
  ['request', 'method'],
  ['request', 'url'],
  ['response', 'status'],
  ['response', 'content', 'mimeType'],
  ['_resourceType'],
  ...SIZE_FIELDS,
];


export function entrySize(entry: HarEntry): number | null {
  const response = entry.response as HarEntry['response'] | undefined;
  const transfer = num(response?._transferSize);
  if (transfer !== null) return transfer;
  const body = num(response?.bodySize);
  const headers = num(response?.headersSize);
  if (body !== null && body >= 0) return body + (headers !== null && headers > 0 ? headers : 0);
  const content = num(response?.content?.size);
  return content !== null && content >= 0 ? content : null;
}

export function startTime(entry: HarEntry): number | null {
  const started = text(entry.startedDateTime);
  if (started === null) return null;
  const ms = Date.parse(started);
  return Number.isNaN(ms) ? null : ms;
}

/** `origin` is the start time (epoch ms) that start_ms counts from. */
export function summarizeEntry(file: string, index: number, entry: HarEntry, origin: number | null): EntrySummary {
  const started = startTime(entry);
  return {
    file,
    index,
    started: text(entry.startedDateTime),
    start_ms: started !== null && origin !== null ? Math.round((started - origin) * 1000) / 1000 : null,
    method: text(entry.request?.method),
    status: num(entry.response?.status),
    type: text(entry._resourceType),
    mime: text(entry.response?.content?.mimeType),
    size: entrySize(entry),
    time: num(entry.time),
    url: text(entry.request?.url),
  };
}

function fixed(value: number | null, digits: number): string {
  return value === null ? '' : value.toFixed(digits);
}

/** `har entries` as rows; with several files the first column says which file an entry came from. */
export function entryRows(multiFile: boolean): RowSpec<EntrySummary> {
  return {
    columns: [
      { header: '#', value: (r) => (multiFile ? `${r.file}:${r.index}` : r.index), align: 'right' },
      { header: 'start ms', value: (r) => fixed(r.start_ms, 0), align: 'right' },
      { header: 'method', value: (r) => r.method },
      { header: 'status', value: (r) => r.status, align: 'right' },
      { header: 'type', value: (r) => r.type },
      { header: 'size', value: (r) => r.size, align: 'right', bytes: true },
      { header: 'time ms', value: (r) => fixed(r.time, 1), align: 'right' },
      { header: 'url', value: (r) => r.url, flexible: true },
    ],
  };
}
