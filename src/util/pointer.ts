/** One RFC 6901 JSON pointer segment: `~` and `/` inside a key are escaped. */
export function pointerPart(key: string | number): string {
  return typeof key === 'number' ? String(key) : key.replace(/~/g, '~0').replace(/\//g, '~1');
}
