/**
 * Replays a taped real `har record` session (scripts/capture/record-tape.mjs): the CDP events the
 * recorder received, and the browser's answers to what it asked, through a stand-in connection.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { CdpConnection } from '../../src/record/browser.js';

export interface TapeItem {
  kind: 'event' | 'send';
  method: string;
  params: unknown;
  result?: unknown;
  error?: string;
}

export interface Tape {
  cells: { beforeReload: string[]; afterReload: string[] };
  chromium: string;
  tape: TapeItem[];
  /** What `--live` printed during the taped session. */
  live: Record<string, unknown>[];
}

export const TAPE_PATH = new URL('../../../test/fixtures/record/notebook6-reload.tape.json.gz', import.meta.url);

export function readTape(): Tape {
  return JSON.parse(gunzipSync(readFileSync(TAPE_PATH)).toString('utf8')) as Tape;
}

/** A CDP connection that answers from the tape; `play()` then delivers the taped events in order. */
export function tapedConnection(tape: Tape): { cdp: CdpConnection; play(): Promise<void> } {
  const listeners = new Map<string, (params: unknown) => void>();
  const answers = new Map<string, TapeItem>();
  for (const item of tape.tape) if (item.kind === 'send') answers.set(`${item.method} ${JSON.stringify(item.params)}`, item);
  const cdp: CdpConnection = {
    send: async (method, params) => {
      const answer = answers.get(`${method} ${JSON.stringify(params ?? null)}`);
      if (answer === undefined || answer.error !== undefined) throw new Error(answer?.error ?? `not on the tape: ${method}`);
      return answer.result;
    },
    on: (event, listener) => {
      listeners.set(event, listener);
    },
    detach: async () => undefined,
  };
  return {
    cdp,
    play: async () => {
      for (const item of tape.tape) {
        if (item.kind !== 'event') continue;
        listeners.get(item.method)?.(item.params);
        // Body requests made at loadingFinished are answered before the next event, as live.
        await Promise.resolve();
      }
    },
  };
}
