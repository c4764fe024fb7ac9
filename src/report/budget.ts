/**
 * How much of a big session goes into the page. The page stays a few MB whatever the capture:
 * the notebook shows at most CELL_LIMIT cells, and outputs until OUTPUT_BUDGET characters
 * are used (later cells keep their code, flags and times); the executions table lists at most
 * EXECUTION_LIMIT runs. The header says what was left out.
 */
import type { NotebookPart } from './notebook-html.js';
import type { Placement } from '../views/notebook-skeleton.js';

export const CELL_LIMIT = 1500;
export const OUTPUT_BUDGET = 6_000_000;
export const EXECUTION_LIMIT = 5000;

export interface NotebookPlan {
  /** Per notebook, how many of its cells are shown, and from which cell on outputs are left out. */
  shown: { cells: number; outputsUntil: number }[];
  cells_left_out: number;
  outputs_left_out: number;
}

/** The length of a placed cell's outputs as JSON text (spilled cells are not read back for it). */
function outputSize(placement: Placement | undefined, withSkeleton: boolean): number {
  const executed = placement?.executed;
  if (executed) return executed.output_chars;
  const outputs: readonly unknown[] = (withSkeleton ? placement?.skeleton?.outputs : undefined) ?? [];
  return outputs.length === 0 ? 0 : JSON.stringify(outputs).length;
}

export function planNotebooks(notebooks: readonly NotebookPart[]): NotebookPlan {
  let cellsLeft = CELL_LIMIT;
  let budget = OUTPUT_BUDGET;
  const plan: NotebookPlan = { shown: [], cells_left_out: 0, outputs_left_out: 0 };
  for (const notebook of notebooks) {
    const cells = Math.min(cellsLeft, notebook.placements.length);
    cellsLeft -= cells;
    plan.cells_left_out += notebook.placements.length - cells;
    let outputsUntil = cells;
    for (let i = 0; i < cells; i++) {
      const size = outputSize(notebook.placements[i], true);
      if (size > budget) {
        outputsUntil = i;
        break;
      }
      budget -= size;
    }
    for (let i = outputsUntil; i < cells; i++) if (outputSize(notebook.placements[i], false) > 0) plan.outputs_left_out++;
    if (outputsUntil < cells) budget = 0;
    plan.shown.push({ cells, outputsUntil });
  }
  return plan;
}
