/**
 * The process's stdout and stdin on their descriptors (src/cli/stdout.ts, src/read/input.ts
 * standardInput): pipes without node:net, Node's streams taken over when a descriptor is
 * non-blocking, EPIPE still quiet, a live pipe still answered line by line, and signals still
 * ending a run that waits on a pipe. The bundled bins are run (dist/bin), as users run them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';
import { WHOLE_DOCUMENT_LIMIT } from '../../src/read/whole-document.js';

const V1 = join(ROOT, 'samples/jupyter-server-v1.har');
const HAR = join(ROOT, 'dist/bin/har.cjs');
const KERNEL_DECODE = join(ROOT, 'dist/bin/kernel-decode.cjs');
const FRAME_LINE =
  '{"entry":3,"url":"ws://h/api/kernels/k/channels?session_id=s","kernel_id":"k","session_id":"s","protocol":null,"index":0,"type":"send","time":1796137668.3,"iso":"2026-12-01T15:07:48.300Z","opcode":1,"size":2,"data":"{\\"header\\":{\\"msg_id\\":\\"m1\\",\\"msg_type\\":\\"kernel_info_request\\",\\"session\\":\\"s\\"},\\"parent_header\\":{},\\"metadata\\":{},\\"content\\":{},\\"channel\\":\\"shell\\"}"}\n';

async function withDir<T>(run: (dir: string) => T | Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'harknife-stdio-'));
  try {
    return await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const exited = (child: ChildProcess) => new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));

test('har ws-messages | kernel-decode: neither process loads node:net, and the pipe gives what kernel-decode FILE gives', async () => {
  await withDir((dir) => {
    const loaded = join(dir, 'loaded.cjs');
    writeFileSync(loaded, "process.on('exit', () => require('node:fs').writeSync(2, 'modules: ' + process.argv[2] + ' ' + process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).join(',') + '\\n'));\n");
    const env = { ...process.env, NODE_OPTIONS: `-r ${loaded}` };
    const piped = spawnSync('sh', ['-c', `'${HAR}' ws-messages '${V1}' | '${KERNEL_DECODE}'`], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(piped.status, 0, piped.stderr);
    const lists = piped.stderr.split('\n').filter((line) => line.startsWith('modules: '));
    assert.equal(lists.length, 2, piped.stderr);
    for (const list of lists) assert.ok(!list.split(',').includes('NativeModule net'), `node:net loaded: ${list.slice(0, 80)}`);
    const direct = spawnSync(KERNEL_DECODE, [V1], { encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(direct.status, 0);
    assert.ok(direct.stdout.length > 1_000_000);
    assert.equal(piped.stdout, direct.stdout);
  });
});

test('kernel-decode reading a live pipe answers each line before the pipe closes', async () => {
  const child = spawn(KERNEL_DECODE, [], { stdio: ['pipe', 'pipe', 'pipe'] });
  const done = exited(child);
  child.stdin.write(FRAME_LINE);
  const answer = await Promise.race([
    new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8')))),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), 15_000)),
  ]);
  child.stdin.end();
  assert.ok(answer !== null, 'no answer while the pipe was open');
  assert.equal(JSON.parse(answer).msg_type, 'kernel_info_request');
  assert.deepEqual(await done, { code: 0, signal: null });
});

test('a non-blocking stdin (EAGAIN) is read through process.stdin, and a non-blocking stdout written through process.stdout, losing nothing', async () => {
  await withDir(async (dir) => {
    // process.stdin and process.stdout made first: for a pipe that sets O_NONBLOCK on the descriptors.
    const driver = join(dir, 'driver.mjs');
    writeFileSync(
      driver,
      `import { readChunks } from ${JSON.stringify(join(ROOT, 'dist/src/read/input.js'))};
import { StdoutSink } from ${JSON.stringify(join(ROOT, 'dist/src/cli/stdout.js'))};
process.stdin.pause();
const stdout = process.stdout;
const sink = new StdoutSink(1, () => stdout, false);
const chunks = [];
for await (const chunk of readChunks({ name: '<stdin>', path: null })) chunks.push(Buffer.from(chunk));
const input = Buffer.concat(chunks);
// Far more than a pipe holds while the reader sleeps: the descriptor's write meets EAGAIN.
const block = Buffer.alloc(1 << 20, 0x61);
let waits = 0;
for (let i = 0; i < 4; i++) if (!sink.write(block)) { waits++; await new Promise((resolve) => sink.once('drain', resolve)); }
sink.write(input);
process.stderr.write('waits ' + waits + '\\n');
`,
    );
    const child = spawn(process.execPath, [driver], { stdio: ['pipe', 'pipe', 'pipe'] });
    const done = exited(child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const input = Buffer.from(Array.from({ length: 5000 }, (_, i) => `line ${i}\n`).join(''));
    // Nothing on the pipe when the first read is tried: readSync meets EAGAIN.
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.stdin.write(input.subarray(0, 1000));
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.stdin.end(input.subarray(1000));
    // Read only after a while, so the writer finds the pipe full.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const received: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => received.push(chunk));
    assert.deepEqual(await done, { code: 0, signal: null }, stderr);
    const output = Buffer.concat(received);
    assert.equal(output.length, 4 * (1 << 20) + input.length);
    assert.ok(output.subarray(0, 4 << 20).every((byte) => byte === 0x61));
    assert.equal(createHash('sha1').update(output.subarray(4 << 20)).digest('hex'), createHash('sha1').update(input).digest('hex'));
    assert.match(stderr, /^waits [1-4]\n$/, 'the stream took over and was waited for');
  });
});

test('the bundled har, its stdout a pipe closed early, exits 0 without a word (EPIPE on the descriptor)', async () => {
  await withDir(async (dir) => {
    const entries = Array.from({ length: 200_000 }, (_, i) => ({ request: { url: `https://x.test/${i}` } }));
    const path = join(dir, 'big.har');
    writeFileSync(path, JSON.stringify({ log: { entries } }));
    const child = spawn(HAR, ['urls', '--raw', path]);
    const done = exited(child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    child.stdout.destroy();
    assert.equal(first.split('\n')[0], 'https://x.test/0');
    assert.deepEqual(await done, { code: 0, signal: null });
    assert.equal(stderr, '');
  });
});

test('SIGTERM ends a run waiting on a full pipe or on a silent one', async () => {
  await withDir(async (dir) => {
    const entries = Array.from({ length: 200_000 }, (_, i) => ({ request: { url: `https://x.test/${i}` } }));
    const path = join(dir, 'big.har');
    writeFileSync(path, JSON.stringify({ log: { entries } }));
    // Nobody reads har's stdout: its write waits. Nobody writes kernel-decode's stdin: its read waits.
    const writer = spawn(HAR, ['urls', '--raw', path], { stdio: ['ignore', 'pipe', 'ignore'] });
    const reader = spawn(KERNEL_DECODE, [], { stdio: ['pipe', 'ignore', 'ignore'] });
    const ends = [exited(writer), exited(reader)];
    await new Promise((resolve) => setTimeout(resolve, 1500));
    writer.kill('SIGTERM');
    reader.kill('SIGTERM');
    const timeout = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 10_000).unref());
    // The signal's default action: no JavaScript handler is left to wait for the event loop.
    for (const end of ends) assert.deepEqual(await Promise.race([end, timeout]), { code: null, signal: 'SIGTERM' });
    reader.stdin.destroy();
  });
});

test('kernel-decode from a pipe tightens the heap growth step only once more than a small file has come (node:v8 loaded then)', async () => {
  await withDir((dir) => {
    const loaded = join(dir, 'loaded.cjs');
    writeFileSync(loaded, "process.on('exit', () => require('node:fs').writeSync(2, 'v8 ' + process.moduleLoadList.includes('NativeModule v8') + '\\n'));\n");
    const env = { ...process.env, NODE_OPTIONS: `-r ${loaded}` };
    const lines = (count: number) => FRAME_LINE.repeat(count);
    const small = spawnSync(KERNEL_DECODE, [], { env, input: lines(100), encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(small.status, 0, small.stderr);
    assert.equal(small.stdout.split('\n').length, 101);
    assert.match(small.stderr, /^v8 false$/m);
    const bigInput = lines(Math.ceil((WHOLE_DOCUMENT_LIMIT + 1) / FRAME_LINE.length));
    const big = spawnSync(KERNEL_DECODE, [], { env, input: bigInput, encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(big.status, 0, big.stderr);
    assert.match(big.stderr, /^v8 true$/m);
  });
});
