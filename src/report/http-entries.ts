/**
 * The HTTP side of the page: one pass over the HAR's entries with a projection (bodies are never
 * read, so no asset is embedded), keeping for each entry what `har entries` shows plus its
 * timings and headers. At most ENTRY_LIMIT entries are kept; the rest are counted.
 */
import { SUMMARY_FIELDS, startTime, summarizeEntry, type EntrySummary } from '../analyse/entry-summary.js';
import { readHar, projectionOf, type HarEntry, type HarLogHeader } from '../read/har.js';
import type { InputSource } from '../read/input.js';
import { sniffSource } from '../read/lines.js';
import { finiteOrNull, stringOrNull } from '../util/values.js';

export const ENTRY_LIMIT = 1000;
/** Header values are cut to this many characters (a cookie jar can be kilobytes). */
const HEADER_LIMIT = 400;
const TIMING_NAMES = ['blocked', 'dns', 'connect', 'send', 'wait', 'receive'] as const;
export type TimingName = (typeof TIMING_NAMES)[number];

export interface ReportEntry {
  summary: EntrySummary;
  /** Milliseconds of each phase (HAR timings; -1 and missing become null). */
  timings: Record<TimingName, number | null>;
  request_headers: [string, string][];
  response_headers: [string, string][];
}

export interface HttpSide {
  files: { name: string; creator: string | null; browser: string | null }[];
  entries: ReportEntry[];
  entry_count: number;
  websocket_count: number;
  /** Epoch ms of the first start and the last end of any entry. */
  first_ms: number | null;
  last_ms: number | null;
  /** WebSocket URLs by `file\0entry index`, for every socket, listed or not. */
  socket_urls: Map<string, string>;
  /** The `Server` response header values seen (the Jupyter server's web server). */
  servers: string[];
}

const FIELDS = [...SUMMARY_FIELDS, ['timings'], ['request', 'headers'], ['response', 'headers']];

function headerPairs(value: unknown): [string, string][] {
  if (!Array.isArray(value)) return [];
  const pairs: [string, string][] = [];
  for (const header of value) {
    const name = stringOrNull((header as { name?: unknown } | null)?.name);
    const text = stringOrNull((header as { value?: unknown } | null)?.value);
    if (name === null || text === null) continue;
    pairs.push([name, text.length > HEADER_LIMIT ? `${text.slice(0, HEADER_LIMIT)}… (${text.length - HEADER_LIMIT} more characters)` : text]);
  }
  return pairs;
}

function nameAndVersion(value: HarLogHeader['creator']): string | null {
  const name = stringOrNull(value?.name);
  if (name === null) return null;
  const version = stringOrNull(value?.version);
  return version === null ? name : `${name} ${version}`;
}

function timingsOf(entry: HarEntry): Record<TimingName, number | null> {
  const timings = (entry as { timings?: Record<string, unknown> }).timings;
  const result = {} as Record<TimingName, number | null>;
  for (const name of TIMING_NAMES) {
    const value = finiteOrNull(timings?.[name]);
    result[name] = value !== null && value >= 0 ? value : null;
  }
  return result;
}

export async function readHttpSide(sources: readonly InputSource[], onWarning: (message: string) => void): Promise<HttpSide> {
  const side: HttpSide = { files: [], entries: [], entry_count: 0, websocket_count: 0, first_ms: null, last_ms: null, servers: [], socket_urls: new Map() };
  const servers = new Set<string>();
  const project = projectionOf(FIELDS);
  for (const given of sources) {
    const { kind, source } = await sniffSource(given);
    if (kind === 'ndjson') {
      side.files.push({ name: source.name, creator: '`har ws-messages` NDJSON (no HTTP entries)', browser: null });
      continue;
    }
    let origin: number | null = null;
    for await (const item of readHar(source, { project, onWarning })) {
      if (item.kind === 'header' || item.kind === 'end') {
        if (item.kind === 'header') side.files.push({ name: source.name, creator: nameAndVersion(item.log.creator), browser: nameAndVersion(item.log.browser) });
        continue;
      }
      if (item.kind !== 'entry') continue;
      const entry = item.entry;
      side.entry_count++;
      const url = stringOrNull(entry.request?.url);
      if (entry._resourceType === 'websocket' || (url !== null && /^wss?:/i.test(url))) {
        side.websocket_count++;
        if (url !== null) side.socket_urls.set(`${source.name}\u0000${item.index}`, url);
      }
      const start = startTime(entry);
      origin ??= start;
      if (start !== null) {
        side.first_ms = Math.min(side.first_ms ?? start, start);
        side.last_ms = Math.max(side.last_ms ?? start, start + Math.max(0, finiteOrNull(entry.time) ?? 0));
      }
      const responseHeaders = headerPairs(entry.response?.headers);
      for (const [name, value] of responseHeaders) if (name.toLowerCase() === 'server' && servers.size < 10) servers.add(value);
      if (side.entries.length >= ENTRY_LIMIT) continue;
      const summary = summarizeEntry(source.name, item.index, entry, origin);
      side.entries.push({
        summary,
        timings: timingsOf(entry),
        request_headers: headerPairs(entry.request?.headers),
        response_headers: responseHeaders,
      });
    }
  }
  side.servers = [...servers];
  return side;
}
