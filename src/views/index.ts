/**
 * Views of a session: answers built from a whole capture (kernel traffic plus the HTTP entries
 * around it). `har notebook` and `har cells` call the functions below; `har timeline`,
 * `activity`, `rate-limits` and `trace` those of connections-index.ts, exported here too.
 */
import type { InputSource } from '../read/input.js';
import { cellRecords, sortCells, type CellRecord, type CellSortKey } from './cells.js';
import { buildNotebook, type NotebookBuild } from './notebook.js';
import type { KernelSession } from './session-cells.js';
import { readSessionCapture, type SessionReadOptions } from './session-read.js';

export * from './connections-index.js';
export { buildNotebook, notebookJson, notebookJsonParts, splitLines, type NotebookBuild } from './notebook.js';
export { renderNotebookText } from './notebook-text.js';
export { CELL_ROWS, CELL_SORT_KEYS, cellRecord, cellRecords, cellSummaryText, flagList, sortCells, summarizeCells, type CellRecord, type CellSortKey, type DurationSummary } from './cells.js';
export type { CellFlags, ExecutedCell, KernelSession } from './session-cells.js';
export { readSessionCapture, type SessionCapture, type SessionReadOptions } from './session-read.js';
export type { ConnectionRef, Recovery } from './session-facts.js';
export type { NotebookDocument, KernelSpecInfo } from './session-http.js';

/** The executed cells of every kernel in the inputs. */
export async function readKernelSessions(sources: readonly InputSource[], options: SessionReadOptions = {}): Promise<KernelSession[]> {
  return (await readSessionCapture(sources, options)).sessions;
}

export interface NotebookOptions extends SessionReadOptions {
  /** Only this kernel (a kernel id, or a unique prefix of one). */
  kernel?: string | undefined;
}

export interface NotebookSet {
  /** The kernels that get a notebook, in order. */
  kernel_ids: (string | null)[];
  /** Their notebooks, built one at a time as they are asked for (each can be large). */
  builds(): Generator<NotebookBuild>;
}

/** One rebuilt notebook per kernel in the inputs (or the one `kernel` names). */
export async function rebuildNotebooks(sources: readonly InputSource[], options: NotebookOptions = {}): Promise<NotebookSet> {
  const sessions = selectKernel(await readKernelSessions(sources, options), options.kernel);
  return {
    kernel_ids: sessions.map((s) => s.kernel_id),
    builds: function* () {
      for (const session of sessions) yield buildNotebook(session);
    },
  };
}

export interface CellsOptions extends SessionReadOptions {
  sort?: CellSortKey | undefined;
  /** Keep the first N rows after sorting. */
  top?: number | undefined;
}

export interface CellsReport {
  /** The rows to show: sorted, cut to `top`. */
  records: CellRecord[];
  /** Every executed cell, for the summary. */
  all: CellRecord[];
}

export async function cellsReport(sources: readonly InputSource[], options: CellsOptions = {}): Promise<CellsReport> {
  const all = cellRecords(await readKernelSessions(sources, { ...options, detail: 'sizes', http: false }));
  const sorted = sortCells(all, options.sort ?? 'start');
  return { records: options.top === undefined ? sorted : sorted.slice(0, options.top), all };
}

/** `kernel` is a whole id or a prefix naming one kernel; an unknown one gives no sessions. */
function selectKernel(sessions: KernelSession[], kernel: string | undefined): KernelSession[] {
  if (kernel === undefined) return sessions;
  const exact = sessions.filter((s) => s.kernel_id === kernel);
  if (exact.length > 0) return exact;
  return sessions.filter((s) => s.kernel_id !== null && s.kernel_id.startsWith(kernel));
}
