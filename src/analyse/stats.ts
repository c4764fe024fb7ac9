import orderBy from 'lodash/orderBy.js';
/** `har stats`: counts, bytes and time percentiles of entries grouped by host, status class, type, mime. */
import type { HarEntry } from '../read/har.js';
import type { RowSpec } from '../write/records.js';
import { SIZE_FIELDS, entrySize } from './entry-summary.js';

export const STATS_FIELDS: string[][] = [['time'], ['request', 'url'], ['response', 'status'], ['response', 'content', 'mimeType'], ['_resourceType'], ...SIZE_FIELDS];

/**
 * Stats only classify a field (a URL's host, a MIME type): a field over 1 MiB is left out with a
 * warning rather than held, so a 200 MB URL costs no more memory than a short one.
 */
export const STATS_FIELD_LIMIT = 2 ** 20;

export type StatsDimension = 'host' | 'status' | 'type' | 'mime';
export const STATS_DIMENSIONS: readonly StatsDimension[] = ['host', 'status', 'type', 'mime'];

export interface GroupStats {
  key: string;
  count: number;
  bytes: number;
  p50_ms: number | null;
  p95_ms: number | null;
  max_ms: number | null;
}

export interface StatsReport {
  entries: number;
  bytes: number;
  groups: Record<StatsDimension, GroupStats[]>;
}

function hostOf(url: unknown): string {
  if (typeof url !== 'string') return '(none)';
  try {
    return new URL(url).host || '(none)';
  } catch {
    return '(invalid url)';
  }
}

function statusClass(status: unknown): string {
  if (typeof status !== 'number' || !Number.isFinite(status) || status <= 0 || status >= 1000) return '(none)';
  return `${Math.floor(status / 100)}xx`;
}

function mimeOf(mime: unknown): string {
  if (typeof mime !== 'string' || mime === '') return '(none)';
  return mime.split(';')[0]!.trim().toLowerCase();
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

interface Accumulator {
  count: number;
  bytes: number;
  times: number[];
}

export class StatsCollector {
  private readonly groups = new Map<StatsDimension, Map<string, Accumulator>>(
    STATS_DIMENSIONS.map((d) => [d, new Map()]),
  );
  private entries = 0;
  private bytes = 0;

  add(entry: HarEntry): void {
    this.entries++;
    const size = entrySize(entry) ?? 0;
    this.bytes += size;
    const time = typeof entry.time === 'number' && entry.time >= 0 ? entry.time : null;
    const keys: Record<StatsDimension, string> = {
      host: hostOf(entry.request?.url),
      status: statusClass(entry.response?.status),
      type: typeof entry._resourceType === 'string' ? entry._resourceType : '(none)',
      mime: mimeOf(entry.response?.content?.mimeType),
    };
    for (const dimension of STATS_DIMENSIONS) {
      const group = this.groups.get(dimension)!;
      let acc = group.get(keys[dimension]);
      if (acc === undefined) {
        acc = { count: 0, bytes: 0, times: [] };
        group.set(keys[dimension], acc);
      }
      acc.count++;
      acc.bytes += size;
      if (time !== null) acc.times.push(time);
    }
  }

  report(): StatsReport {
    const groups = {} as Record<StatsDimension, GroupStats[]>;
    for (const dimension of STATS_DIMENSIONS) {
      const rows = [...this.groups.get(dimension)!.entries()].map(([key, acc]) => {
          const sorted = acc.times.sort((a, b) => a - b);
          const round = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
          return {
            key,
            count: acc.count,
            bytes: acc.bytes,
            p50_ms: round(percentile(sorted, 50)),
            p95_ms: round(percentile(sorted, 95)),
            max_ms: round(sorted.length ? sorted[sorted.length - 1]! : null),
          };
        });
      groups[dimension] = orderBy(rows, ['count', 'key'], ['desc', 'asc']);
    }
    return { entries: this.entries, bytes: this.bytes, groups };
  }
}

/** One table per dimension in `har stats`: the group rows under the dimension's name. */
export function groupRows(dimension: StatsDimension): RowSpec<GroupStats> {
  return {
    columns: [
      { header: dimension, value: (g) => g.key, flexible: true },
      { header: 'count', value: (g) => g.count, align: 'right' },
      { header: 'bytes', value: (g) => g.bytes, align: 'right', bytes: true },
      { header: 'p50 ms', value: (g) => g.p50_ms, align: 'right' },
      { header: 'p95 ms', value: (g) => g.p95_ms, align: 'right' },
      { header: 'max ms', value: (g) => g.max_ms, align: 'right' },
    ],
  };
}
