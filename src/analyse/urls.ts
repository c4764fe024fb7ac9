/** `har urls`: request URLs of entries, as jqfpy's get("log/entries[]/request/url") gives them. */
import type { EntryItem } from '../read/har.js';

/** The fields `requestUrls` reads, for a projected read. */
export const URL_FIELDS: string[][] = [['request', 'url']];

/** Each entry's request URL (null when it has none); `unique` keeps the first occurrence of each. */
export async function* requestUrls(entries: AsyncIterable<EntryItem>, unique = false): AsyncGenerator<string | null> {
  const seen = unique ? new Set<string | null>() : null;
  for await (const { entry } of entries) {
    const url = entry.request?.url;
    const value = typeof url === 'string' ? url : null;
    if (seen !== null) {
      if (seen.has(value)) continue;
      seen.add(value);
    }
    yield value;
  }
}
