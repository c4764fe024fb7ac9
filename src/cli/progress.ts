import { statSync } from 'node:fs';
import type { InputSource } from '../read/input.js';
import { visibleText } from '../write/terminal-text.js';
import type { CliIO } from './io.js';

const INTERVAL_MS = 200;
const DEFAULT_MIN_BYTES = 50 * 2 ** 20;
/** Runs whose progress line is on screen now. */
const shown = new WeakSet<CliIO>();
/** Runs that have started their output (or ended): no progress line any more. */
const stopped = new WeakSet<CliIO>();
/** Runs with signal handlers for their progress line: what takes them away. */
const releaseSignals = new WeakMap<CliIO, () => void>();

/**
 * A one-line `reading big.har 45% (270 of 600 MB)` on stderr while a file is read, only when
 * stderr is a terminal: pipes and logs never see it. It is cleared, for good, before the first
 * byte of output or diagnostics.
 */
export function withProgress(io: CliIO, source: InputSource): InputSource {
  if (source.path === null) return source;
  let total: number;
  try {
    total = statSync(source.path).size;
  } catch {
    return source;
  }
  // Asked last: whether stderr is a terminal can cost a module load (io.ts, isTerminal).
  if (total < (io.progressMinBytes ?? DEFAULT_MIN_BYTES) || total === 0 || !io.stderrIsTTY) return source;
  let last = 0;
  return {
    ...source,
    onProgress: (bytesRead) => {
      if (stopped.has(io)) return;
      const now = Date.now();
      if (now - last < INTERVAL_MS && bytesRead < total) return;
      last = now;
      const mb = (n: number) => Math.round(n / 1e6);
      io.stderr.write(`\r\u001b[Kreading ${visibleText(source.name)} ${Math.floor((100 * bytesRead) / total)}% (${mb(bytesRead)} of ${mb(total)} MB)`);
      shown.add(io);
      // Only while the line may be drawn: later, a JavaScript handler would hold a signal back
      // while a write waits on a full pipe (src/cli/stdout.ts), where the default action ends us.
      if (!releaseSignals.has(io)) releaseSignals.set(io, clearProgressOnSignals(io, processSignals));
    },
  };
}

/** Clears the progress line, if one is drawn, and draws no more this run (output has begun). */
export function stopProgress(io: CliIO): void {
  stopped.add(io);
  clearProgress(io);
  releaseSignals.get(io)?.();
  releaseSignals.delete(io);
}

/** Clears the progress line, if one is drawn, for a diagnostic line; it is drawn again on the next step. */
export function clearProgress(io: CliIO): void {
  if (shown.has(io)) {
    io.stderr.write('\r\u001b[K');
    shown.delete(io);
  }
}

/** What clearProgressOnSignals needs of the process (tests hand in their own). */
export interface SignalPort {
  on(signal: NodeJS.Signals, handler: () => void): void;
  off(signal: NodeJS.Signals, handler: () => void): void;
  exit(code: number): void;
  /** The handlers for a signal, ours included. */
  listeners(signal: NodeJS.Signals): number;
}

const processSignals: SignalPort = {
  on: (signal, handler) => process.on(signal, handler),
  off: (signal, handler) => process.off(signal, handler),
  exit: (code) => process.exit(code),
  listeners: (signal) => process.listenerCount(signal),
};

/**
 * Ctrl-C or a kill while the progress line is drawn: clear it, then end as the signal would —
 * unless the command listens for the signal itself (`har record` writes its HAR on Ctrl-C), which
 * then decides when to exit. Returns what takes the handlers away again.
 */
export function clearProgressOnSignals(io: CliIO, port: SignalPort): () => void {
  const handlers = ([['SIGINT', 130], ['SIGTERM', 143]] as const).map(([signal, code]) => {
    const handler = () => {
      const alone = port.listeners(signal) <= 1;
      stopProgress(io);
      if (alone) port.exit(code);
    };
    port.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) port.off(signal, handler);
  };
}
