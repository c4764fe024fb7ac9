import { FormatError, HarknifeError, InputError } from '../errors.js';
import { CHUNK_SIZE, readChunks, type InputSource, type ReadChunksOptions } from './input.js';
import { locate } from './locate.js';
import { JsonScanner } from './scanner.js';
import { ScanError, type ScanListener } from './scan-listener.js';

/** A ScanError as the reader reports it: "not valid JSON: … (byte N, line L column C)" (exit 5). */
export async function scanFailure(source: InputSource, error: ScanError): Promise<HarknifeError> {
  const what = error.overLimit ? `${error.reason}, more than harknife reads` : `not valid JSON: ${error.reason}`;
  return new FormatError(source.name, `${what} (${await locate(source, error.offset)})`);
}

/** A failure of the read itself: our own errors pass through, anything else is an unreadable input (exit 4). */
function readFailure(source: InputSource, error: unknown): HarknifeError {
  if (error instanceof HarknifeError) return error;
  return new InputError(source.name, `cannot read (${(error as Error).message})`);
}

export interface ScanChunksOptions extends ReadChunksOptions {
  /** A scanner to go on with (part of the input already written to it) instead of a new one. */
  scanner?: JsonScanner;
}

/**
 * Feeds every chunk of `source` to a scanner driving `listener`, and yields each chunk once it
 * has been scanned, so a caller can hand out what the listener collected. Read failures and
 * invalid JSON come out as HarknifeErrors that name the input and the place; an error thrown by
 * the listener itself is a bug and passes through untouched (the CLI reports it as exit 70).
 */
export async function* scanChunks(source: InputSource, listener: ScanListener, options: ScanChunksOptions = {}): AsyncGenerator<Buffer> {
  const scanner = options.scanner ?? new JsonScanner(listener);
  const buffer = options.reuseBuffer === true && options.buffer === undefined ? scanner.inputBuffer(CHUNK_SIZE) : options.buffer;
  const chunks = readChunks(source, { ...options, buffer });
  const scan = async (step: () => void): Promise<void> => {
    try {
      step();
    } catch (error) {
      throw error instanceof ScanError ? await scanFailure(source, error) : error;
    }
  };
  let sawBytes = false;
  try {
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (error) {
        throw readFailure(source, error);
      }
      if (next.done === true) break;
      sawBytes = true;
      await scan(() => scanner.write(next.value));
      yield next.value;
    }
  } finally {
    // An early stop (break, EPIPE) closes the file too.
    await chunks.return(undefined);
  }
  // A read that stops before the end of the input (the first half of a parallel read) is not the whole document.
  if (options.end !== undefined) return;
  if (!sawBytes) throw new FormatError(source.name, 'empty input, not JSON');
  await scan(() => scanner.end());
}

/** Streams one whole input through a scanner listener (bounded memory, any size). */
export async function scanSource(source: InputSource, listener: ScanListener): Promise<void> {
  for await (const _chunk of scanChunks(source, listener)) {
    // The listener does the work.
  }
}
