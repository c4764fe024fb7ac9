import orderBy from 'lodash/orderBy.js';

export interface ValueCount<T> {
  value: T;
  count: number;
}

/** Counts of each distinct value, most frequent first; ties keep first-seen order. */
export async function countValues<T>(values: AsyncIterable<T>): Promise<ValueCount<T>[]> {
  const counts = new Map<T, number>();
  for await (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  // orderBy is a stable sort: ties keep first-seen order.
  return orderBy([...counts.entries()].map(([value, count]) => ({ value, count })), ['count'], ['desc']);
}
