/** JSON text as jq prints it: `-c` has no spaces; the default indents by two. */
export function toJson(value: unknown, compact: boolean): string {
  const text = compact ? JSON.stringify(value) : JSON.stringify(value, null, 2);
  // JSON.stringify returns undefined for undefined; an absent value prints as null.
  return text ?? 'null';
}

/** Text for `-r/--raw`: strings unquoted, anything else as JSON. */
export function toRaw(value: unknown, compact: boolean): string {
  return typeof value === 'string' ? value : toJson(value, compact);
}

/** Indents every line but the first, to nest a pretty-printed value in a streamed array. */
export function indentTail(text: string, indent: string): string {
  return text.includes('\n') ? text.replace(/\n/g, `\n${indent}`) : text;
}
