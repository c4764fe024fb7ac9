/**
 * The kernel side of the page, read through the session views: the executed cells and the
 * notebook placements (`har notebook` / `har cells`), and in one more pass the timeline and the
 * rate-limit replay (`har timeline` / `har rate-limits`), fed from the same session events.
 */
import type { InputSource } from '../read/input.js';
import { isPlainObject } from '../util/values.js';
import {
  buildNotebook,
  cellRecord,
  DEFAULT_RATE_LIMITS,
  rateLimitRecords,
  readSessionCapture,
  sessionEvents,
  TimelineBuilder,
  type CellRecord,
  type KernelSession,
  type RateLimitRecord,
  type SessionEvent,
} from '../views/index.js';
// The placements `har notebook` makes (not part of the views' index).
import { placeCells, skeletonCells } from '../views/notebook-skeleton.js';
import type { CellSpill } from '../views/cell-spill.js';
import { EXECUTION_LIMIT } from './budget.js';
import type { KernelFacts } from './header-html.js';
import { byKernel, codeLine, isMarked, type KernelRecords } from './timeline-svg.js';
import type { NotebookPart } from './notebook-html.js';

export interface SessionSide {
  sessions: KernelSession[];
  notebooks: NotebookPart[];
  /** The first EXECUTION_LIMIT executions (the page lists no more), of `cell_count`. */
  cells: CellRecord[];
  cell_count: number;
  /** Executions with the error flag. */
  error_count: number;
  /** The timeline kernel by kernel (with a spill, each kernel's records wait in its file). */
  timeline: KernelRecords[];
  /** The rate-limit records the timeline marks (`isMarked`). */
  rateLimits: RateLimitRecord[];
  /** Notebook outputs put back from a later connection, over all kernels. */
  recovered_outputs: number;
}

/** The timeline's part of the session side (`readTimeline`). */
export type TimelineSide = Pick<SessionSide, 'timeline' | 'rateLimits'>;

/**
 * The cell pass, given the timeline read before it (`readTimeline`). With `spill`, the cells
 * wait in its temporary file until the page renders the few it shows.
 */
export async function readSessionSide(sources: readonly InputSource[], onWarning: (message: string) => void, { timeline, rateLimits }: TimelineSide, spill?: CellSpill): Promise<SessionSide> {
  const { sessions, notebooks, recovered } = placed((await readSessionCapture(sources, { onWarning, ...(spill === undefined ? {} : { spill }) })).sessions);
  return { sessions, notebooks, ...listedCells(sessions), timeline, rateLimits, recovered_outputs: recovered };
}

/**
 * The timeline and the rate-limit records it marks, from one pass of session events (its own
 * function: nothing of the pass outlives it). With `spill`, the records wait in its file, so the
 * passes after this one do not hold them.
 */
export async function readTimeline(sources: readonly InputSource[], spill?: CellSpill): Promise<TimelineSide> {
  // The page shows a line of each request's code (codeLine, idempotent): the rest is not kept.
  const timeline = new TimelineBuilder({ code: codeLine });
  async function* fedToTimeline(events: AsyncIterable<SessionEvent>): AsyncGenerator<SessionEvent> {
    for await (const event of events) {
      timeline.add(event);
      yield event;
    }
  }
  const rateLimits: RateLimitRecord[] = [];
  // Only what the timeline marks is kept (a record per cell and connection otherwise), and of code only its line.
  const records = rateLimitRecords(fedToTimeline(sessionEvents(sources, { onWarning: () => undefined })), DEFAULT_RATE_LIMITS, { code: codeLine });
  for await (const record of records) if (isMarked(record)) rateLimits.push(record);
  // A kernel's records at a time (with a spill, each goes to its file before the next is made).
  const kernels: KernelRecords[] = [];
  for (const timed of timeline.finishKernels()) {
    for (const kernel of byKernel(timed.map((t) => t.record))) kernels.push(spill === undefined ? kernel : { kernel_id: kernel.kernel_id, records: spill.keepList(kernel.records()) });
  }
  return { timeline: kernels, rateLimits };
}

/** Each kernel's notebook placements; the sessions kept for the page go on without their documents (the placements have them). */
function placed(captured: readonly KernelSession[]): { sessions: KernelSession[]; notebooks: NotebookPart[]; recovered: number } {
  let recovered = 0;
  const notebooks = captured.map((session) => {
    // The notebook's notes (document, kernel spec, kernel_info) do not depend on its cells; built
    // without them, no second copy of every output is made.
    const { notes } = buildNotebook({ ...session, cells: [] });
    const placements = placeCells(skeletonCells(session.document?.content ?? null), session.cells);
    for (const placement of placements) recovered += placement.executed?.recovered_outputs ?? 0;
    return { kernel_id: session.kernel_id, placements, notes };
  });
  return { sessions: captured.map((session) => ({ ...session, document: null })), notebooks, recovered };
}

/** A record of each execution the page lists, and counts of them all (a record each would be tens of MB on a long capture). */
function listedCells(sessions: readonly KernelSession[]): Pick<SessionSide, 'cells' | 'cell_count' | 'error_count'> {
  const listed: Pick<SessionSide, 'cells' | 'cell_count' | 'error_count'> = { cells: [], cell_count: 0, error_count: 0 };
  for (const session of sessions) {
    for (const kept of session.cells) {
      const record = cellRecord(kept.read({ outputs: false }));
      listed.cell_count++;
      if (record.flags.error) listed.error_count++;
      if (listed.cells.length < EXECUTION_LIMIT) listed.cells.push(record);
    }
  }
  return listed;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** What kernel_info_reply says of each kernel. */
export function kernelFacts(sessions: readonly KernelSession[]): KernelFacts[] {
  return sessions.map((session) => {
    const info = session.kernel_info;
    const language = isPlainObject(info?.language_info) ? info.language_info : null;
    const implementation = text(info?.implementation);
    const languageName = text(language?.name);
    return {
      kernel_id: session.kernel_id,
      implementation: implementation === null ? null : [implementation, text(info?.implementation_version)].filter((v) => v !== null).join(' '),
      language: languageName === null ? null : [languageName, text(language?.version)].filter((v) => v !== null).join(' '),
      protocol_version: text(info?.protocol_version),
    };
  });
}
