import { createHash, createHmac, randomBytes } from 'node:crypto';

/** What every redacted value becomes: `REDACTED-` and 12 hex digits of a keyed hash of the value. */
export const PLACEHOLDER_PREFIX = 'REDACTED-';
const PLACEHOLDER = /^REDACTED-[0-9a-f]{12}$/;
const CONTAINS_PLACEHOLDER = /REDACTED-[0-9a-f]{12}/;

/** A value that is already a placeholder (or holds one) is never redacted again: redacting twice equals once. */
export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value);
}

export function containsPlaceholder(value: string): boolean {
  return value.includes(PLACEHOLDER_PREFIX) && CONTAINS_PLACEHOLDER.test(value);
}

/** The HMAC key: from `salt` when given (stable placeholders across runs), else random for this run. */
export function redactionKey(salt?: string): Buffer {
  if (salt === undefined) return randomBytes(32);
  return createHash('sha256').update('harknife-redact\0').update(salt, 'utf8').digest();
}

const CACHE_LIMIT = 10_000;

/**
 * One secret, one placeholder: the same value gets the same placeholder everywhere in a run, so
 * "this cookie was sent by these requests" survives; without the key nobody can test a guess.
 */
export class Placeholders {
  private readonly cache = new Map<string, string>();

  constructor(private readonly key: Buffer) {}

  for(secret: string): string {
    const cached = this.cache.get(secret);
    if (cached !== undefined) return cached;
    const placeholder = PLACEHOLDER_PREFIX + createHmac('sha256', this.key).update(secret, 'utf8').digest('hex').slice(0, 12);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(secret, placeholder);
    return placeholder;
  }
}
