/**
 * The session's timeline as SVG, drawn from `har timeline` and `har rate-limits` records: per
 * kernel, its connections and the gaps between them, busy intervals per request (shell and
 * control on their own lanes, since they overlap), and marks for restarts, interrupts and
 * rate-limit trips. A cell's bar shows its queued / running / wall times on hover and links to
 * the cell.
 */
import { firstLine } from '../views/connections-rows.js';
import type { RateLimitRecord, TimelineBusy, TimelineRecord } from '../views/index.js';
import { detached } from '../util/values.js';
import { html, type Html } from './escape.js';

const WIDTH = 1200;
const LEFT = 96;
const LANE = 18;
const LANE_GAP = 6;
const AXIS = 22;

/** What the page knows of the cell a busy interval belongs to. */
export interface CellLink {
  href: string;
  /** The hover text: count, first line, queued / running / wall. */
  tip: string;
  status: string | null;
  flags: string[];
}

/** The link of a cell by its execute_request msg_id (a map, or one that makes each when asked). */
export interface CellLinks {
  get(msgId: string): CellLink | undefined;
}

/**
 * One kernel's timeline records, in their order: asked for when its block is drawn (`har report`
 * keeps them in its temporary file until then, so the page's other passes do not hold them).
 */
export interface KernelRecords {
  kernel_id: string | null;
  records(): readonly TimelineRecord[];
}

export interface TimelineInput {
  /** Per kernel, in the order the kernels first come in the timeline. */
  kernels: readonly KernelRecords[];
  rateLimits: readonly RateLimitRecord[];
  cells: CellLinks;
}

interface Mark {
  at: number;
  kind: 'restart' | 'interrupt' | 'rate';
  tip: string;
}

function msOf(isoText: string | null): number | null {
  if (isoText === null) return null;
  const ms = Date.parse(isoText);
  return Number.isNaN(ms) ? null : ms;
}

/** The rate-limit records the timeline marks: server notices, and cells whose replayed limiter trips. */
export function isMarked(r: RateLimitRecord): boolean {
  return r.kind === 'notice' || (r.kind === 'cell' && (r.msg.exceeded_at !== null || r.data.exceeded_at !== null));
}

/** What the page shows of a cell's code (the timeline is read keeping only this, detached from the code: `readSessionSide`). */
export function codeLine(code: string | null): string {
  return detached(firstLine(code ?? '', 60));
}

function kernelOf(record: { kernel_id: string | null }): string {
  return record.kernel_id ?? '';
}

/** `records` kernel by kernel (a kernel's records in their order), as `timelineSvg` takes them. */
export function byKernel(records: readonly TimelineRecord[]): KernelRecords[] {
  const kernels = new Map<string, { kernel_id: string | null; list: TimelineRecord[] }>();
  for (const r of records) {
    const id = kernelOf(r);
    let kernel = kernels.get(id);
    if (kernel === undefined) kernels.set(id, (kernel = { kernel_id: r.kernel_id, list: [] }));
    kernel.list.push(r);
  }
  return [...kernels.values()].map(({ kernel_id, list }) => ({ kernel_id, records: () => list }));
}

/** The time span every record falls in, epoch ms. */
class Span {
  start = Infinity;
  end = -Infinity;

  see(records: readonly TimelineRecord[]): void {
    const see = (value: string | null) => {
      const ms = msOf(value);
      if (ms === null) return;
      this.start = Math.min(this.start, ms);
      this.end = Math.max(this.end, ms);
    };
    for (const r of records) {
      if (r.kind === 'connection') [r.opened, r.closed, r.last_frame].forEach(see);
      else if (r.kind === 'gap') [r.start, r.end].forEach(see);
      else if (r.kind === 'busy') [r.sent, r.busy, r.idle].forEach(see);
      else if (r.kind === 'restart') [r.requested, r.new_session].forEach(see);
      else if (r.kind === 'interrupt') [r.requested, r.keyboard_interrupt].forEach(see);
      else see(r.time);
    }
  }

  get value(): { start: number; end: number } | null {
    return Number.isFinite(this.start) ? { start: this.start, end: Math.max(this.end, this.start + 1) } : null;
  }
}

function marksOf(kernel: string, records: readonly TimelineRecord[], input: TimelineInput): Mark[] {
  const marks: Mark[] = [];
  for (const r of records) {
    if (r.kind === 'restart') {
      const at = msOf(r.requested ?? r.new_session);
      if (at !== null) marks.push({ at, kind: 'restart', tip: `restart${r.http_status === null ? '' : ` (HTTP ${r.http_status})`}${r.note === null ? '' : `\n${r.note}`}` });
    } else if (r.kind === 'interrupt') {
      const at = msOf(r.requested ?? r.keyboard_interrupt);
      if (at !== null) marks.push({ at, kind: 'interrupt', tip: `interrupt via ${r.via}${r.execution_count === null && r.code === null ? '' : `: KeyboardInterrupt in [${r.execution_count ?? ' '}] ${codeLine(r.code)}`}` });
    }
  }
  for (const r of input.rateLimits) {
    if (r.kind === 'bytes' || kernelOf(r) !== kernel) continue;
    if (r.kind === 'notice') {
      const at = msOf(r.time);
      if (at !== null) marks.push({ at, kind: 'rate', tip: `IOPub ${r.which} rate exceeded (server notice) in [${r.execution_count ?? ' '}] ${codeLine(r.code)}${r.over_by === null ? '' : ` ×${r.over_by.toFixed(2)}`}` });
    } else {
      for (const [which, report] of [['message', r.msg], ['data', r.data]] as const) {
        const at = msOf(report.exceeded_at);
        if (at !== null) marks.push({ at, kind: 'rate', tip: `replayed limiter: ${which} rate over ×${report.over_by?.toFixed(2) ?? '?'} in [${r.execution_count ?? ' '}] ${codeLine(r.code)}${report.option === null ? '' : `\n${report.option}`}` });
      }
    }
  }
  return marks;
}

function busyBar(r: TimelineBusy, x: (ms: number) => number, y: number, cells: CellLinks): Html {
  const from = msOf(r.busy ?? r.sent);
  const to = msOf(r.idle) ?? from;
  if (from === null || to === null) return html``;
  const link = cells.get(r.parent_msg_id);
  const width = Math.max(2, x(to) - x(from));
  const classes = ['busy', link === undefined ? 'other' : '', ...(link?.flags ?? []), link?.status === 'error' ? 'error' : ''].filter((c) => c !== '').join(' ');
  const tip = link?.tip ?? `${r.parent_msg_type ?? 'request'} busy ${r.ms === null ? '?' : r.ms.toFixed(1)} ms`;
  const bar = html`<rect class="${classes}" x="${x(from).toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${LANE}" data-tip="${tip}"${link === undefined ? html` opacity="0.45"` : html``}><title>${tip}</title></rect>`;
  return link === undefined ? bar : html`<a href="#${link.href}">${bar}</a>`;
}

/** The lane a record is drawn on (0 connections and gaps, 1 shell, 2 control), or null. */
function laneOf(r: TimelineRecord): number | null {
  if (r.kind === 'connection' || r.kind === 'gap') return 0;
  if (r.kind === 'busy') return r.channel === 'control' ? 2 : 1;
  return null;
}

/** Connections and shell always; control when the kernel has a request on it. */
function laneCount(records: readonly TimelineRecord[]): number {
  return records.some((r) => laneOf(r) === 2) ? 3 : 2;
}

function laneY(top: number, lane: number): number {
  return top + 16 + lane * (LANE + LANE_GAP);
}

/** How tall a kernel's block is: known before its items are drawn, so the SVG's size is written first. */
function blockHeight(records: readonly TimelineRecord[]): number {
  return laneY(0, laneCount(records)) - LANE_GAP + 10;
}

function laneItem(r: TimelineRecord, input: TimelineInput, x: (ms: number) => number, y: number): Html {
  if (r.kind === 'connection') {
    const from = msOf(r.opened ?? r.last_frame);
    const to = msOf(r.closed ?? r.last_frame) ?? from;
    if (from === null || to === null) return html``;
    const tip = `connection: entry ${r.entry ?? '?'} · ${r.frames} frames${r.protocol === null ? '' : ` · ${r.protocol}`}\n${r.opened ?? '?'} → ${r.closed ?? r.last_frame ?? '?'}`;
    return html`<rect class="conn" x="${x(from).toFixed(1)}" y="${y}" width="${Math.max(2, x(to) - x(from)).toFixed(1)}" height="${LANE}" data-tip="${tip}"><title>${tip}</title></rect>`;
  }
  if (r.kind === 'gap') {
    const from = msOf(r.start);
    const to = msOf(r.end) ?? from;
    if (from === null || to === null) return html``;
    const running = r.running.map((c) => `[${c.execution_count ?? ' '}] ${codeLine(c.code)}`).join('; ');
    const tip = `no connection for ${r.ms === null ? '?' : r.ms.toFixed(0)} ms${running === '' ? '' : `\nrunning: ${running}`}`;
    return html`<rect class="gap" x="${x(from).toFixed(1)}" y="${y}" width="${Math.max(2, x(to) - x(from)).toFixed(1)}" height="${LANE}" data-tip="${tip}"><title>${tip}</title></rect>`;
  }
  return r.kind === 'busy' ? busyBar(r, x, y, input.cells) : html``;
}

const LANE_LABELS = ['connections', 'shell', 'control'];

/** A kernel's block a piece at a time: its name, each lane's label and items in record order, its marks. */
function* kernelBlock(block: KernelRecords, input: TimelineInput, x: (ms: number) => number, top: number): Generator<Html> {
  const kernel = kernelOf(block);
  const records = block.records();
  const lanes = laneCount(records);
  yield html`<text x="4" y="${top + 11}">kernel ${kernel === '' ? '?' : kernel.slice(0, 8)}</text>\n`;
  for (let lane = 0; lane < lanes; lane++) {
    yield html`<text x="4" y="${laneY(top, lane) + 13}">${LANE_LABELS[lane]}</text>`;
    for (const r of records) if (laneOf(r) === lane) yield laneItem(r, input, x, laneY(top, lane));
  }
  const bottom = laneY(top, lanes) - LANE_GAP;
  const marks = marksOf(kernel, records, input).map(
    (m) => html`<line class="mark-${m.kind}" x1="${x(m.at).toFixed(1)}" x2="${x(m.at).toFixed(1)}" y1="${top + 12}" y2="${bottom + 2}" data-tip="${m.tip}"><title>${m.tip}</title></line>`,
  );
  yield html`\n${marks}`;
}

/** The timeline a piece at a time (a kernel's lane items one by one), so the page never holds it whole. */
export function* timelineSvg(input: TimelineInput): Generator<Html> {
  // Each kernel's records are asked for twice: here for the span and the block heights (the SVG's size comes first), then to draw.
  const spanned = new Span();
  const heights = input.kernels.map((block) => {
    const records = block.records();
    spanned.see(records);
    return blockHeight(records);
  });
  const span = spanned.value;
  if (span === null) {
    yield html`<p class="note">No timed kernel traffic in the capture.</p>`;
    return;
  }
  const scale = (WIDTH - LEFT - 10) / (span.end - span.start);
  const x = (ms: number) => LEFT + (ms - span.start) * scale;
  let top = 4;
  const tops = heights.map((height) => {
    const blockTop = top;
    top += height;
    return blockTop;
  });
  const seconds = (span.end - span.start) / 1000;
  const step = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600].find((s) => seconds / s <= 12) ?? 7200;
  const ticks: Html[] = [];
  for (let s = 0; s <= seconds; s += step) {
    const tx = x(span.start + s * 1000).toFixed(1);
    ticks.push(html`<line x1="${tx}" x2="${tx}" y1="${top}" y2="${top + 4}" stroke="#999"></line><text x="${tx}" y="${top + 16}" text-anchor="middle">${Number(s.toFixed(1))} s</text>`);
  }
  const height = top + AXIS;
  yield html`<div class="legend"><span><i style="background:#3b6fd8"></i>cell running</span><span><i style="background:#b3261e"></i>error</span><span><i style="background:#9fc5a8"></i>connection</span><span><i style="background:#f3c4c0"></i>no connection</span><span><i style="background:#7b1fa2"></i>restart</span><span><i style="background:#a05a00"></i>interrupt</span><span><i style="background:#b3261e;height:2px"></i>rate limit</span></div>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="session timeline">`;
  for (const [k, block] of input.kernels.entries()) yield* kernelBlock(block, input, x, tops[k] ?? 0);
  yield html`${ticks}</svg>`;
}
