import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { Output } from '../../src/write/output.js';
import { writeRecords, type RowSpec } from '../../src/write/records.js';

/**
 * A reader that takes one chunk per event-loop turn and records the most bytes ever queued in
 * the stream: if Output ignored backpressure, everything written would pile up there.
 */
class SlowReader extends Writable {
  readonly chunks: Buffer[] = [];
  maxQueued = 0;

  /** `delayMs`: take a chunk per timer tick instead of per event-loop turn. */
  constructor(private readonly delayMs: number | null = null) {
    super({ highWaterMark: 16 * 1024 });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.maxQueued = Math.max(this.maxQueued, this.writableLength);
    this.chunks.push(chunk);
    if (this.delayMs === null) setImmediate(done);
    else setTimeout(done, this.delayMs);
  }

  get text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** Output's own buffer (4 × 64 KiB) plus the stream's high-water mark and one flush in flight. */
const BOUND = 4 * 65536 + 16 * 1024 + 65536;

test('Output gathers small writes and hands them on in pieces of 64 KiB or at flush', async () => {
  const reader = new SlowReader();
  const out = new Output(reader);
  await out.write('abc');
  await out.write('é');
  assert.equal(reader.chunks.length, 0);
  await out.flush();
  assert.equal(reader.text, 'abcé');
  await out.flush();
  assert.equal(reader.chunks.length, 1);
  const piece = 'x'.repeat(1000);
  for (let i = 0; i < 70; i++) await out.write(piece);
  assert.equal(reader.chunks.length, 2);
  assert.equal(reader.chunks[1]!.length, 66000);
});

test('backpressure: 8 MiB through a slow reader arrive whole and in order, with never more than a few hundred KiB queued', async () => {
  const reader = new SlowReader();
  const out = new Output(reader);
  // Multibyte text, and a piece over 64 KiB now and then, which is written as it is.
  const piece = (i: number) => (i % 500 === 499 ? `${'😀'.repeat(40000)}\n` : `${i} é中😀 ${'x'.repeat(i % 97)}\n`);
  let expected = '';
  let sent = 0;
  for (let i = 0; sent < 8 << 20; i++) {
    const text = piece(i);
    await out.write(text);
    expected += text;
    sent += Buffer.byteLength(text);
  }
  await out.flush();
  await new Promise<void>((resolve) => reader.end(resolve));
  assert.equal(reader.text, expected);
  assert.ok(reader.maxQueued <= BOUND, `${reader.maxQueued} bytes queued at once`);
});

test('backpressure: writeRecords pulls records only as fast as a slow reader takes them', async () => {
  const reader = new SlowReader();
  const out = new Output(reader);
  let produced = 0;
  let consumed = 0;
  let lagMax = 0;
  reader.on('drain', () => {
    consumed = reader.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  });
  async function* records(): AsyncGenerator<{ i: number; pad: string }> {
    for (let i = 0; i < 20000; i++) {
      const record = { i, pad: 'p'.repeat(200) };
      produced += JSON.stringify(record).length + 1;
      lagMax = Math.max(lagMax, produced - consumed);
      yield record;
    }
  }
  const spec: RowSpec<{ i: number }> = { columns: [{ header: 'i', value: (r) => r.i }] };
  await writeRecords(out, records(), 'ndjson', spec);
  await out.flush();
  await new Promise<void>((resolve) => reader.end(resolve));
  assert.equal(reader.text.split('\n').length, 20001);
  assert.ok(reader.maxQueued <= BOUND, `${reader.maxQueued} bytes queued at once`);
  assert.ok(lagMax > 65536 && lagMax <= BOUND, `records produced ahead of the reader: ${lagMax} bytes`);
});

/** A stream whose reader went away: every write fails with EPIPE, as a closed pipe does. */
function brokenPipe(): Writable {
  return new Writable({
    write: (_chunk, _encoding, done) => done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })),
  });
}

test('EPIPE: Output closes quietly — isClosed turns true, later writes and flushes resolve without an error', async () => {
  const out = new Output(brokenPipe());
  assert.equal(out.isClosed, false);
  await out.write('x'.repeat(70000));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(out.isClosed, true);
  await out.write('more');
  await out.write('y'.repeat(200000));
  await out.flush();
});

test('EPIPE: writeRecords stops pulling records once the reader is gone', async () => {
  for (const format of ['json', 'ndjson', 'tsv', 'csv'] as const) {
    const out = new Output(brokenPipe());
    let pulled = 0;
    // Bounded, so that a writer that never notices the close fails here instead of spinning.
    function* many(): Generator<{ n: number }> {
      while (pulled < 100_000) yield { n: ++pulled };
    }
    await writeRecords(out, many(), format, { columns: [{ header: 'n', value: (r) => r.n }] });
    assert.equal(out.isClosed, true, format);
    // The first 64 KiB flush meets the EPIPE: a few thousand short records at most.
    assert.ok(pulled < 20000, `${format}: ${pulled} records pulled`);
  }
});

test('EPIPE from a real pipe (head -c 10): Output closes quietly and the writer stops', async () => {
  const head = spawn('head', ['-c', '10'], { stdio: ['pipe', 'ignore', 'ignore'] });
  const exited = new Promise((resolve) => head.on('exit', resolve));
  const out = new Output(head.stdin);
  let written = 0;
  // Bounded, so that a writer that never notices the close fails here instead of filling memory.
  while (!out.isClosed && written < 64 << 20) {
    await out.write('z'.repeat(1000));
    written += 1000;
    if (written % (1 << 20) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await exited;
  assert.equal(out.isClosed, true);
  assert.ok(written < 64 << 20, `${written} bytes written before the close was seen`);
  await out.flush();
});

test('backpressure with flushWhenIdle: flushes sent while the producer waits still hold it back, with one wait on the stream', async () => {
  const reader = new SlowReader(1);
  const out = new Output(reader);
  out.flushWhenIdle();
  let expected = '';
  let maxErrorListeners = 0;
  for (let i = 0; expected.length < 2 << 20; i++) {
    const text = `${i} ${'y'.repeat(i % 300)}\n`;
    if (i % 3 === 0) await out.write(text);
    else if (!out.writeLineNow(text.slice(0, -1))) await out.write(text);
    expected += text;
    maxErrorListeners = Math.max(maxErrorListeners, reader.listenerCount('error'));
    // A producer fed by a pipe waits for input now and then: the scheduled flushes run there.
    if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await out.flush();
  await new Promise<void>((resolve) => reader.end(resolve));
  assert.equal(reader.text, expected);
  assert.ok(reader.maxQueued <= BOUND, `${reader.maxQueued} bytes queued at once`);
  assert.ok(maxErrorListeners <= 2, `${maxErrorListeners} error listeners at once`);
});

test('writeLineNow gathers a line when it fits and declines when a flush is due or the text is over 64 KiB', async () => {
  const reader = new SlowReader();
  const out = new Output(reader);
  assert.equal(out.writeLineNow('{"a":"é"}'), true);
  assert.equal(out.writeLineNow('x'.repeat(65537)), false);
  assert.equal(out.writeLineNow('z'.repeat(65536)), true);
  // 64 KiB gathered: the caller writes (and so flushes) instead.
  assert.equal(out.writeLineNow('after'), false);
  await out.write('after\n');
  await out.flush();
  assert.equal(reader.text, `{"a":"é"}\n${'z'.repeat(65536)}\nafter\n`);
});

/** A stream that takes each chunk at once (as Node's file stream does) and keeps a copy. */
class CopyingWriter extends Writable {
  readonly copies: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.copies.push(Buffer.from(chunk));
    done();
  }
}

test('reuseBuffer: a stream that takes chunks at once gets the same buffer again; one that queues them never has its chunks written over', async () => {
  const lines = Array.from({ length: 20000 }, (_, i) => `line ${i} ${'y'.repeat(i % 50)} é`);
  const expected = lines.map((line) => `${line}\n`).join('');
  const writeAll = async (out: Output) => {
    for (const line of lines) if (!out.writeLineNow(line)) await out.write(`${line}\n`);
    await out.flush();
  };

  const copying = new CopyingWriter();
  const at: object[] = [];
  const original = copying.write.bind(copying);
  copying.write = ((chunk: Buffer, ...rest: never[]) => (at.push(chunk.buffer), original(chunk, ...rest))) as typeof copying.write;
  await writeAll(new Output(copying, false, 80, null, true));
  assert.equal(Buffer.concat(copying.copies).toString('utf8'), expected);
  assert.ok(at.length > 5);
  assert.equal(new Set(at).size, 1, 'every flush wrote from the one buffer');

  // The slow reader keeps each chunk it is given until a later tick: reusing would corrupt it.
  const slow = new SlowReader();
  await writeAll(new Output(slow, false, 80, null, true));
  assert.equal(slow.text, expected);
});
