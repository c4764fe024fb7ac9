import { FormatError, HarknifeError, InputError } from '../errors.js';
import { readChunks, type InputSource, type ReadChunksOptions } from './input.js';
import { locate } from './locate.js';
import { JsonScanner, ScanError, type ScanListener } from './scanner.js';

/**
 * The error a reader reports for a failure while reading `source`: a ScanError becomes
 * "not valid JSON: … (byte N, line L column C)" (exit 5), our own errors pass through, and
 * anything else is an unreadable input (exit 4).
 */
async function readFailure(source: InputSource, error: unknown): Promise<HarknifeError> {
  if (error instanceof ScanError) {
    const what = error.overLimit ? `${error.reason}, more than harknife reads` : `not valid JSON: ${error.reason}`;
    return new FormatError(source.name, `${what} (${await locate(source, error.offset)})`);
  }
  if (error instanceof HarknifeError) return error;
  return new InputError(source.name, `cannot read (${(error as Error).message})`);
}

/**
 * Feeds every chunk of `source` to a scanner driving `listener`, and yields each chunk once it
 * has been scanned, so a caller can hand out what the listener collected. Failures come out as
 * HarknifeErrors that name the input and the place.
 */
export async function* scanChunks(source: InputSource, listener: ScanListener, options: ReadChunksOptions = {}): AsyncGenerator<Buffer> {
  const scanner = new JsonScanner(listener);
  let sawBytes = false;
  try {
    for await (const chunk of readChunks(source, options)) {
      sawBytes = true;
      scanner.write(chunk);
      yield chunk;
    }
    if (!sawBytes) throw new FormatError(source.name, 'empty input, not JSON');
    scanner.end();
  } catch (error) {
    throw await readFailure(source, error);
  }
}

/** Streams one whole input through a scanner listener (bounded memory, any size). */
export async function scanSource(source: InputSource, listener: ScanListener): Promise<void> {
  for await (const _chunk of scanChunks(source, listener)) {
    // The listener does the work.
  }
}
