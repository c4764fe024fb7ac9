import { createRequire } from 'node:module';
import type { RE2JS as RE2JSClass } from 're2js';

let loaded: typeof RE2JSClass | undefined;

/**
 * re2js, the linear-time engine every user regular expression goes through, loaded on first use:
 * it is ~300 kB of JavaScript that most runs (no --url, no redact pattern) never touch, and
 * loading it up front cost every `har urls` ~5 ms.
 */
export function re2(): typeof RE2JSClass {
  loaded ??= (createRequire(import.meta.url)('re2js') as typeof import('re2js')).RE2JS;
  return loaded;
}
