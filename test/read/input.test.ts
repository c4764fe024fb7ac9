import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readChunks } from '../../src/read/input.js';

/** Copies each chunk as it comes, as a caller of reuseBuffer must. */
async function collect(path: string, reuseBuffer: boolean): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of readChunks({ name: path, path }, { reuseBuffer })) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

test('reuseBuffer reads plain and gzip files, small and over several chunks, like fresh buffers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'harknife-input-'));
  try {
    const big = Buffer.alloc(3.5 * (1 << 20) + 7);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) % 251;
    const cases: [string, Buffer, Buffer][] = [
      ['big', big, big],
      ['big.gz', gzipSync(big), big],
      ['tiny', Buffer.from('{}'), Buffer.from('{}')],
      ['bom', Buffer.from('\ufeff[1]'), Buffer.from('[1]')],
      ['empty', Buffer.alloc(0), Buffer.alloc(0)],
    ];
    for (const [name, bytes, expected] of cases) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      assert.deepEqual(await collect(path, true), expected, name);
      assert.deepEqual(await collect(path, false), expected, name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('reuseBuffer: stopping early closes the file without error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'harknife-input-'));
  try {
    const path = join(dir, 'f');
    writeFileSync(path, Buffer.alloc(3 << 20, 0x20));
    let seen = 0;
    for await (const chunk of readChunks({ name: path, path }, { reuseBuffer: true })) {
      seen += chunk.length;
      break;
    }
    assert.equal(seen, 1 << 20);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
