/**
 * The notebook the capture holds (a contents API document) as a skeleton: cell order, markdown
 * cells, ids and metadata. Executed cells are matched to its cells by JupyterLab's cellId, else
 * by source; what ran but is not in it is appended in execution order.
 */
import { isJsonObject, type JsonObject } from '../kernel/index.js';
import { codeKey, type KeptCell } from './cell-spill.js';

export interface SkeletonCell {
  cell_type: string;
  id: string | null;
  metadata: JsonObject;
  source: string;
  /** The document's own outputs and count: kept only for cells that did not run in the capture. */
  outputs: unknown[];
  execution_count: number | null;
  attachments: JsonObject | null;
}

export interface Placement {
  /** The skeleton cell, or null for an executed cell appended after the skeleton. */
  skeleton: SkeletonCell | null;
  /** The execution shown in this cell (the last one when a cell ran several times). */
  executed: KeptCell | null;
  /** How the execution was matched. */
  matched: 'cellId' | 'source' | null;
}

export function skeletonCells(content: JsonObject | null): SkeletonCell[] {
  const cells = content !== null && Array.isArray(content.cells) ? content.cells : [];
  return cells.filter(isJsonObject).map((cell) => ({
    cell_type: typeof cell.cell_type === 'string' ? cell.cell_type : 'raw',
    id: typeof cell.id === 'string' ? cell.id : null,
    metadata: isJsonObject(cell.metadata) ? cell.metadata : {},
    source: multiline(cell.source),
    outputs: Array.isArray(cell.outputs) ? cell.outputs : [],
    execution_count: typeof cell.execution_count === 'number' ? cell.execution_count : null,
    attachments: isJsonObject(cell.attachments) ? cell.attachments : null,
  }));
}

/** nbformat's multiline strings are a string or a list of lines. */
export function multiline(value: unknown): string {
  if (typeof value === 'string') return value;
  return Array.isArray(value) ? value.map((line) => (typeof line === 'string' ? line : '')).join('') : '';
}

/** Sources are compared by `codeKey`, so a spilled cell's code need not be in the heap. */
export function placeCells(skeleton: readonly SkeletonCell[], executed: readonly KeptCell[]): Placement[] {
  const placements: Placement[] = skeleton.map((cell) => ({ skeleton: cell, executed: null, matched: null }));
  const byId = new Map<string, Placement>();
  const bySource = new Map<string, Placement[]>();
  for (const p of placements) {
    if (p.skeleton?.cell_type !== 'code') continue;
    if (p.skeleton.id !== null) byId.set(p.skeleton.id, p);
    const key = codeKey(p.skeleton.source);
    const same = bySource.get(key);
    if (same === undefined) bySource.set(key, [p]);
    else same.push(p);
  }
  // Runs of one source fill the cells with that source in order; further runs are re-runs of the last.
  const runsOfSource = new Map<string, number>();
  const appended: Placement[] = [];
  for (const cell of executed) {
    const byCellId = cell.cell_id === null ? undefined : byId.get(cell.cell_id);
    if (byCellId !== undefined) {
      Object.assign(byCellId, { executed: cell, matched: 'cellId' });
      continue;
    }
    const key = cell.code_key;
    const candidates = key === null ? undefined : bySource.get(key);
    if (candidates !== undefined && key !== null) {
      const run = runsOfSource.get(key) ?? 0;
      runsOfSource.set(key, run + 1);
      const target = candidates[Math.min(run, candidates.length - 1)];
      if (target !== undefined) {
        Object.assign(target, { executed: cell, matched: 'source' });
        continue;
      }
    }
    appended.push({ skeleton: null, executed: cell, matched: null });
  }
  return [...placements, ...appended];
}
