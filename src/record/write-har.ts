/**
 * Writes the recorded log as a HAR file in DevTools' layout (two-space indented JSON), one
 * entry at a time so that the whole document is never one string in memory.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
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

/**
 * Redaction applied as the document is written (`HarRedaction` of src/redact): log members and
 * entries are redacted in place before their text exists, so no unredacted copy is ever written.
 */
export interface HarRedactor {
  logField<T>(name: string, value: T): T;
  entry<T extends object>(entry: T, index: number): T;
}

const AS_IS: HarRedactor = { logField: (_name, value) => value, entry: (entry) => entry };

export function* harChunks(log: NetworkLog, creator: HarCreator, redactor: HarRedactor = AS_IS): Generator<string> {
  const pages = redactor.logField('pages', log.pages.map(harPage));
  yield `{\n  "log": {\n    "version": "1.2",\n    "creator": ${indented(redactor.logField('creator', creator), 2).trimStart()},\n`;
  yield `    "pages": ${pages.length === 0 ? '[]' : `[\n${pages.map((p) => indented(p, 3)).join(',\n')}\n    ]`},\n`;
  yield '    "entries": [';
  let index = 0;
  for (const request of log.requests) {
    yield `${index === 0 ? '\n' : ',\n'}${indented(redactor.entry(harEntry(request), index), 3)}`;
    index++;
  }
  yield `${index === 0 ? '' : '\n    '}]\n  }\n}\n`;
}

/**
 * Writes the HAR to `path` through a temporary file beside it and a rename, so `path` is never
 * half written (mode 0600: it holds whatever the session held).
 */
export async function writeHar(path: string, log: NetworkLog, creator: HarCreator, redactor?: HarRedactor): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.record-${randomBytes(6).toString('hex')}.tmp`);
  const out = createWriteStream(temporary, { flags: 'wx', mode: 0o600 });
  const failed = once(out, 'error').then(([error]) => {
    throw error;
  });
  const write = async () => {
    for (const chunk of harChunks(log, creator, redactor)) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  };
  try {
    await Promise.race([write(), failed]);
    await rename(temporary, path);
  } catch (error) {
    out.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
}
