import { toJson, toRaw } from './json.js';
import type { Output } from './output.js';
import { iterate } from '../select/path.js';

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
function squashOnce(value: unknown): unknown[] {
  return iterate(value) ?? [value];
}

export async function emitSquashed(out: Output, value: unknown, levels: number, options: EmitOptions): Promise<void> {
  if (levels <= 0) return emitDocument(out, value, options);
  for (const item of squashOnce(value)) {
    if (out.isClosed) return;
    await emitSquashed(out, item, levels - 1, options);
  }
}
