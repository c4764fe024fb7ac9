/**
 * `har cells`: one record per executed cell, with its timings, output size and what went
 * wrong; sorting, top N and the p50/p95/max summary a terminal shows under the table.
 */
import { percentile } from '../analyse/stats.js';
import { detached } from '../util/values.js';
import type { RowSpec } from '../write/records.js';
import type { CellFlags, ExecutedCell, KernelSession } from './session-cells.js';
import type { ConnectionRef } from './session-facts.js';

/** A cell as `har cells` lists it: the executed cell without its outputs and timing dates. */
export type CellRecord = { kind: 'cell' } & Pick<
  ExecutedCell,
  'kernel_id' | 'execution_count' | 'status' | 'started' | 'queued_ms' | 'running_ms' | 'wall_ms' | 'output_bytes' | 'output_messages' | 'messages' | 'flags'
> & {
    /** Connections (HAR entry, client session) the recovered output arrived on. */
    recovered_from: ConnectionRef[];
    first_line: string | null;
  } & Pick<ExecutedCell, 'msg_id' | 'cell_id' | 'notes'>;

const FLAG_LABELS: [keyof CellFlags, string][] = [
  ['error', 'error'],
  ['interrupted', 'interrupted'],
  ['rate_limited', 'rate-limited'],
  ['recovered', 'recovered'],
  ['no_reply', 'no-reply'],
];

export function flagList(flags: CellFlags): string[] {
  return FLAG_LABELS.filter(([key]) => flags[key]).map(([, label]) => label);
}

export const CELL_ROWS: RowSpec<CellRecord> = {
  columns: [
    { header: 'kernel', value: (r) => r.kernel_id?.slice(0, 8) ?? '' },
    { header: '#', value: (r) => r.execution_count ?? '', align: 'right' },
    { header: 'status', value: (r) => r.status ?? '?' },
    { header: 'queued ms', value: (r) => tenths(r.queued_ms), align: 'right' },
    { header: 'running ms', value: (r) => tenths(r.running_ms), align: 'right' },
    { header: 'wall ms', value: (r) => tenths(r.wall_ms), align: 'right' },
    { header: 'out bytes', value: (r) => r.output_bytes, align: 'right' },
    { header: 'out msgs', value: (r) => r.output_messages, align: 'right' },
    { header: 'msgs', value: (r) => r.messages, align: 'right' },
    { header: 'flags', value: (r) => flagList(r.flags).join(',') },
    { header: 'code', value: (r) => r.first_line ?? '(unknown)', flexible: true },
  ],
};

/** Spilled cells are read back one at a time, without their outputs. */
export function cellRecords(sessions: readonly KernelSession[]): CellRecord[] {
  return sessions.flatMap((session) => session.cells.map((cell) => cellRecord(cell.read({ outputs: false }))));
}

export function cellRecord(cell: ExecutedCell): CellRecord {
  return {
    kind: 'cell',
    kernel_id: cell.kernel_id,
    execution_count: cell.execution_count,
    status: cell.status,
    started: cell.started,
    queued_ms: cell.queued_ms,
    running_ms: cell.running_ms,
    wall_ms: cell.wall_ms,
    output_bytes: cell.output_bytes,
    output_messages: cell.output_messages,
    messages: cell.messages,
    flags: cell.flags,
    recovered_from: cell.recovery?.connections ?? [],
    // Detached: a record kept would otherwise keep all of the code its line is a slice of.
    first_line: cell.code === null ? null : detached(firstLine(cell.code)),
    msg_id: cell.msg_id,
    cell_id: cell.cell_id,
    notes: cell.notes,
  };
}

/** The first line with something on it: what a person recognises a cell by. */
function firstLine(code: string): string {
  const lines = code.split(/\r?\n/);
  return lines.find((line) => line.trim() !== '') ?? '';
}

export const CELL_SORT_KEYS = ['start', 'wall', 'running', 'queued', 'bytes', 'messages', 'count'] as const;
export type CellSortKey = (typeof CELL_SORT_KEYS)[number];

/**
 * Durations and sizes sort largest first (`--sort wall`: the slowest cell first); start and
 * count in session order. Unknown values go last; ties keep session order.
 */
export function sortCells(records: readonly CellRecord[], key: CellSortKey): CellRecord[] {
  const value = (r: CellRecord): number | null => {
    switch (key) {
      case 'start':
        return r.started === null ? null : Date.parse(r.started);
      case 'wall':
        return r.wall_ms;
      case 'running':
        return r.running_ms;
      case 'queued':
        return r.queued_ms;
      case 'bytes':
        return r.output_bytes;
      case 'messages':
        return r.messages;
      case 'count':
        return r.execution_count;
    }
  };
  const descending = key !== 'start' && key !== 'count';
  return records
    .map((record, seq) => ({ record, seq, v: value(record) }))
    .sort((a, b) => {
      if (a.v === null || Number.isNaN(a.v) || b.v === null || Number.isNaN(b.v)) return nullLast(a.v, b.v) || a.seq - b.seq;
      return (descending ? b.v - a.v : a.v - b.v) || a.seq - b.seq;
    })
    .map((item) => item.record);
}

function nullLast(a: number | null, b: number | null): number {
  const unknownA = a === null || Number.isNaN(a);
  const unknownB = b === null || Number.isNaN(b);
  return unknownA === unknownB ? 0 : unknownA ? 1 : -1;
}

export interface DurationSummary {
  measure: 'queued' | 'running' | 'wall';
  cells: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

/** p50/p95/max (nearest rank) of the cells' durations that are known. */
export function summarizeCells(records: readonly CellRecord[]): DurationSummary[] {
  const measures: [DurationSummary['measure'], (r: CellRecord) => number | null][] = [
    ['queued', (r) => r.queued_ms],
    ['running', (r) => r.running_ms],
    ['wall', (r) => r.wall_ms],
  ];
  return measures.map(([measure, get]) => {
    const values = records.map(get).filter((v): v is number => v !== null).sort((a, b) => a - b);
    return { measure, cells: values.length, p50: percentile(values, 50), p95: percentile(values, 95), max: values[values.length - 1] ?? null };
  });
}


/** The lines under the table on a terminal. */
export function cellSummaryText(summaries: readonly DurationSummary[], shown: number, total: number): string {
  const lines = summaries.map((s) => `${s.measure.padEnd(8)}p50 ${msText(s.p50).padStart(9)}  p95 ${msText(s.p95).padStart(9)}  max ${msText(s.max).padStart(9)}  (${s.cells} of ${total} cells known)`);
  const head = shown < total ? `${shown} of ${total} cells shown; over all ${total}:` : `${total} cell${total === 1 ? '' : 's'}:`;
  return `${head}\n${lines.join('\n')}\n`;
}

/** Durations in tables and tsv/csv: a tenth of a millisecond is all the browser clock resolves. */
function tenths(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms * 10) / 10;
}

function msText(ms: number | null): string {
  return ms === null ? '?' : ms.toFixed(1);
}
