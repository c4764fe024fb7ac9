export interface ValueCount<T> {
  value: T;
  count: number;
}

/** Counts of each distinct value, most frequent first; ties keep first-seen order. */
export async function countValues<T>(values: AsyncIterable<T>): Promise<ValueCount<T>[]> {
  const counts = new Map<T, number>();
  for await (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  // orderBy is a stable sort: ties keep first-seen order. Loaded here, not at start-up (~11 ms).
  const { default: orderBy } = await import('lodash/orderBy.js');
  return orderBy([...counts.entries()].map(([value, count]) => ({ value, count })), ['count'], ['desc']);
}
