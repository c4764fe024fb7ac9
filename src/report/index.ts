/**
 * `har report`: one self-contained HTML page of a captured session. `readReport` reads the
 * inputs (a pass per side of the session, each keeping bounded state); `reportPage` renders what
 * it read, a section at a time, with pure functions from view records to markup.
 */
import type { InputSource } from '../read/input.js';
import { firstLine } from '../views/connections-rows.js';
import { flagList } from '../views/index.js';
import type { CellSpill, KeptCell } from '../views/cell-spill.js';
import type { Html } from './escape.js';
import { framesSection } from './frames-html.js';
import { readFrameSide, type FrameSide } from './frames.js';
import { headerSection, type HeaderFacts } from './header-html.js';
import { httpSection } from './http-html.js';
import { readHttpSide, type HttpSide } from './http-entries.js';
import { CELL_LIMIT, EXECUTION_LIMIT, OUTPUT_BUDGET, planNotebooks, type NotebookPlan } from './budget.js';
import { cellAnchor, executionsHtml, notebookHtml, runAnchor, timingText, type NotebookPart } from './notebook-html.js';
import { pageEnd, pageStart, section } from './page.js';
import { withRedactedCopies } from './redacted.js';
import { kernelFacts, readSessionSide, readTimeline, type SessionSide } from './session.js';
import { timelineSvg, type CellLink, type CellLinks } from './timeline-svg.js';

export { escapeText, html, Html } from './escape.js';
export type { HttpSide, ReportEntry } from './http-entries.js';
export type { FrameSide, ConnectionFrames, FrameRow } from './frames.js';
export type { SessionSide } from './session.js';
export { CONTENT_SECURITY_POLICY, SCRIPT_HASH } from './page.js';

export interface ReportOptions {
  /** Run the redaction library (`har redact`) on the inputs before reading them. */
  redact?: boolean;
  /** Where the cells wait until the page is rendered (the caller closes it after). */
  spill?: CellSpill;
  onWarning?: (message: string) => void;
}

export interface ReportData {
  http: HttpSide;
  frames: FrameSide;
  session: SessionSide;
}

export async function readReport(sources: readonly InputSource[], options: ReportOptions = {}): Promise<ReportData> {
  const warn = options.onWarning ?? (() => undefined);
  const read = async (inputs: readonly InputSource[]): Promise<ReportData> => {
    // What each pass keeps waits in the spill file while the next ones run (the HTTP side's rows,
    // the timeline, the frame rows): each pass holds little more than its own state. The frames'
    // pass comes between the two session passes, which hold the most, so the timeline's pass is
    // let go of before the cell pass starts. (Warnings come in the order they did: those of the
    // timeline's and frames' passes are not shown.)
    const http = setAside(await readHttpSide(inputs, warn), 'entries', options.spill);
    const timeline = await readTimeline(inputs, options.spill);
    const frames = setAside(await readFrameSide(inputs, () => undefined), 'connections', options.spill);
    const session = await readSessionSide(inputs, warn, timeline, options.spill);
    return { http: http(), frames: frames(), session };
  };
  return options.redact === true ? withRedactedCopies(sources, warn, read) : read(sources);
}

/** What gives back `side`: with a spill, its `key` list waits in the spill's file until then, and the rest in the heap. */
function setAside<T extends Record<K, unknown[]>, K extends keyof T>(side: T, key: K, spill: CellSpill | undefined): () => T {
  if (spill === undefined) return () => side;
  const list = spill.keepList(side[key]);
  const rest = { ...side, [key]: null };
  return () => ({ ...rest, [key]: list() });
}

function leftOutNotes(data: ReportData, plan: NotebookPlan): string[] {
  const notes: string[] = [];
  if (plan.cells_left_out > 0) notes.push(`${plan.cells_left_out} notebook cells are left out of the page (it shows ${CELL_LIMIT}); every execution is listed${data.session.cell_count > EXECUTION_LIMIT ? ` up to ${EXECUTION_LIMIT}` : ''}.`);
  if (plan.outputs_left_out > 0) notes.push(`The outputs of ${plan.outputs_left_out} cells are left out: the page holds at most ${(OUTPUT_BUDGET / 1e6).toFixed(0)} M characters of output.`);
  const entriesLeft = data.http.entry_count - data.http.entries.length;
  if (entriesLeft > 0) notes.push(`${entriesLeft} HTTP entries are counted but not listed.`);
  if (data.frames.rows_left_out > 0) notes.push(`${data.frames.rows_left_out} WebSocket frames are counted but not listed.`);
  if (data.frames.malformed > 0) notes.push(`${data.frames.malformed} frames on kernel channels are not Jupyter messages.`);
  if (data.session.recovered_outputs > 0) notes.push(`${data.session.recovered_outputs} outputs reached the capture only on a later connection and are shown in their cells.`);
  return notes;
}

function headerFacts(data: ReportData, plan: NotebookPlan): HeaderFacts {
  return {
    files: data.http.files,
    servers: data.http.servers,
    kernels: kernelFacts(data.session.sessions),
    first_ms: data.http.first_ms,
    last_ms: data.http.last_ms,
    counts: [
      { label: 'entries', value: data.http.entry_count },
      { label: 'connections', value: data.frames.connections.length },
      { label: 'frames', value: data.frames.frames },
      { label: 'messages', value: data.frames.messages },
      { label: 'cells', value: data.session.cell_count },
      { label: 'errors', value: data.session.error_count },
    ],
    notes: leftOutNotes(data, plan),
  };
}

/**
 * Where each execution is shown: its notebook cell when placed there, else its executions row.
 * A link is made when the timeline asks for it, from the cell read back then.
 */
function cellLinks(session: SessionSide, plan: NotebookPlan): { links: CellLinks; cellOf: Map<string, string> } {
  const cellOf = new Map<string, string>();
  session.notebooks.forEach((notebook, k) =>
    notebook.placements.slice(0, plan.shown[k]?.cells ?? 0).forEach((placement, i) => {
      if (placement.executed !== null) cellOf.set(placement.executed.msg_id, cellAnchor(k, i));
    }),
  );
  // A later cell of the same msg_id wins, as it would setting a map of links in order.
  const byRequest = new Map<string, KeptCell>();
  for (const s of session.sessions) for (const kept of s.cells) byRequest.set(kept.msg_id, kept);
  const links: CellLinks = {
    get(msgId: string): CellLink | undefined {
      const cell = byRequest.get(msgId)?.read({ outputs: false });
      if (cell === undefined) return undefined;
      return {
        href: cellOf.get(cell.msg_id) ?? runAnchor(cell.msg_id),
        tip: `[${cell.execution_count ?? ' '}] ${firstLine(cell.code ?? '', 60)}\n${timingText(cell)}\nstatus ${cell.status ?? '?'}${flagList(cell.flags).length > 0 ? ` · ${flagList(cell.flags).join(', ')}` : ''}`,
        status: cell.status,
        flags: flagList(cell.flags),
      };
    },
  };
  return { links, cellOf };
}

/** The page, a section at a time (each a string to write). */
export function* reportPage(data: ReportData): Generator<string> {
  const title = `harknife report: ${data.http.files.map((f) => f.name).join(', ')}`;
  const plan = planNotebooks(data.session.notebooks);
  const { links, cellOf } = cellLinks(data.session, plan);
  // Each part is made as it is reached; the long ones (timeline, notebook) a piece at a time.
  const parts: (() => Iterable<Html>)[] = [
    () => [pageStart(title)],
    () => [headerSection(headerFacts(data, plan))],
    () => section('timeline', 'Timeline', timelineSvg({ kernels: data.session.timeline, rateLimits: data.session.rateLimits, cells: links })),
    () => section('notebook', 'Notebook', notebookPieces(data.session.notebooks, plan)),
    () => section('executions', 'Executions', [executionsHtml(data.session.cells, data.session.cell_count, cellOf)]),
    () => section('http', 'HTTP entries', [httpSection(data.http)]),
    () => section('frames', 'WebSocket frames', [framesSection(data.frames, data.http.socket_urls)]),
    () => [pageEnd()],
  ];
  for (const part of parts) for (const piece of part()) yield piece.text;
}

function* notebookPieces(notebooks: readonly NotebookPart[], plan: NotebookPlan): Generator<Html> {
  for (const [k, notebook] of notebooks.entries()) yield* notebookHtml(notebook, k, plan.shown[k] ?? { cells: 0, outputsUntil: 0 });
}
