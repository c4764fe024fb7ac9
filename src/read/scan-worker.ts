/**
 * The second thread of a parallel read (src/read/parallel.ts): reads `log.entries` from an entry
 * boundary to the end of the file, as the one-thread reader would have read it, and posts one
 * message per chunk read, in order: the entries it kept and the warnings it met. Compiled, it is
 * dist/src/read/scan-worker.js; bundled, dist/bin/scan-worker.cjs (scripts/bundle.mjs).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FormatError, InputError } from '../errors.js';
import { harListener, type EntryProjection, type HarEntry, type HarWarning } from './har.js';
import { scanChunks } from './scan-source.js';
import { JsonScanner } from './scanner.js';
import { adoptModule } from './string-simd.js';

export interface ScanWorkerData {
  name: string;
  path: string;
  /** File offset of the first entry to read. */
  start: number;
  /** Offset of `start` as the one-thread scanner counts it (after a BOM). */
  offset: number;
  project: EntryProjection | null;
  fieldLimit?: number;
  /** `log` keys read before `log.entries`: one given again after it is a duplicate. */
  headerKeys: string[];
  /** The scanner's WebAssembly module, compiled by the first thread (null: none there either). */
  wasmModule: object | null;
}

/** A failure, rebuilt as the same error on the other side. */
export type WorkerFailure = { kind: 'format' | 'input'; file: string; what: string } | { kind: 'bug'; message: string; stack: string };

export type WorkerMessage =
  /** One chunk read: `indices` count entries from `start`. `kept` is what the entries hold, in bytes. */
  | { type: 'chunk'; bytes: number; indices: number[]; entries: HarEntry[]; warnings: HarWarning[]; kept: number }
  | { type: 'end'; warnings: HarWarning[] }
  | { type: 'error'; warnings: HarWarning[]; failure: WorkerFailure };

export type MainMessage = { type: 'ack'; kept: number } | { type: 'stop' };

/** What the worker may hold posted but not yet taken before it pauses. */
export const QUEUE_BYTES = 16 * 2 ** 20;

/** The scanner is put where the first thread stands at the cut: inside `log.entries`, between two entries. */
const PREFIX = Buffer.from('{"log":{"entries":[');

function failureOf(error: unknown): WorkerFailure {
  if (error instanceof FormatError) return { kind: 'format', file: error.file, what: error.what };
  if (error instanceof InputError) return { kind: 'input', file: error.file, what: error.what };
  const failure = error instanceof Error ? error : new Error(String(error));
  return { kind: 'bug', message: failure.message, stack: failure.stack ?? '' };
}

async function scanSecondHalf(data: ScanWorkerData): Promise<void> {
  const port = parentPort!;
  if (data.wasmModule !== null) adoptModule(data.wasmModule);
  const warnings: HarWarning[] = [];
  const listener = harListener(data.name, { project: data.project, ...(data.fieldLimit === undefined ? {} : { fieldLimit: data.fieldLimit }) }, (warning) => warnings.push(warning));
  for (const key of data.headerKeys) listener.log[key] = null;
  const scanner = new JsonScanner(listener, { offset: data.offset - PREFIX.length });
  scanner.write(PREFIX);
  listener.items.length = 0;

  let outstanding = 0;
  let stopped = false;
  let wake: (() => void) | null = null;
  port.on('message', (message: MainMessage) => {
    if (message.type === 'stop') stopped = true;
    else outstanding -= message.kept;
    if (wake !== null && (stopped || outstanding <= QUEUE_BYTES / 2)) {
      wake();
      wake = null;
    }
  });
  const post = (message: WorkerMessage) => port.postMessage(message);
  let kept = 0;
  try {
    for await (const chunk of scanChunks({ name: data.name, path: data.path }, listener, { reuseBuffer: true, start: data.start, scanner })) {
      if (stopped) break;
      const items = listener.items.splice(0);
      const indices: number[] = [];
      const entries: HarEntry[] = [];
      for (const item of items) {
        if (item.kind !== 'entry') continue;
        indices.push(item.index);
        entries.push(item.entry);
      }
      const size = listener.keptBytes - kept;
      kept = listener.keptBytes;
      post({ type: 'chunk', bytes: chunk.length, indices, entries, warnings: warnings.splice(0), kept: size });
      outstanding += size;
      if (outstanding > QUEUE_BYTES && !stopped) await new Promise<void>((resolve) => (wake = resolve));
    }
    if (!stopped) post({ type: 'end', warnings: warnings.splice(0) });
  } catch (error) {
    post({ type: 'error', warnings: warnings.splice(0), failure: failureOf(error) });
  } finally {
    port.close();
  }
}

if (parentPort !== null) void scanSecondHalf(workerData as ScanWorkerData);
