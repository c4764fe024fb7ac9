import { indentTail, toJson, toRaw } from '../write/json.js';
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

/**
 * Writes a JSON array item by item, so a streamed result prints exactly what JSON.stringify of
 * the whole array would, without holding it.
 */
export class ArrayWriter {
  private count = 0;

  constructor(
    private readonly out: Output,
    private readonly compact: boolean,
  ) {}

  async item(value: unknown): Promise<void> {
    const text = toJson(value, this.compact);
    if (this.compact) await this.out.write(`${this.count === 0 ? '[' : ','}${text}`);
    else await this.out.write(`${this.count === 0 ? '[\n  ' : ',\n  '}${indentTail(text, '  ')}`);
    this.count++;
  }

  async close(): Promise<void> {
    if (this.count === 0) await this.out.write('[]\n');
    else await this.out.write(this.compact ? ']\n' : '\n]\n');
  }
}
