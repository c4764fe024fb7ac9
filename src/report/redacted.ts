/**
 * `har report --redact`: the redaction library (src/redact, `har redact`) runs before anything
 * is rendered. Each input is redacted into a private temporary copy that the report then reads
 * (it reads its inputs more than once); the copies are removed afterwards, whatever happens.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { InputSource } from '../read/input.js';
import { redactHar } from '../redact/index.js';

export async function withRedactedCopies<T>(sources: readonly InputSource[], onWarning: (message: string) => void, use: (redacted: InputSource[]) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'harknife-report-'));
  try {
    const redacted: InputSource[] = [];
    for (const [i, source] of sources.entries()) {
      const path = join(dir, `${i}.har`);
      const out = createWriteStream(path, { mode: 0o600 });
      await redactHar(source, out, { onWarning });
      out.end();
      await finished(out);
      // The page names the file the user gave, not the copy.
      redacted.push({ name: source.name, path });
    }
    return await use(redacted);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
