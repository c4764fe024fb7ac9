/**
 * The notebook as `har notebook` rebuilds it (the views' placements of executed cells in the
 * captured document), rendered: code with its execution count, outputs, flags and timings per
 * cell; markdown through markdown-it with raw HTML off. Every execution, including earlier runs
 * of a cell run again, is listed in the executions table with an anchor the timeline links to.
 */
import { flagList, type CellRecord, type ExecutedCell } from '../views/index.js';
import type { Placement } from '../views/notebook-skeleton.js';
import { html, type Html } from './escape.js';
import { markdownToHtml } from './markdown.js';
import { renderOutput } from './outputs.js';

/** The anchor of an execution's row in the executions table. */
export function runAnchor(msgId: string): string {
  return `run-${msgId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** The anchor of a notebook cell. */
export function cellAnchor(kernelIndex: number, cellIndex: number): string {
  return `cell-${kernelIndex}-${cellIndex}`;
}

export function ms(value: number | null): string {
  return value === null ? '?' : value < 10_000 ? `${value.toFixed(1)} ms` : `${(value / 1000).toFixed(2)} s`;
}

export function timingText(cell: Pick<ExecutedCell, 'queued_ms' | 'running_ms' | 'wall_ms'>): string {
  return `queued ${ms(cell.queued_ms)} · running ${ms(cell.running_ms)} · wall ${ms(cell.wall_ms)}`;
}

function flags(cell: ExecutedCell): Html {
  return html`${flagList(cell.flags).map((flag) => html`<span class="flag ${flag.replace('-', '_')}">${flag}</span> `)}`;
}

function codeCell(placement: Placement, anchor: string, withOutputs: boolean): Html {
  // A spilled cell's outputs are read back only when the page shows them.
  const executed = placement.executed?.read({ outputs: withOutputs }) ?? null;
  const source = placement.skeleton?.source ?? executed?.code ?? '';
  const count = executed?.execution_count ?? placement.skeleton?.execution_count ?? null;
  const outputCount = placement.executed?.output_count ?? (placement.skeleton?.outputs ?? []).length;
  const outputs = (): unknown[] => (executed ? executed.outputs : (placement.skeleton?.outputs ?? []));
  const head =
    executed === null
      ? html`<span class="prompt">In [${count ?? ' '}]:</span><span class="note">not run in the capture${outputCount > 0 ? ' (outputs as the saved notebook has them)' : ''}</span>`
      : html`<span class="prompt">In [${count ?? ' '}]:</span>${flags(executed)}${executed.status === null || executed.status === 'ok' || executed.status === 'error' ? html`` : html`<span class="flag">${executed.status}</span>`}<span class="timing">${timingText(executed)}</span>`;
  const notes = executed === null ? [] : [...executed.notes, ...(executed.recovery === null ? [] : [`${executed.recovery.outputs} outputs recovered from a later connection (entry ${executed.recovery.connections.map((c) => c.entry ?? '?').join(', ')})`])];
  return html`<article class="cell code-cell" id="${anchor}"${executed === null ? html`` : html` data-msg-id="${executed.msg_id}"`}>
<div class="cell-head">${head}</div>
<pre class="cell-code">${source}</pre>
${notes.length === 0 ? html`` : html`<ul class="notes">${notes.map((n) => html`<li>${n}</li>`)}</ul>`}
<div class="cell-outputs">${withOutputs ? outputs().map(renderOutput) : outputCount === 0 ? html`` : html`<div class="note">${outputCount} outputs left out of the page (its size budget is used up)</div>`}</div>
</article>
`;
}

function otherCell(placement: Placement, anchor: string): Html {
  const source = placement.skeleton?.source ?? '';
  if (placement.skeleton?.cell_type === 'markdown') return html`<article class="cell markdown-cell" id="${anchor}"><div class="markdown">${markdownToHtml(source)}</div></article>\n`;
  return html`<article class="cell raw-cell" id="${anchor}"><pre>${source}</pre></article>\n`;
}

export interface NotebookPart {
  kernel_id: string | null;
  placements: Placement[];
  /** The views' notes on how the notebook was rebuilt. */
  notes: string[];
}

/** The first `shown.cells` cells of a notebook, one at a time; outputs of those before `shown.outputsUntil`. */
export function* notebookHtml(part: NotebookPart, kernelIndex: number, shown: { cells: number; outputsUntil: number }): Generator<Html> {
  const left = part.placements.length - shown.cells;
  yield html`<h3>kernel <span class="mono">${part.kernel_id ?? '(unknown)'}</span></h3>
${part.notes.length === 0 ? html`` : html`<ul class="notes">${part.notes.map((n) => html`<li>${n}</li>`)}</ul>`}
`;
  for (const [i, placement] of part.placements.slice(0, shown.cells).entries()) {
    yield placement.skeleton === null || placement.skeleton.cell_type === 'code' ? codeCell(placement, cellAnchor(kernelIndex, i), i < shown.outputsUntil) : otherCell(placement, cellAnchor(kernelIndex, i));
  }
  yield html`
${left > 0 ? html`<p class="note">${left} more cells left out of the page; every execution is listed under Executions.</p>` : html``}`;
}

/** The first executions (the `har cells` records) of `total`, each linked to the notebook cell that shows it. */
export function executionsHtml(records: readonly CellRecord[], total: number, cellOf: ReadonlyMap<string, string>): Html {
  if (total === 0) return html`<p class="note">No cell was executed in the capture.</p>`;
  const num = (v: number | null) => (v === null ? '' : v.toFixed(1));
  return html`<table class="sortable" id="executions-table"><thead><tr><th>kernel</th><th class="num">#</th><th>status</th><th class="num">queued ms</th><th class="num">running ms</th><th class="num">wall ms</th><th class="num">out bytes</th><th class="num">out msgs</th><th>flags</th><th>code</th></tr></thead><tbody>
${records.map((r) => {
  const cell = cellOf.get(r.msg_id);
  return html`<tr id="${runAnchor(r.msg_id)}"><td class="mono">${(r.kernel_id ?? '').slice(0, 8)}</td><td class="num">${r.execution_count ?? ''}</td><td>${r.status ?? '?'}</td><td class="num">${num(r.queued_ms)}</td><td class="num">${num(r.running_ms)}</td><td class="num">${num(r.wall_ms)}</td><td class="num">${r.output_bytes}</td><td class="num">${r.output_messages}</td><td>${flagList(r.flags).join(', ')}</td><td class="mono">${cell === undefined ? html`${r.first_line ?? '(unknown)'}` : html`<a href="#${cell}">${r.first_line ?? '(unknown)'}</a>`}</td></tr>\n`;
})}</tbody></table>${total > records.length ? html`<p class="note">The first ${records.length} of ${total} executions are listed.</p>` : html``}`;
}
