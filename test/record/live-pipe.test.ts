/** `har record --live | kernel-decode`: the reading end must not wait for 4 KiB or 64 KiB before it answers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { peek } from '../../src/read/lines.js';
import { Output } from '../../src/write/output.js';

const FRAME_LINE = '{"entry":3,"url":"ws://h/api/kernels/k/channels?session_id=s","kernel_id":"k","session_id":"s","protocol":null,"index":0,"type":"send","time":1796137668.3,"iso":"2026-12-01T15:07:48.300Z","opcode":1,"size":2,"data":"{}"}\n';

test('peek with untilNewline answers once a whole line is there, while the pipe stays open', async () => {
  const stdin = new PassThrough();
  stdin.write(FRAME_LINE);
  const peeked = await Promise.race([
    peek({ name: '<stdin>', path: null, stdin }, 4096, { untilNewline: true }),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), 2000)),
  ]);
  assert.ok(peeked !== null, 'peek returned before the pipe had 4096 bytes or ended');
  assert.equal(peeked.head.toString('utf8'), FRAME_LINE);
  stdin.end('{"more":1}\n');
  const chunks: Buffer[] = [];
  for await (const chunk of peeked.source.decoded!) chunks.push(chunk);
  assert.equal(Buffer.concat(chunks).toString('utf8'), `${FRAME_LINE}{"more":1}\n`, 'nothing is lost after the peek');
});

test('flushWhenIdle sends a small write as soon as the producer waits; without it the text stays gathered', async () => {
  for (const follow of [true, false]) {
    const stream = new PassThrough();
    const received: string[] = [];
    stream.on('data', (chunk: Buffer) => received.push(chunk.toString('utf8')));
    const out = new Output(stream);
    if (follow) out.flushWhenIdle();
    await out.write('one line\n');
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(received, follow ? ['one line\n'] : [], `follow=${follow}`);
    await out.flush();
    assert.equal(received.join(''), 'one line\n');
  }
});
