import { compileFilter, filterFields, type EntryFilterOptions } from '../select/filter.js';
import { projectionOf, readEntryBatches, type EntryItem } from './har.js';
import type { InputSource } from './input.js';

export interface FilteredEntryOptions {
  /** Key paths each entry needs (the reader skips the rest unparsed); null keeps entries whole. */
  fields: string[][] | null;
  onWarning?: (message: string) => void;
  /** Checked between batches: a reader that went away (EPIPE) stops the read early. */
  stopped?: () => boolean;
  /** Fields longer than this are left out with a warning, never held (readHar's fieldLimit). */
  fieldLimit?: number;
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
  for await (const batch of readEntryBatches(sources, { project, ...limit, ...(options.onWarning ? { onWarning: options.onWarning } : {}) })) {
    if (stopped()) return;
    for (const item of batch) if (predicate === null || predicate(item.entry)) yield item;
  }
}
