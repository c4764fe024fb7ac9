/** Issue 13 #1, #6, #21: inputs are closed whatever happens, and a pipe is never opened twice. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readHar } from '../../src/read/har.js';
import { HAR_BIN, ROOT, runHar } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'harknife-handles-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const SAMPLE = readFileSync(join(ROOT, 'samples', 'notebook6-session.har'));

/** This process's open descriptors that point at `path`. */
function openOn(path: string): number {
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === path) count++;
    } catch {
      // Closed while listing.
    }
  }
  return count;
}

test('issue 13 #6: a gzip of a gzip is refused and its file closed at once (no close on garbage collection)', async () => {
  const path = join(dir, 'double.har.gz');
  // Big enough (4 MB, incompressible) that the file is still being read when the error comes.
  writeFileSync(path, gzipSync(gzipSync(randomBytes(4 << 20))));
  const result = await runHar(['stats', '-f', 'json', path]);
  assert.equal(result.code, 5);
  assert.match(result.stderr, /not valid JSON: Unexpected byte 0x1f/);
  assert.equal(openOn(path), 0, 'the file is closed when the command returns');
});

test('issue 13 #6/#21: break out of readHar closes the file, plain and gzip', async () => {
  for (const [name, bytes] of [['plain.har', SAMPLE], ['zipped.har.gz', gzipSync(SAMPLE)]] as const) {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    let seen = 0;
    for await (const item of readHar({ name: path, path })) {
      if (item.kind === 'entry' && ++seen === 2) break;
    }
    assert.equal(seen, 2);
    assert.equal(openOn(path), 0, `${name} closed after break`);
  }
});

test('issue 13 #1: a truncated HAR through a FIFO ends with "byte N", no hang', { timeout: 20_000 }, async () => {
  const fifo = join(dir, 'pipe.har');
  execFileSync('mkfifo', [fifo]);
  const child = spawn(process.execPath, [HAR_BIN, 'urls', '--raw', fifo], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  // The writer opens the FIFO after har does, as `cat truncated.har > f &` would.
  writeFileSync(fifo, SAMPLE.subarray(0, 5000));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(null);
    }, 15_000);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve(status);
    });
  });
  assert.equal(code, 5, 'exits 5 instead of hanging');
  assert.equal(Buffer.concat(stderr).toString(), `har: ${fifo}: not valid JSON: Unexpected end of JSON input (byte 5000)\n`);
});
