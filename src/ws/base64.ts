/**
 * Strict base64 for CDP's binary payloads (standard alphabet, padded). Node's Buffer decoder
 * skips characters it doesn't know, which would turn a corrupt frame into plausible bytes.
 */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function isStrictBase64(text: string): boolean {
  if (!BASE64.test(text)) return false;
  const remainder = text.length % 4;
  return remainder !== 1 && (remainder === 0 || !text.endsWith('='));
}

/** Decoded length without decoding (frames can be many MB); null when not strict base64. */
export function base64ByteLength(text: string): number | null {
  if (!isStrictBase64(text)) return null;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor(((text.length - padding) * 3) / 4);
}

export function decodeBase64(text: string): Uint8Array | null {
  return isStrictBase64(text) ? Buffer.from(text, 'base64') : null;
}
