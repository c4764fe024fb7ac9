import { statSync } from 'node:fs';
import type { InputSource } from '../read/input.js';
import type { CliIO } from './io.js';

const INTERVAL_MS = 200;
const shown = new WeakSet<CliIO>();

/**
 * A one-line `reading big.har 45% (270 of 600 MB)` on stderr while a file is read, only when
 * stderr is a terminal: pipes and logs never see it.
 */
export function withProgress(io: CliIO, source: InputSource): InputSource {
  if (!io.stderrIsTTY || source.path === null) return source;
  let total: number;
  try {
    total = statSync(source.path).size;
  } catch {
    return source;
  }
  if (total < 50 * 2 ** 20) return source;
  let last = 0;
  return {
    ...source,
    onProgress: (bytesRead) => {
      const now = Date.now();
      if (now - last < INTERVAL_MS && bytesRead < total) return;
      last = now;
      const mb = (n: number) => Math.round(n / 1e6);
      io.stderr.write(`\r\u001b[Kreading ${source.name} ${Math.floor((100 * bytesRead) / total)}% (${mb(bytesRead)} of ${mb(total)} MB)`);
      shown.add(io);
    },
  };
}

/** Clears the progress line, if one was drawn, before the program ends or reports an error. */
export function clearProgress(io: CliIO): void {
  if (shown.has(io)) {
    io.stderr.write('\r\u001b[K');
    shown.delete(io);
  }
}
