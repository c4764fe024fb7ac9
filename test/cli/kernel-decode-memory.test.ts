import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const KERNEL_DECODE_BIN = fileURLToPath(new URL('../../src/bin/kernel-decode.js', import.meta.url));
const CELLS = 2000;
const OUTPUT = 30_000;

/**
 * `har ws-messages` NDJSON of one long session: CELLS cells a second apart, each printing
 * OUTPUT characters; 60 MB of output in all, so holding every message cannot fit a 32 MB heap.
 */
function writeSession(file: string): void {
  const fd = openSync(file, 'w');
  let index = 0;
  const frame = (time: number, type: 'send' | 'receive', channel: string, msgType: string, id: string, parent: string | null, content: object) => {
    const data = JSON.stringify({
      header: { msg_id: id, msg_type: msgType, session: type === 'send' ? 'client' : 'kernel', username: '', version: '5.3', date: new Date(time * 1000).toISOString() },
      parent_header: parent === null ? {} : { msg_id: parent, msg_type: 'execute_request', session: 'client' },
      metadata: {},
      content,
      channel,
      buffers: [],
    });
    const record = { entry: 0, url: 'ws://h/api/kernels/K/channels?session_id=client', kernel_id: 'K', session_id: 'client', protocol: null, index: index++, type, time, iso: new Date(time * 1000).toISOString(), opcode: 1, size: data.length, data };
    return `${JSON.stringify(record)}\n`;
  };
  for (let n = 0; n < CELLS; n++) {
    const t = 1_700_000_000 + n;
    const id = `req-${n}`;
    writeSync(
      fd,
      [
        frame(t, 'send', 'shell', 'execute_request', id, null, { code: `print(${n})`, silent: false }),
        frame(t + 0.1, 'receive', 'iopub', 'status', `${id}-busy`, id, { execution_state: 'busy' }),
        frame(t + 0.3, 'receive', 'iopub', 'stream', `${id}-out`, id, { name: 'stdout', text: `${n} ${'x'.repeat(OUTPUT)}\n` }),
        frame(t + 0.8, 'receive', 'shell', 'execute_reply', `${id}-reply`, id, { status: 'ok', execution_count: n + 1 }),
        frame(t + 0.9, 'receive', 'iopub', 'status', `${id}-idle`, id, { execution_state: 'idle' }),
      ].join(''),
    );
  }
  closeSync(fd);
}

test('kernel-decode --conversations: a 60 MB session under a 32 MB heap, every cell written (the reorder window is bounded)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'harknife-conversations-'));
  try {
    const input = join(dir, 'frames.ndjson');
    writeSession(input);
    const output = join(dir, 'out.tsv');
    const out = openSync(output, 'w');
    const result = spawnSync(process.execPath, ['--max-old-space-size=32', KERNEL_DECODE_BIN, '--conversations', '--reorder-window', '5', '-f', 'tsv', input], {
      stdio: ['ignore', out, 'pipe'],
      encoding: 'utf8',
    });
    closeSync(out);
    assert.equal(result.status, 0, result.stderr);
    const rows = readFileSync(output, 'utf8').trimEnd().split('\n');
    assert.equal(rows.length, CELLS + 1);
    assert.ok(rows[1]!.includes('print(0)'));
    assert.ok(rows[CELLS]!.includes(`print(${CELLS - 1})`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
