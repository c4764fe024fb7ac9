/**
 * Small facts about values read from captures, defined once: a capture can hold anything, so
 * code asks these instead of trusting a field's declared type.
 */

/** A JSON object: not null, not an array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The string, or '' for anything else. */
export function stringOrEmpty(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The string, or null for anything else. */
export function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A finite number, or null for anything else (NaN, ±Infinity from `1e999`, strings). */
export function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Sets an own property, as JSON.parse does, even for `__proto__`, which plain assignment would
 * turn into a change of the object's prototype.
 */
export function setOwn<V>(target: Record<string, V>, key: string, value: V): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

/**
 * `text` as a string of its own. V8 keeps a slice of a longer string as a view that holds all of
 * the longer one, and a joined string as its two parts: the line of a cell's code kept for a
 * whole capture would keep all of the code. Short pieces kept long are detached with this.
 */
export function detached(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
