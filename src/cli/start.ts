import { setFlagsFromString } from 'node:v8';
import { installProcessHandlers } from './epipe.js';
import { processIO, type CliIO } from './io.js';
import { setWholeDocumentLimit } from '../read/whole-document.js';

export interface StartOptions {
  /**
   * Commands run with V8's heap growth step at 30 % instead of up to 4× what survived the last
   * full GC. A last resort after the library changes (bench/notes.md, "har notebook memory"):
   * `har notebook` keeps every output of the capture to the end, and on the 600 MB bench file
   * that headroom alone broke the 200 MiB target, for about the same CPU time.
   */
  tightHeapFor?: readonly string[];
}

/**
 * Runs a bin's `main` as the process: its arguments, its streams, quiet EPIPE, the progress line
 * cleared on signals, and the exit code. The one start of both bins, compiled (dist/src/bin) or
 * bundled (dist/bin); it needs no top-level await, which a CommonJS bundle cannot have.
 */
export function startProcess(main: (argv: string[], io: CliIO) => Promise<number>, options: StartOptions = {}): Promise<void> {
  const argv = process.argv.slice(2);
  const command = argv.find((arg) => !arg.startsWith('-'));
  if (command !== undefined && options.tightHeapFor?.includes(command) === true) setFlagsFromString('--heap-growing-percent=30');
  // For measurements and for telling the two readers apart: 0 streams every file (bench/notes.md).
  const wholeLimit = process.env['HARKNIFE_WHOLE_DOCUMENT_LIMIT'];
  if (wholeLimit !== undefined && /^[0-9]+$/.test(wholeLimit)) setWholeDocumentLimit(Number(wholeLimit));
  const io = processIO();
  installProcessHandlers(io);
  return main(argv, io).then((code) => {
    process.exitCode = code;
  });
}
