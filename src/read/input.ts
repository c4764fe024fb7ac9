import { closeSync, createReadStream, fstatSync, openSync, promises as fs, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { InputError } from '../errors.js';
import { isNullDevice } from '../util/devices.js';

/** One input named on the command line: a path, or `-` for standard input. */
export interface InputSource {
  /** The name used in messages: the path as given, or `<stdin>`. */
  readonly name: string;
  /** The path to open, or null for standard input. */
  readonly path: string | null;
  /** For tests and library callers: bytes to read instead of a file. */
  readonly bytes?: Buffer;
  /** The stream standard input is read from (default: the process's, see standardInput). */
  readonly stdin?: Readable;
  /** Already decoded chunks (after a peek at the content), read instead of opening anything. */
  readonly decoded?: AsyncIterable<Buffer>;
  /** Called with the count of raw bytes read so far (for a progress line). */
  readonly onProgress?: (bytesRead: number) => void;
}

export const STDIN_NAME = '<stdin>';
/** Bytes per chunk read (a parallel read cuts its chunks where a whole read would). */
export const CHUNK_SIZE = 1 << 20;

/** `[]` and `['-']` both mean standard input. */
export function inputSources(paths: readonly string[] | undefined): InputSource[] {
  if (paths === undefined || paths.length === 0) return [{ name: STDIN_NAME, path: null }];
  return paths.map((p) => (p === '-' ? { name: STDIN_NAME, path: null } : { name: p, path: p }));
}

export function bufferSource(name: string, bytes: Buffer): InputSource {
  return { name, path: null, bytes };
}

function describeOpenError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return `cannot read (${error.code ?? error.message})`;
  }
}

/**
 * Fails with the first input that is missing or a directory, before anything is read or
 * written: a command's output never starts (a table header, `[`) and then stops with exit 4.
 */
export function checkInputs(sources: readonly InputSource[]): void {
  for (const source of sources) {
    if (source.path === null || source.bytes !== undefined) continue;
    let isDirectory: boolean;
    try {
      isDirectory = statSync(source.path).isDirectory();
    } catch (error) {
      throw new InputError(source.name, describeOpenError(error as NodeJS.ErrnoException));
    }
    if (isDirectory) throw new InputError(source.name, 'is a directory');
  }
}

export interface ReadChunksOptions {
  /**
   * Read a plain file into one Buffer, refilled for every chunk: a chunk is only valid until the
   * next one is asked for. About twice as fast as fresh Buffers (no new memory pages to fault in),
   * for callers that copy what they keep (readHar: the scanner copies the token or capture a
   * chunk ends in). gzip, stdin and in-memory inputs are unaffected.
   */
  reuseBuffer?: boolean;
  /**
   * Only bytes [start, end) of a plain file read with `reuseBuffer` (the two halves of a parallel
   * read, src/read/parallel.ts). Chunks stay aligned to multiples of the chunk size in the file,
   * as in a whole read; a read from `start` > 0 is taken as plain bytes (no gzip, no BOM).
   */
  start?: number;
  end?: number;
  /**
   * With `reuseBuffer`: what a regular file is read into, at least a chunk long (a scanner's
   * WebAssembly window, JsonScanner.inputBuffer, which then needs no copy of it).
   */
  buffer?: Buffer | null;
}

/** A file to read with a refilled buffer. */
interface ReusedFile {
  path: string;
  /** Cleared when the bytes turn out to be gzip: zlib keeps the Buffers it is given. */
  reuse: boolean;
  start: number;
  end: number;
  /** A regular file: read synchronously (a FIFO or a device could block the thread). */
  regular: boolean;
  buffer: Buffer | null;
}

/**
 * The process's standard input when it is a pipe, a socket, a file or the null device: read with
 * read(2) on descriptor 0, as jq reads it. process.stdin would load node:net for a pipe and hand
 * every 64 KiB through libuv's stream machinery (~4 ms of a start; bench/notes.md, "Seventh pass").
 */
interface StandardInput {
  descriptor: 0;
  /** As ReusedFile's: cleared for gzip. */
  reuse: boolean;
}

/** Descriptor 0 when it can be read directly, else Node's stream (a terminal: its line discipline and raw mode are Node's). */
function standardInput(options: ReadChunksOptions): StandardInput | Readable {
  try {
    const stat = fstatSync(0);
    if (stat.isFIFO() || stat.isSocket() || stat.isFile() || (stat.isCharacterDevice() && isNullDevice(stat.rdev))) {
      return { descriptor: 0, reuse: options.reuseBuffer === true };
    }
  } catch {
    // A closed descriptor: Node's stream says so in its own words.
  }
  return process.stdin;
}

async function openStream(source: InputSource, options: ReadChunksOptions = {}): Promise<Readable | Buffer | ReusedFile | StandardInput> {
  if (source.bytes !== undefined) return source.bytes;
  if (source.path === null) return source.stdin ?? standardInput(options);
  let regular: boolean;
  try {
    // Synchronous, as the reads of a regular file below: a call through the thread pool leaves the
    // main thread waiting while V8's own threads have the cores (bench/notes.md).
    const stat = statSync(source.path);
    if (stat.isDirectory()) throw new InputError(source.name, 'is a directory');
    regular = stat.isFile();
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(source.name, describeOpenError(error as NodeJS.ErrnoException));
  }
  if (options.reuseBuffer === true) return { path: source.path, reuse: true, start: options.start ?? 0, end: options.end ?? Infinity, regular, buffer: options.buffer ?? null };
  return createReadStream(source.path, { highWaterMark: CHUNK_SIZE });
}

/** How much of `file` to read next from `position`: up to the next multiple of the chunk size (or the end of a range). */
function nextLength(file: ReusedFile, position: number): number {
  return Math.max(0, Math.min(CHUNK_SIZE - (position % CHUNK_SIZE), file.end - position));
}

/**
 * A regular file, read synchronously into one refilled buffer. Reading from the page cache
 * takes a fraction of a millisecond per chunk; handing each read to the thread pool left the
 * thread waiting for the answer (`(idle)` in profiles) longer than the copy takes.
 */
async function* fileChunks(file: ReusedFile, counted: (read: number) => void): AsyncGenerator<Buffer> {
  const fd = openSync(file.path, 'r');
  try {
    let buffer = file.buffer !== null && file.buffer.length >= CHUNK_SIZE ? file.buffer : Buffer.allocUnsafeSlow(CHUNK_SIZE);
    let position = file.start;
    for (;;) {
      const length = nextLength(file, position);
      const read = length === 0 ? 0 : readSync(fd, buffer, 0, length, position);
      if (read === 0) return;
      position += read;
      counted(read);
      yield buffer.subarray(0, read);
      if (!file.reuse) buffer = Buffer.allocUnsafeSlow(CHUNK_SIZE);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Anything else opened by path (a FIFO): read on the thread pool, into two buffers: the next
 * chunk is read into one while the caller works on the other, which is refilled only once the
 * caller asks for the chunk after it.
 */
async function* pooledChunks(file: ReusedFile, counted: (read: number) => void): AsyncGenerator<Buffer> {
  const handle = await fs.open(file.path, 'r');
  let reading = Buffer.allocUnsafeSlow(CHUNK_SIZE);
  let other = Buffer.allocUnsafeSlow(CHUNK_SIZE);
  let position = file.start;
  // A range is read at its offsets; a whole read goes on from where the last one ended (a FIFO cannot seek).
  const ranged = file.start > 0 || file.end !== Infinity;
  const readNext = (into: Buffer) => {
    if (!ranged) return handle.read(into, 0, CHUNK_SIZE, null);
    const length = nextLength(file, position);
    return length === 0 ? Promise.resolve({ bytesRead: 0 }) : handle.read(into, 0, length, position);
  };
  let pending: Promise<{ bytesRead: number }> | null = readNext(reading);
  try {
    for (;;) {
      const read = (await pending).bytesRead;
      pending = null;
      if (read === 0) return;
      position += read;
      counted(read);
      const chunk = reading.subarray(0, read);
      const next = file.reuse ? other : Buffer.allocUnsafeSlow(CHUNK_SIZE);
      other = reading;
      reading = next;
      pending = readNext(reading);
      yield chunk;
    }
  } finally {
    if (pending !== null) await pending.catch(() => undefined);
    await handle.close();
  }
}

/**
 * Descriptor 0, read synchronously. Before each read, which may wait for a writer, the event loop
 * gets a turn: a flush scheduled for a live reader (Output.flushWhenIdle) goes out first. A
 * descriptor that turns out non-blocking (EAGAIN: nothing was read) is handed to process.stdin.
 */
async function* standardInputChunks(input: StandardInput, counted: (read: number) => void): AsyncGenerator<Buffer> {
  const buffer = Buffer.allocUnsafeSlow(CHUNK_SIZE);
  for (;;) {
    await new Promise((resolve) => setImmediate(resolve));
    let read: number;
    try {
      read = readSync(input.descriptor, buffer, 0, CHUNK_SIZE, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      yield* streamChunks(process.stdin, counted);
      return;
    }
    if (read === 0) return;
    counted(read);
    // A pipe gives up to 64 KiB a read: a kept chunk is a copy of its own size, not a 1 MiB buffer.
    yield input.reuse ? buffer.subarray(0, read) : Buffer.from(buffer.subarray(0, read));
  }
}

async function* streamChunks(stream: Readable, counted: (read: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of stream) {
    counted((chunk as Buffer).length);
    yield chunk as Buffer;
  }
}

async function* rawChunks(source: InputSource, stream: Readable | Buffer | ReusedFile | StandardInput): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(stream)) {
    for (let i = 0; i < stream.length; i += CHUNK_SIZE) yield stream.subarray(i, i + CHUNK_SIZE);
    return;
  }
  const onProgress = source.onProgress;
  let bytesRead = 0;
  const counted = (read: number) => onProgress?.((bytesRead += read));
  try {
    if ('descriptor' in stream) yield* standardInputChunks(stream, counted);
    else if ('reuse' in stream) yield* stream.regular ? fileChunks(stream, counted) : pooledChunks(stream, counted);
    else yield* streamChunks(stream, counted);
  } catch (error) {
    throw new InputError(source.name, describeOpenError(error as NodeJS.ErrnoException));
  } finally {
    // A file stream closes its descriptor after destroy() returns: wait for it, so a stopped
    // read has really let go of the file when the reader moves on.
    if (!Buffer.isBuffer(stream) && !('reuse' in stream) && source.path !== null && !stream.closed) {
      const closed = new Promise((resolve) => stream.once('close', resolve));
      stream.destroy();
      await closed;
    }
  }
}

async function* gunzipChunks(source: InputSource, first: Buffer, rest: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  // Required on first use: loading node:zlib costs every start ~1 ms, and few inputs are gzip.
  const gunzip = (createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib')).createGunzip({ chunkSize: CHUNK_SIZE });
  let stopped = false;
  // Waits for room in the inflater, or for its end (an early stop destroys it: no 'drain' comes).
  const room = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        gunzip.off('drain', done);
        gunzip.off('close', done);
        resolve();
      };
      gunzip.on('drain', done);
      gunzip.on('close', done);
    });
  const feed = (async () => {
    try {
      if (!gunzip.write(first)) await room();
      // Leaving this loop (a stop) returns `rest`, which closes the file.
      for await (const chunk of rest) {
        if (stopped) break;
        if (!gunzip.write(chunk)) await room();
        if (stopped) break;
      }
      if (!stopped) gunzip.end();
    } catch (error) {
      gunzip.destroy(error as Error);
    }
  })();
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    if (error instanceof InputError) throw error;
    const reason = (error as Error).message.replace(/\.$/, '');
    throw new InputError(source.name, `corrupt gzip data (${reason})`);
  } finally {
    // Done, failed or stopped early (a reader's break, bad JSON in the inflated bytes): the
    // file is closed before this returns, never left to the garbage collector.
    stopped = true;
    if (!gunzip.destroyed) gunzip.destroy();
    await feed;
  }
}

/**
 * The decompressed bytes of an input, chunk by chunk, with a leading UTF-8 BOM removed.
 * gzip is recognised by its magic bytes, whatever the file is called.
 */
export async function* readChunks(source: InputSource, options: ReadChunksOptions = {}): AsyncGenerator<Buffer> {
  if (source.decoded !== undefined) {
    yield* source.decoded;
    return;
  }
  const stream = await openStream(source, options);
  const reused = !Buffer.isBuffer(stream) && 'reuse' in stream ? stream : null;
  const chunks = rawChunks(source, stream);
  if (reused !== null && 'start' in reused && reused.start > 0) {
    yield* chunks;
    return;
  }
  let body: AsyncGenerator<Buffer> = chunks;
  try {
    let first = await nextNonEmpty(chunks);
    if (first === null) return;
    // Reading on would overwrite a refilled first chunk: keep a copy of it.
    if (first.length < 3) first = await topUp(reused === null ? first : Buffer.from(first), chunks);
    if (first[0] === 0x1f && first[1] === 0x8b) {
      if (reused !== null) {
        reused.reuse = false;
        first = Buffer.from(first);
      }
      body = gunzipChunks(source, first, chunks);
      const inflated = await nextNonEmpty(body);
      if (inflated === null) return;
      first = inflated.length < 3 ? await topUp(inflated, body) : inflated;
    }
    if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) first = first.subarray(3);
    if (first.length > 0) yield first;
    yield* body;
  } finally {
    // Whenever the reader stops (the end, an error, a break after the first chunk), the file closes.
    await body.return(undefined);
    if (body !== chunks) await chunks.return(undefined);
  }
}

async function nextNonEmpty(chunks: AsyncGenerator<Buffer>): Promise<Buffer | null> {
  for (;;) {
    const next = await chunks.next();
    if (next.done === true) return null;
    if (next.value.length > 0) return next.value;
  }
}

/** Makes sure at least three bytes are at hand to test for the gzip magic and the BOM. */
async function topUp(first: Buffer, chunks: AsyncGenerator<Buffer>): Promise<Buffer> {
  let joined = first;
  while (joined.length < 3) {
    const more = await nextNonEmpty(chunks);
    if (more === null) break;
    joined = Buffer.concat([joined, more]);
  }
  return joined;
}

/** Size in bytes of a regular file input, or null when unknown (stdin, gzip is not considered). */
export async function fileSize(source: InputSource): Promise<number | null> {
  if (source.bytes !== undefined) return source.bytes.length;
  if (source.path === null) return null;
  try {
    return statSync(source.path).size;
  } catch {
    return null;
  }
}
