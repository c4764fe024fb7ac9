/**
 * The cells a user ran, per kernel: every non-silent execute_request (a conversation), plus
 * output whose execute_request the capture does not hold (it started mid-cell), in time order.
 * Shared by `har notebook` and `har cells`.
 */
import { parseHeaderDate, type Conversation, type ConversationReport, type JsonObject, type OrphanGroup, type NotebookOutput } from '../kernel/index.js';
import { OUTPUT_TYPES, type Recovery, type RequestFacts, type SessionFacts } from './session-facts.js';
import type { KernelSpecInfo, NotebookDocument, SessionHttp } from './session-http.js';
import type { ReportKind } from './session-window.js';
import { HeapCell, type CellSpill, type KeptCell } from './cell-spill.js';

export interface CellFlags {
  error: boolean;
  /** Stopped by an interrupt (a KeyboardInterrupt error). */
  interrupted: boolean;
  /** The server's "IOPub … rate exceeded" notice: output was dropped. */
  rate_limited: boolean;
  /** Output reached the capture only on a later connection (a reload or reconnect). */
  recovered: boolean;
  no_reply: boolean;
}

export interface ExecutedCell {
  kernel_id: string | null;
  /** The execute_request's msg_id (for output without its request: the parent msg_id). */
  msg_id: string;
  cell_id: string | null;
  code: string | null;
  execution_count: number | null;
  status: string | null;
  /** Browser time the request was sent (ISO), else the first message seen for it. */
  started: string | null;
  queued_ms: number | null;
  running_ms: number | null;
  wall_ms: number | null;
  outputs: NotebookOutput[];
  /** JupyterLab's recordTiming keys: header dates of the kernel's messages. */
  timing: Record<string, string>;
  output_bytes: number;
  output_messages: number;
  messages: number;
  flags: CellFlags;
  recovery: Recovery | null;
  /** What could not be known, and why. */
  notes: string[];
}

export interface KernelSession {
  kernel_id: string | null;
  /** In the heap, or in the temporary file the reader was given (`CellSpill`). */
  cells: KeptCell[];
  /** kernel_info_reply content (language_info, implementation …), null when not captured. */
  kernel_info: JsonObject | null;
  kernelspec: KernelSpecInfo | null;
  document: NotebookDocument | null;
}

interface PlacedCell {
  at: number;
  seq: number;
  cell: KeptCell;
}

/** Turns each built request (a ConversationReport of one request) into its cell as it comes. */
export class CellCollector {
  private readonly cells: PlacedCell[] = [];
  /** Per kernel, by the request's msg_id (the cell's own string: no joined key per cell). */
  private readonly byRequest = new Map<string, Map<string, KeptCell>>();

  /** With `spill`, each cell goes to its file as it is built. */
  constructor(
    private readonly facts: SessionFacts,
    private readonly spill: CellSpill | null = null,
  ) {}

  take(report: ConversationReport, kind: ReportKind): void {
    for (const conv of report.conversations) {
      if (conv.msg_type !== 'execute_request' || conv.silent) continue;
      const facts = this.facts.request(conv.kernel_id, conv.msg_id);
      this.keep(conv.kernel_id, isoMs(conv.times.sent), fromConversation(conv, facts, facts === null ? null : this.facts.recovery(facts)));
      this.facts.release(conv.kernel_id, conv.msg_id);
    }
    for (const orphan of report.orphans) {
      if (orphan.parent_msg_type !== 'execute_request') continue;
      if (kind === 'late') {
        this.addLate(orphan);
        continue;
      }
      const facts = this.facts.request(orphan.kernel_id, orphan.parent_msg_id);
      // Nothing shown and nothing known about what ran (a silent request's output): not a cell.
      if ((facts?.code ?? null) === null && (facts?.outputs.size ?? 0) === 0) continue;
      this.keep(orphan.kernel_id, isoMs(orphan.messages[0]?.iso ?? null), fromOrphan(orphan, facts));
      this.facts.release(orphan.kernel_id, orphan.parent_msg_id);
    }
  }

  /** The cells per kernel, each in time order; with what the HTTP side and kernel_info say of the kernel. */
  sessions(capture: { facts: SessionFacts; http: SessionHttp }): KernelSession[] {
    const byKernel = new Map<string, { kernel_id: string | null; cells: PlacedCell[] }>();
    for (const item of this.cells) {
      const k = item.cell.kernel_id ?? '';
      let group = byKernel.get(k);
      if (group === undefined) byKernel.set(k, (group = { kernel_id: item.cell.kernel_id, cells: [] }));
      group.cells.push(item);
    }
    return [...byKernel.values()].map((group) => ({
      kernel_id: group.kernel_id,
      cells: group.cells.sort((a, b) => a.at - b.at || a.seq - b.seq).map((c) => c.cell),
      kernel_info: capture.facts.kernelInfoReply(group.kernel_id),
      kernelspec: capture.http.kernelSpec(group.kernel_id),
      document: capture.http.documentFor(group.kernel_id),
    }));
  }

  private keep(kernelId: string | null, at: number, cell: ExecutedCell): void {
    const kept = this.spill?.put(cell) ?? new HeapCell(cell);
    this.cells.push({ at, seq: this.cells.length, cell: kept });
    let requests = this.byRequest.get(kernelId ?? '');
    if (requests === undefined) this.byRequest.set(kernelId ?? '', (requests = new Map()));
    requests.set(kept.msg_id, kept);
  }

  /** Output that came after its cell was built: appended, streams merged as the frontend would. */
  private addLate(orphan: OrphanGroup): void {
    const kept = this.byRequest.get(orphan.kernel_id ?? '')?.get(orphan.parent_msg_id);
    if (kept === undefined) return;
    const cell = kept.read();
    for (const output of orphan.outputs) {
      const last = cell.outputs[cell.outputs.length - 1];
      if (output.output_type === 'stream' && last?.output_type === 'stream' && last.name === output.name) last.text += output.text;
      else cell.outputs.push(output);
    }
    cell.messages += orphan.messages.length;
    if (orphan.rate_limited) cell.flags.rate_limited = true;
    cell.notes.push(`${orphan.messages.length} message${orphan.messages.length === 1 ? '' : 's'} arrived after the cell had finished`);
    kept.write(cell);
  }
}

function fromConversation(conv: Conversation, facts: RequestFacts | null, recovery: Recovery | null): ExecutedCell {
  const notes: string[] = [];
  const noReply = conv.times.reply === null;
  if (noReply) notes.push('no execute_reply in the capture: status unknown');
  if (conv.times.idle === null) notes.push('no idle status in the capture: the cell had not finished, or its end was not captured');
  if (conv.times.busy === null) notes.push('no busy status in the capture: queued and running time unknown');
  if (conv.flags.rate_limited) notes.push('the server dropped output (IOPub rate limit)');
  if (recovery !== null) notes.push(`${recovery.outputs} output message${recovery.outputs === 1 ? '' : 's'} arrived only on a later connection`);
  const executionCount = conv.execution_count ?? facts?.executionCount ?? null;
  if (executionCount === null) notes.push('no execution_count in the capture');
  return {
    kernel_id: conv.kernel_id,
    msg_id: conv.msg_id,
    cell_id: conv.cell_id,
    code: conv.code,
    execution_count: executionCount,
    status: conv.status,
    started: conv.times.sent,
    queued_ms: conv.durations.queued_ms,
    running_ms: conv.durations.running_ms,
    wall_ms: conv.durations.wall_ms,
    outputs: conv.outputs,
    timing: facts?.timing ?? {},
    ...outputSize(facts),
    messages: messageCount(conv.messages, facts),
    flags: {
      error: conv.status === 'error' || conv.error !== null,
      interrupted: conv.error?.ename === 'KeyboardInterrupt',
      rate_limited: conv.flags.rate_limited,
      recovered: recovery !== null,
      no_reply: noReply,
    },
    recovery,
    notes,
  };
}

function fromOrphan(orphan: OrphanGroup, facts: RequestFacts | null): ExecutedCell {
  const code = facts?.code ?? null;
  const error = orphan.outputs.find((o) => o.output_type === 'error');
  const notes = ['the execute_request is not in the capture (it started before the capture, or its frame was lost)'];
  if (code === null) notes.push('no execute_input in the capture: code unknown');
  if (orphan.rate_limited) notes.push('the server dropped output (IOPub rate limit)');
  return {
    kernel_id: orphan.kernel_id,
    msg_id: orphan.parent_msg_id,
    cell_id: null,
    code,
    execution_count: facts?.executionCount ?? null,
    status: null,
    started: orphan.messages[0]?.iso ?? null,
    queued_ms: null,
    running_ms: durationOf(facts),
    wall_ms: null,
    outputs: orphan.outputs,
    timing: facts?.timing ?? {},
    ...outputSize(facts),
    messages: messageCount(orphan.messages, facts),
    flags: {
      error: error !== undefined,
      interrupted: error?.output_type === 'error' && error.ename === 'KeyboardInterrupt',
      rate_limited: orphan.rate_limited,
      recovered: false,
      no_reply: !orphan.messages.some((m) => m.msg_type === 'execute_reply'),
    },
    recovery: null,
    notes,
  };
}

/** Kernel clock busy → idle, when the browser times of the request are missing. */
function durationOf(facts: RequestFacts | null): number | null {
  const busy = parseHeaderDate(facts?.timing['iopub.status.busy']);
  const idle = parseHeaderDate(facts?.timing['iopub.status.idle']);
  return busy === null || idle === null ? null : Math.round((idle - busy) * 1000) / 1000;
}

function outputSize(facts: RequestFacts | null): { output_bytes: number; output_messages: number } {
  let bytes = 0;
  for (const arrival of facts?.outputs.values() ?? []) bytes += arrival.bytes;
  return { output_bytes: bytes, output_messages: facts?.outputs.size ?? 0 };
}

/** Every distinct message of the request: output messages as SessionFacts counted them (`har cells` does not keep them). */
function messageCount(messages: readonly { msg_type: string }[], facts: RequestFacts | null): number {
  return messages.filter((m) => !OUTPUT_TYPES.has(m.msg_type)).length + (facts?.outputs.size ?? 0);
}

function isoMs(iso: string | null): number {
  const ms = iso === null ? Number.NaN : Date.parse(iso);
  return Number.isNaN(ms) ? Number.MAX_SAFE_INTEGER : ms;
}
