import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { installProcessHandlers } from './epipe.js';
import { processIO, type CliIO } from './io.js';
import { setWholeDocumentLimit, WHOLE_DOCUMENT_LIMIT } from '../read/whole-document.js';

export interface StartOptions {
  /**
   * Commands run with V8's heap growth step at 30 % instead of up to 4× what survived the last
   * full GC. A last resort after the library changes (bench/notes.md, "har notebook memory" and
   * "Memory at 2 GB"): their live heap is a few tens of MB, but that headroom alone took peak
   * RSS past the 200 MiB target, for about the same CPU time.
   */
  tightHeapFor?: readonly string[];
  /** Every run of the bin gets that growth step (kernel-decode: bench/notes.md, "Memory"). */
  tightHeap?: boolean;
}

/**
 * Runs a bin's `main` as the process: its arguments, its streams, quiet EPIPE, the progress line
 * cleared on signals, and the exit code. The one start of both bins, compiled (dist/src/bin) or
 * bundled (dist/bin); it needs no top-level await, which a CommonJS bundle cannot have.
 */
export function startProcess(main: (argv: string[], io: CliIO) => Promise<number>, options: StartOptions = {}): Promise<void> {
  const argv = process.argv.slice(2);
  const command = argv.find((arg) => !arg.startsWith('-'));
  const tight = options.tightHeap === true || (command !== undefined && options.tightHeapFor?.includes(command) === true);
  // For measurements and for telling the two readers apart: 0 streams every file (bench/notes.md).
  const wholeLimit = process.env['HARKNIFE_WHOLE_DOCUMENT_LIMIT'];
  if (wholeLimit !== undefined && /^[0-9]+$/.test(wholeLimit)) setWholeDocumentLimit(Number(wholeLimit));
  const io = processIO();
  if (tight) {
    const inputs = sizeOfInputs(argv);
    if (inputs === 'big') tightenHeap();
    // Standard input's size is known as it is read: a capture of a few MB through a pipe runs as
    // a small file does (loading node:v8 brings node:stream: ~5 ms of a 3 MB run's CPU).
    else if (inputs === 'stdin') {
      let tightened = false;
      io.onStdinRead = (bytesRead) => {
        if (tightened || bytesRead <= WHOLE_DOCUMENT_LIMIT) return;
        tightened = true;
        tightenHeap();
      };
    }
  }
  installProcessHandlers(io);
  return main(argv, io).then((code) => {
    process.exitCode = code;
  });
}

function tightenHeap(): void {
  // Required here, not imported: loading node:v8 is 2–3 ms of a start, and most runs never need it.
  (createRequire(import.meta.url)('node:v8') as typeof import('node:v8')).setFlagsFromString('--heap-growing-percent=30');
}

/**
 * What the run reads, for the heap's growth step: only regular files small enough to be read
 * whole (at most WHOLE_DOCUMENT_LIMIT; the heap never grows to where the tight step matters),
 * standard input (`-`, or no word of argv names a file), or something big (a bigger file, a FIFO or a
 * device, whose size says nothing). The words of argv that name a regular file are taken as the
 * inputs (a command name, an option's value or an output directory names none).
 */
export function sizeOfInputs(argv: readonly string[]): 'small' | 'stdin' | 'big' {
  let files = 0;
  let stdin = false;
  for (const word of argv) {
    if (word === '-') stdin = true;
    if (word.startsWith('-')) continue;
    let size: number;
    try {
      const stat = statSync(word);
      if (stat.isDirectory()) continue;
      if (!stat.isFile()) return 'big';
      size = stat.size;
    } catch {
      continue;
    }
    if (size > WHOLE_DOCUMENT_LIMIT) return 'big';
    files++;
  }
  return files > 0 && !stdin ? 'small' : 'stdin';
}
