/**
 * Writes the recorded log as a HAR file in DevTools' layout (two-space indented JSON), one
 * entry at a time so that the whole document is never one string in memory.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { harEntry, harPage } from './har-entry.js';
import type { NetworkLog } from './network-log.js';

export interface HarCreator {
  name: string;
  version: string;
  comment?: string;
}

/** Indents a JSON text by `depth` levels of two spaces (JSON strings hold no raw newlines). */
function indented(value: unknown, depth: number): string {
  const pad = '  '.repeat(depth);
  return pad + JSON.stringify(value, null, 2).replace(/\n/g, `\n${pad}`);
}

export function* harChunks(log: NetworkLog, creator: HarCreator): Generator<string> {
  yield `{\n  "log": {\n    "version": "1.2",\n    "creator": ${indented(creator, 2).trimStart()},\n`;
  yield `    "pages": ${log.pages.length === 0 ? '[]' : `[\n${log.pages.map((p) => indented(harPage(p), 3)).join(',\n')}\n    ]`},\n`;
  yield '    "entries": [';
  let first = true;
  for (const request of log.requests) {
    yield `${first ? '\n' : ',\n'}${indented(harEntry(request), 3)}`;
    first = false;
  }
  yield `${first ? '' : '\n    '}]\n  }\n}\n`;
}

/** Writes the HAR to `path` (mode 0600: it holds whatever the session held). */
export async function writeHar(path: string, log: NetworkLog, creator: HarCreator): Promise<void> {
  const out = createWriteStream(path, { mode: 0o600 });
  const failed = once(out, 'error').then(([error]) => {
    throw error;
  });
  const write = async () => {
    for (const chunk of harChunks(log, creator)) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  };
  await Promise.race([write(), failed]);
}
