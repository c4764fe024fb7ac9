import { indentTail, toJson } from './json.js';
import type { Output } from './output.js';

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
