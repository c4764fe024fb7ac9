/**
 * What a WebSocket HAR entry says about its connection: kernel and client session from the
 * URL, negotiated subprotocol from the 101 response's Sec-WebSocket-Protocol header (jupyter_server
 * offers `v1.kernel.websocket.jupyter.org`; no header means the legacy JSON/binary protocol).
 */
import type { Entry } from 'har-format';

export interface KernelChannelIds {
  kernel_id: string | null;
  session_id: string | null;
}

const CHANNELS_PATH = /\/api\/kernels\/([^/]+)\/channels\/?$/;

/** kernel_id and session_id from `…/api/kernels/<id>/channels?session_id=…`; nulls for any other URL. */
export function kernelChannelIds(url: unknown): KernelChannelIds {
  const none = { kernel_id: null, session_id: null };
  if (typeof url !== 'string') return none;
  let parsed: URL;
  try {
    parsed = new URL(url, 'ws://relative.invalid/');
  } catch {
    return none;
  }
  const match = CHANNELS_PATH.exec(parsed.pathname);
  if (match === null) return none;
  const session = parsed.searchParams.get('session_id');
  return { kernel_id: safeDecode(match[1]!), session_id: session === null || session === '' ? null : session };
}

/** A URL component decoded, or as it is when it is not valid percent-encoding. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The 101 response's `Sec-WebSocket-Protocol` (any case); null when absent or empty. */
export function negotiatedProtocol(entry: unknown): string | null {
  const headers = field(field(entry, 'response'), 'headers');
  if (!Array.isArray(headers)) return null;
  for (const header of headers) {
    const name = field(header, 'name');
    const value = field(header, 'value');
    if (typeof name === 'string' && name.toLowerCase() === 'sec-websocket-protocol' && typeof value === 'string') {
      const protocol = value.trim();
      if (protocol !== '') return protocol;
    }
  }
  return null;
}

/** Chrome marks WebSocket entries with `_resourceType` and `_webSocketMessages`; others only with the URL scheme or a 101. */
export function isWebSocketEntry(entry: Entry | unknown): boolean {
  if (field(entry, '_resourceType') === 'websocket') return true;
  if (Array.isArray(field(entry, '_webSocketMessages'))) return true;
  const url = field(field(entry, 'request'), 'url');
  if (typeof url === 'string' && /^wss?:\/\//i.test(url)) return true;
  return field(field(entry, 'response'), 'status') === 101;
}

export function entryUrl(entry: unknown): string | null {
  const url = field(field(entry, 'request'), 'url');
  return typeof url === 'string' ? url : null;
}

/** A property of something that may not be an object. */
export function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
