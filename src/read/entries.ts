import { compileFilter, filterFields, type EntryFilterOptions } from '../select/filter.js';
import { projectionOf, readHarBatches, type EntryItem, type ReadHarOptions } from './har.js';
import type { InputSource } from './input.js';
import { parallelEntryBatches } from './parallel.js';
import { planSplit } from './split.js';

export interface FilteredEntryOptions {
  /** Key paths each entry needs (the reader skips the rest unparsed); null keeps entries whole. */
  fields: string[][] | null;
  onWarning?: (message: string) => void;
  /** Checked between batches: a reader that went away (EPIPE) stops the read early. */
  stopped?: () => boolean;
  /** Fields longer than this are left out with a warning, never held (readHar's fieldLimit). */
  fieldLimit?: number;
  /**
   * Regular pretty-printed files of at least this many bytes are read on two threads
   * (src/read/parallel.ts; the CLI's default is PARALLEL_MIN_BYTES). Absent: one thread.
   */
  parallelFrom?: number;
}

/** One input's entries in batches, on two threads when it is big and pretty-printed enough. */
async function* entryBatchesOf(source: InputSource, options: ReadHarOptions, parallelFrom: number | undefined): AsyncGenerator<EntryItem[]> {
  const plan = parallelFrom === undefined ? null : await planSplit(source, parallelFrom);
  if (plan !== null) {
    yield* parallelEntryBatches(source, options, plan);
    return;
  }
  for await (const batch of readHarBatches(source, options)) {
    const entries = batch.filter((item): item is EntryItem & { kind: 'entry' } => item.kind === 'entry');
    if (entries.length > 0) yield entries;
  }
}

/**
 * The entries of every input in order that pass the entry filters. The fields the filters read
 * are added to the projection, so a filter never sees a field the projection left out.
 */
export async function* filteredEntries(
  sources: readonly InputSource[],
  filters: EntryFilterOptions,
  options: FilteredEntryOptions,
): AsyncGenerator<EntryItem> {
  const predicate = compileFilter(filters);
  const project = options.fields === null ? null : projectionOf([...options.fields, ...filterFields(filters)]);
  const stopped = options.stopped ?? (() => false);
  const limit = options.fieldLimit === undefined ? {} : { fieldLimit: options.fieldLimit };
  const readOptions: ReadHarOptions = { project, ...limit, ...(options.onWarning ? { onWarning: options.onWarning } : {}) };
  for (const source of sources) {
    for await (const batch of entryBatchesOf(source, readOptions, options.parallelFrom)) {
      if (stopped()) return;
      for (const item of batch) if (predicate === null || predicate(item.entry)) yield item;
    }
  }
}
