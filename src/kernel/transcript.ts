/**
 * `kernel-decode --format transcript`: the session read like an IPython console.
 *
 *   In [1]: print("hi")
 *   hi
 *
 *   In [2]: 1+1
 *   Out[2]: 2
 *
 * Only execute requests the user ran are shown (not silent ones), in the order they were
 * sent, with `[restart]` where the kernel session changed and `[input] prompt → value` for
 * stdin. Pure: the caller decides whether to keep ANSI colour (a TTY) and where to write.
 */
import type { Conversation, ConversationReport, KernelEvent } from './conversation-types.js';
import type { NotebookOutput } from './output-area.js';
import { stripAnsi } from './text.js';

export interface TranscriptOptions {
  /** Keep the ANSI colour codes of tracebacks and streams. */
  keepAnsi?: boolean;
  /** Also show silent execute requests. */
  includeSilent?: boolean;
}

export const DEFAULT_TRANSCRIPT_OPTIONS: Required<TranscriptOptions> = { keepAnsi: false, includeSilent: false };

type Item = { at: number; seq: number; kernel: string | null } & ({ conv: Conversation } | { event: KernelEvent });

export function renderTranscript(report: ConversationReport, options: TranscriptOptions = {}): string {
  const opts = { ...DEFAULT_TRANSCRIPT_OPTIONS, ...options };
  const items: Item[] = [];
  let seq = 0;
  for (const conv of report.conversations) {
    if (conv.msg_type !== 'execute_request' || (conv.silent && !opts.includeSilent)) continue;
    items.push({ at: conv.time ?? 0, seq: seq++, kernel: conv.kernel_id, conv });
  }
  for (const kernel of report.kernels) {
    for (const event of kernel.events) {
      if (event.kind === 'dead') items.push({ at: event.time ?? 0, seq: seq++, kernel: kernel.kernel_id, event });
    }
  }
  items.sort((a, b) => a.at - b.at || a.seq - b.seq);
  const kernels = new Set(items.map((i) => i.kernel));
  const sessions = new Map<string | null, string>();
  const blocks: string[] = [];
  let current: string | null | undefined;
  for (const item of items) {
    const label = kernels.size > 1 && item.kernel !== current ? `[kernel ${item.kernel ?? 'unknown'}]\n` : '';
    current = item.kernel;
    if (!('conv' in item)) {
      blocks.push(`${label}[kernel died]`);
      continue;
    }
    // The restart shows before the first cell of the new kernel session, which is when the user met it.
    const session = item.conv.kernel_session;
    const previous = sessions.get(item.kernel);
    const restart = session !== null && previous !== undefined && previous !== session ? '[restart]\n\n' : '';
    if (session !== null) sessions.set(item.kernel, session);
    blocks.push(label + restart + renderCell(item.conv, opts));
  }
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`;
}

/** One execute request: input, outputs in order, stdin exchanges and what went wrong. */
export function renderCell(conv: Conversation, options: TranscriptOptions = {}): string {
  const opts = { ...DEFAULT_TRANSCRIPT_OPTIONS, ...options };
  const count = conv.execution_count === null ? ' ' : String(conv.execution_count);
  const prompt = `In [${count}]: `;
  const continuation = `${' '.repeat(Math.max(0, prompt.length - 5))}...: `;
  const code = (conv.code ?? '').replace(/\n$/, '').split('\n');
  const lines = [prompt + code[0], ...code.slice(1).map((line) => continuation + line)];
  for (const exchange of conv.stdin) {
    const value = exchange.value === null ? '(no reply)' : exchange.password ? '********' : exchange.value;
    lines.push(`[input] ${exchange.prompt} → ${value}`);
  }
  for (const output of conv.outputs) {
    // JupyterLab's echo of an input() answer: already shown by the [input] line.
    if (output.output_type === 'stream' && output.name === 'stdin') continue;
    const text = renderOutput(output, conv.execution_count);
    if (text !== '') lines.push(opts.keepAnsi ? text : stripAnsi(text));
  }
  lines.push(...notes(conv));
  return lines.join('\n');
}

function renderOutput(output: NotebookOutput, executionCount: number | null): string {
  switch (output.output_type) {
    case 'stream':
      return output.text.replace(/\n$/, '');
    case 'error':
      return output.traceback.length > 0 ? output.traceback.join('\n') : `${output.ename}: ${output.evalue}`;
    case 'execute_result': {
      const label = `Out[${output.execution_count ?? executionCount ?? ' '}]: `;
      const text = displayText(output.data);
      return text.includes('\n') ? `${label}\n${text}` : label + text;
    }
    case 'display_data':
      return displayText(output.data);
  }
}

/** text/plain when there is one, else the list of mime types (images, HTML, widgets). */
function displayText(data: Record<string, unknown>): string {
  const plain = data['text/plain'];
  if (typeof plain === 'string') return plain.replace(/\n$/, '');
  if (Array.isArray(plain)) return plain.join('').replace(/\n$/, '');
  const types = Object.keys(data);
  return `[${types.length > 0 ? types.join(', ') : 'empty display'}]`;
}

function notes(conv: Conversation): string[] {
  const out: string[] = [];
  if (conv.flags.rate_limited) out.push('[output truncated by the server: IOPub rate limit]');
  if (conv.flags.aborted) out.push('[aborted: not run after an earlier error]');
  if (conv.flags.no_response) out.push('[no response from the kernel]');
  else if (!conv.done) out.push('[not finished in the capture]');
  return out;
}
