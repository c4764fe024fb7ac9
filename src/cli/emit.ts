import { toJson, toRaw } from '../write/json.js';
import type { Output } from '../write/output.js';

export interface EmitOptions {
  compact: boolean;
  raw: boolean;
  showNone: boolean;
}

/** One output document, jqfpy-style: nulls hidden unless asked for. */
export async function emitDocument(out: Output, value: unknown, options: EmitOptions): Promise<void> {
  if ((value === null || value === undefined) && !options.showNone) return;
  await out.write(`${options.raw ? toRaw(value, options.compact) : toJson(value, options.compact)}\n`);
}

/** jqfpy's --squash: arrays give their elements, objects their keys, strings their characters. */
export function squashOnce(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return Array.from(value);
  if (value !== null && typeof value === 'object') return Object.keys(value);
  return [value];
}

export async function emitSquashed(out: Output, value: unknown, levels: number, options: EmitOptions): Promise<void> {
  if (levels <= 0) return emitDocument(out, value, options);
  for (const item of squashOnce(value)) {
    if (out.isClosed) return;
    await emitSquashed(out, item, levels - 1, options);
  }
}

export { ArrayWriter } from '../write/array-writer.js';
