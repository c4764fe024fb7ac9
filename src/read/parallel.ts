/**
 * Reads the entries of one big pretty-printed HAR file on two threads: this one reads up to an
 * entry boundary past the middle (src/read/split.ts) while a worker (scan-worker.ts) reads from
 * there to the end; the worker's entries are handed out after this thread's, in order. What
 * comes out — entries, their indexes, warnings and their order, the error that stops a bad file
 * and which entries were handed out before it — is what the one-thread reader (readHarBatches)
 * gives: entries are handed out per 1 MiB chunk of the file, both threads cut their chunks where
 * one thread would, and the chunk the boundary falls in is handed out whole or not at all.
 */
import { channel as diagnosticsChannel } from 'node:diagnostics_channel';
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import { FormatError, InputError } from '../errors.js';
import { harListener, harWarningText, type EntryItem, type HarItem, type HarListener, type HarWarning, type ReadHarOptions } from './har.js';
import { CHUNK_SIZE, type InputSource } from './input.js';
import { scanChunks } from './scan-source.js';
import { JsonScanner } from './scanner.js';
import { compiledModule } from './string-simd.js';
import type { MainMessage, ScanWorkerData, WorkerFailure, WorkerMessage } from './scan-worker.js';
import type { SplitPlan } from './split.js';

/**
 * Says how each parallel read went, for tests and diagnostics (node:diagnostics_channel; nothing
 * is done without a subscriber): { file, cut, threads: 2 }, or threads: 1 when the first thread
 * found itself elsewhere than between two entries at the cut and read on alone.
 */
export const PARALLEL_READ_CHANNEL = 'harknife:parallel-read';
const readsChannel = diagnosticsChannel(PARALLEL_READ_CHANNEL);

type Say = (warning: HarWarning, base?: number) => void;

/** Depth of the entries array's elements, as the scanner counts open containers (root, log, entries). */
const ENTRIES_DEPTH = 3;

/**
 * The worker starts once this thread has read this far: a reader that stops within the first
 * records (--limit, `| head`) never waits for a thread to start and stop, and the worker starts
 * a few milliseconds later than it could.
 */
const START_AFTER = 4 * 2 ** 20;

/** The worker module beside this one: compiled (scan-worker.js) or bundled (dist/bin/scan-worker.cjs). */
function workerFile(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.cjs') ? './scan-worker.cjs' : './scan-worker.js', here);
}

function entriesIn(items: HarItem[]): EntryItem[] {
  const entries: EntryItem[] = [];
  for (const item of items) if (item.kind === 'entry') entries.push({ file: item.file, index: item.index, entry: item.entry });
  return entries;
}

function rebuild(failure: WorkerFailure): Error {
  if (failure.kind === 'bug') {
    const error = new Error(failure.message);
    error.stack = failure.stack;
    return error;
  }
  return failure.kind === 'format' ? new FormatError(failure.file, failure.what) : new InputError(failure.file, failure.what);
}

/** The worker's messages in order, pulled one at a time; a worker that dies without a last word is a bug. */
class WorkerChannel {
  private readonly queue: WorkerMessage[] = [];
  private waiting: (() => void) | null = null;
  private failure: Error | null = null;
  private exited = false;
  private readonly exit: Promise<void>;

  constructor(private readonly worker: Worker) {
    worker.on('message', (message: WorkerMessage) => this.push(message));
    worker.on('error', (error) => this.fail(error));
    this.exit = new Promise((resolve) =>
      worker.once('exit', (code) => {
        this.exited = true;
        this.fail(new Error(`the second reading thread stopped (exit code ${code})`));
        resolve();
      }),
    );
  }

  private push(message: WorkerMessage): void {
    this.queue.push(message);
    this.waiting?.();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.waiting?.();
  }

  async next(): Promise<WorkerMessage> {
    for (;;) {
      const message = this.queue.shift();
      if (message !== undefined) return message;
      if (this.failure !== null) throw this.failure;
      await new Promise<void>((resolve) => (this.waiting = resolve));
      this.waiting = null;
    }
  }

  send(message: MainMessage): void {
    if (!this.exited) this.worker.postMessage(message);
  }

  /** Asks the worker to stop after its chunk (it closes its file) and waits until it has. */
  async stop(): Promise<void> {
    this.send({ type: 'stop' });
    await this.exit;
  }
}

/**
 * The entry batches of `source` read on two threads, cut as `plan` says. When the first thread
 * does not stand between two entries of `log.entries` at the cut (indentation that lied), it
 * reads on alone and the worker's part is dropped unread.
 */
export async function* parallelEntryBatches(source: InputSource, options: ReadHarOptions, plan: SplitPlan): AsyncGenerator<EntryItem[]> {
  const warn = options.onWarning ?? (() => undefined);
  const say: Say = (warning, base = 0) => warn(harWarningText(source.name, warning, base));
  const listener = harListener(source.name, options, (warning) => say(warning));
  const scanner = new JsonScanner(listener);
  const cut = plan.start;
  // The chunk the cut falls in belongs to both threads: its first part is handed out with the rest of it.
  const cutInChunk = cut % CHUNK_SIZE !== 0;
  let channel: WorkerChannel | null = null;
  let held: EntryItem[] = [];
  try {
    for await (const _chunk of scanChunks(source, listener, { reuseBuffer: true, end: cut, scanner })) {
      if (channel === null && listener.outline.sawEntries && scanner.bytesConsumed >= START_AFTER) channel = startWorker(source, options, plan, Object.keys(listener.log));
      const entries = entriesIn(listener.items.splice(0));
      if (cutInChunk && scanner.bytesConsumed + plan.bom === cut) held = entries;
      else if (entries.length > 0) yield entries;
    }
    if (!listener.inEntries || !scanner.atElementStart(ENTRIES_DEPTH)) {
      await channel?.stop();
      channel = null;
      readsChannel.publish({ file: source.name, cut, threads: 1 });
      yield* readOnAlone(source, listener, scanner, cut, held);
      listener.outline.finish();
      return;
    }
    channel ??= startWorker(source, options, plan, Object.keys(listener.log));
    readsChannel.publish({ file: source.name, cut, threads: 2 });
    yield* workerBatches(source, listener, say, channel, cut, held);
  } finally {
    await channel?.stop();
  }
}

function startWorker(source: InputSource, options: ReadHarOptions, plan: SplitPlan, headerKeys: string[]): WorkerChannel {
  const data: ScanWorkerData = {
    name: source.name,
    path: plan.path,
    start: plan.start,
    offset: plan.start - plan.bom,
    project: options.project ?? null,
    headerKeys,
    wasmModule: compiledModule(),
    ...(options.fieldLimit === undefined ? {} : { fieldLimit: options.fieldLimit }),
  };
  // Required here: loading node:worker_threads costs every start ~1 ms, and most files are read on one thread.
  const { Worker: WorkerThread } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  return new WorkerChannel(new WorkerThread(workerFile(), { workerData: data }));
}

/** The rest of the file on this thread, after a cut that was not between two entries. */
async function* readOnAlone(source: InputSource, listener: HarListener, scanner: JsonScanner, cut: number, held: EntryItem[]): AsyncGenerator<EntryItem[]> {
  let first = true;
  const progress = source.onProgress;
  const rest: InputSource = { name: source.name, path: source.path, ...(progress === undefined ? {} : { onProgress: (bytes: number) => progress(cut + bytes) }) };
  for await (const _chunk of scanChunks(rest, listener, { reuseBuffer: true, start: cut, scanner })) {
    const entries = entriesIn(listener.items.splice(0));
    const batch = first ? [...held, ...entries] : entries;
    first = false;
    if (batch.length > 0) yield batch;
  }
  const last = entriesIn(listener.items.splice(0));
  if (last.length > 0) yield last;
}

/** The worker's entries, numbered on from this thread's, its warnings said as this thread would have. */
async function* workerBatches(source: InputSource, listener: HarListener, say: Say, channel: WorkerChannel, cut: number, held: EntryItem[]): AsyncGenerator<EntryItem[]> {
  const warn = (warnings: HarWarning[]) => {
    for (const warning of warnings) {
      if (warning.duplicate === true) {
        if (listener.warnedDuplicate) continue;
        listener.warnedDuplicate = true;
      }
      say(warning, base);
    }
  };
  const base = listener.entryCount;
  let bytesRead = cut;
  let first = true;
  for (;;) {
    const message = await channel.next();
    warn(message.warnings);
    if (message.type === 'error') throw rebuild(message.failure);
    if (message.type === 'end') return;
    channel.send({ type: 'ack', kept: message.kept });
    source.onProgress?.((bytesRead += message.bytes));
    const entries: EntryItem[] = message.entries.map((entry, i) => ({ file: source.name, index: base + message.indices[i]!, entry }));
    const batch = first ? [...held, ...entries] : entries;
    first = false;
    if (batch.length > 0) yield batch;
  }
}
