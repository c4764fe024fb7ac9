import { readFileSync } from 'node:fs';
import type { InputSource } from '../../src/read/input.js';
import { ROOT } from '../helpers/cli.js';

export const NOTEBOOK6 = `${ROOT}samples/notebook6-session.har`;
export const V1 = `${ROOT}samples/jupyter-server-v1.har`;
export const V1_PLAYWRIGHT = `${ROOT}samples/jupyter-server-v1.playwright.har`;
export const LIMITS = `${ROOT}samples/jupyter-server-limits.har`;

export function fileSource(path: string): InputSource {
  return { name: path.slice(ROOT.length), path };
}

export function bytesSource(name: string, bytes: Buffer | string): InputSource {
  return { name, path: null, bytes: Buffer.from(bytes) };
}

/** A sample HAR with every WebSocket entry's frames cut to the first `keep` (a capture that ends early). */
export function truncatedHar(path: string, keep: (frames: unknown[]) => unknown[]): Buffer {
  const har = JSON.parse(readFileSync(path, 'utf8')) as { log: { entries: { _webSocketMessages?: unknown[] }[] } };
  for (const entry of har.log.entries) if (Array.isArray(entry._webSocketMessages)) entry._webSocketMessages = keep(entry._webSocketMessages);
  return Buffer.from(JSON.stringify(har));
}

export async function collect<T>(records: AsyncIterable<T> | Promise<T[]>): Promise<T[]> {
  if (records instanceof Promise) return records;
  const out: T[] = [];
  for await (const record of records) out.push(record);
  return out;
}
