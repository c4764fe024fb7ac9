/**
 * Bodies (`postData.text`, `content.text`) and WebSocket frame payloads as the redactor sees
 * them: JSON is redacted as a structure and written back only if it changed, base64 is decoded
 * first (when it holds text) and encoded again, anything else is free text.
 */
import { nestsDeeperThan } from '../kernel/json-text.js';
import { MAX_NESTING } from '../read/scan-listener.js';
import type { Owner, Redactor } from './redactor.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** The strict base64 CDP and exporters write. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BINARY_MIME = /^(image|audio|video|font)\/|octet-stream|application\/(zip|gzip|pdf|wasm)/i;

export function utf8OrNull(bytes: Uint8Array): string | null {
  try {
    return UTF8.decode(bytes);
  } catch {
    return null;
  }
}

function looksLikeJson(text: string, mimeType: string): boolean {
  if (/json/i.test(mimeType)) return true;
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

/**
 * Redacts a text payload held at holder[key]. `onChange(newText, oldText)` runs after the flush
 * when anything in it changed, with the final text.
 */
export function redactTextPayload(
  redactor: Redactor,
  holder: Record<string, unknown>,
  key: string,
  mimeType: string,
  pointer: string,
  onChange: (text: string, before: string) => void,
): void {
  const before = holder[key];
  if (typeof before !== 'string' || before === '') return;
  const owner: Owner = { dirty: false };
  // Deeper than the reader goes anywhere: redacted as text, so a hostile body cannot overflow the stack.
  if (looksLikeJson(before, mimeType) && !nestsDeeperThan(before, MAX_NESTING)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(before);
    } catch {
      parsed = undefined;
    }
    if (parsed !== undefined && typeof parsed === 'object' && parsed !== null) {
      const box = { value: parsed };
      redactor.json(box, 'value', pointer, owner);
      redactor.finally(() => {
        if (owner.dirty) onChange((holder[key] = JSON.stringify(box.value)), before);
      });
      return;
    }
  }
  redactor.text(holder, key, pointer, owner);
  redactor.finally(() => {
    if (owner.dirty) onChange(holder[key] as string, before);
  });
}

/**
 * A base64 payload at holder[key]: decoded, redacted as text when it is UTF-8 text, and encoded
 * again. Binary payloads (images, fonts) are left alone. `onChange` gets the decoded byte lengths.
 */
export function redactBase64Payload(
  redactor: Redactor,
  holder: Record<string, unknown>,
  key: string,
  mimeType: string,
  pointer: string,
  onChange: (bytes: number, bytesBefore: number) => void,
): void {
  const encoded = holder[key];
  if (typeof encoded !== 'string' || encoded === '' || BINARY_MIME.test(mimeType) || !BASE64.test(encoded)) return;
  const bytes = Buffer.from(encoded, 'base64');
  const text = utf8OrNull(bytes);
  if (text === null) return;
  const box: Record<string, unknown> = { text };
  redactTextPayload(redactor, box, 'text', mimeType, pointer, (after) => {
    const encodedAfter = Buffer.from(after, 'utf8');
    holder[key] = encodedAfter.toString('base64');
    onChange(encodedAfter.byteLength, bytes.byteLength);
  });
}
