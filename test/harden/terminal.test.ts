/** Issue 13 #12–#17, #20, #21: the terminal and the pipe, and what users of jq, rg and gh expect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { main as harMain } from '../../src/cli/har.js';
import { main as kernelDecode } from '../../src/cli/kernel-decode.js';
import type { CliIO } from '../../src/cli/io.js';
import { clearProgressOnSignals } from '../../src/cli/progress.js';
import { Output } from '../../src/write/output.js';
import { STREAM_AFTER, writeRecords, type RowSpec } from '../../src/write/records.js';
import { ROOT, runHar, runMain } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'harknife-terminal-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const NOTEBOOK6 = join(ROOT, 'samples', 'notebook6-session.har');
const V1 = join(ROOT, 'samples', 'jupyter-server-v1.har');
const kernel = (argv: string[], options = {}) => runMain(kernelDecode, argv, options);
const OSC_TITLE = '\u001b]0;pwned\u0007';
const CLEAR = '\u001b[2J';

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Every control character but newline, and ESC in particular, is absent. */
function assertNoRawControl(text: string, what: string): void {
  assert.doesNotMatch(text.replace(/\n/g, ''), /[\u0000-\u001f\u007f-\u009f]/, what);
}

const hostile = file(
  'hostile.har',
  JSON.stringify({
    log: {
      entries: [
        {
          request: { method: `GET${CLEAR}`, url: `http://x.test/${OSC_TITLE}\u001b]8;;http://evil/\u0007link\u001b]52;c;cHduZWQ=\u0007\rOVER` },
          response: { status: 200, content: { size: 5, mimeType: `text/html${OSC_TITLE}` } },
          _resourceType: `xhr${OSC_TITLE}`,
        },
      ],
    },
  }),
);

test('issue 13 #12: control characters from data reach no terminal raw: entries, stats, pick tables (cut or not)', async () => {
  for (const argv of [['entries'], ['stats'], ['pick', 'request/url', 'request/method', '_resourceType'], ['urls', '--count', '--raw']]) {
    for (const columns of [200, 40]) {
      const result = await runHar([...argv, '--color', 'never', hostile], { tty: true, columns });
      assert.equal(result.code, 0, result.stderr);
      if (argv[0] !== 'urls') assertNoRawControl(result.stdout, `${argv[0]} at ${columns}`);
      if (argv[0] === 'entries' && columns === 200) assert.match(result.stdout, /http:\/\/x\.test\/\\x1b\]0;pwned\\x07/);
    }
  }
});

test('issue 13 #12: file names in errors and warnings are escaped too', async () => {
  const name = join(dir, `bad${OSC_TITLE}.har`);
  writeFileSync(name, '{"log":');
  const result = await runHar(['urls', name]);
  assert.equal(result.code, 5);
  assertNoRawControl(result.stderr, 'stderr');
  assert.match(result.stderr, /bad\\x1b\]0;pwned\\x07\.har: not valid JSON/);
});

test('issue 13 #12: the transcript shows stream text, code and tracebacks escaped; SGR colour only with colour on', async () => {
  const message = (msgType: string, channel: string, content: object, parent: string | null, id: string) =>
    JSON.stringify({ header: { msg_id: id, msg_type: msgType, session: 's', username: 'u', date: '2024-01-01T00:00:00Z', version: '5.3' }, parent_header: parent === null ? {} : { msg_id: parent, msg_type: 'execute_request' }, metadata: {}, content, buffers: [], channel });
  const frames = [
    { type: 'send', time: 1, opcode: 1, data: message('execute_request', 'shell', { code: `print("x")${CLEAR}`, silent: false }, null, 'r1') },
    { type: 'receive', time: 2, opcode: 1, data: message('execute_input', 'iopub', { code: `print("x")${CLEAR}`, execution_count: 1 }, 'r1', 'i1') },
    { type: 'receive', time: 3, opcode: 1, data: message('stream', 'iopub', { name: 'stdout', text: `title${OSC_TITLE}\rover\n` }, 'r1', 'o1') },
    { type: 'receive', time: 4, opcode: 1, data: message('error', 'iopub', { ename: 'E', evalue: 'v', traceback: [`\u001b[31mRed${OSC_TITLE}\u001b[0m`] }, 'r1', 'e1') },
    { type: 'receive', time: 5, opcode: 1, data: message('execute_reply', 'shell', { status: 'error', execution_count: 1 }, 'r1', 'p1') },
  ];
  const path = file('transcript.har', JSON.stringify({ log: { entries: [{ request: { url: 'ws://h/api/kernels/k/channels?session_id=s' }, response: { status: 101, headers: [] }, _webSocketMessages: frames }] } }));
  const plain = await kernel(['-f', 'transcript', path]);
  assert.equal(plain.code, 0, plain.stderr);
  assertNoRawControl(plain.stdout, 'transcript');
  assert.match(plain.stdout, /^In \[1\]: print\("x"\)\\x1b\[2J\ntitle\\x0dover\nRed\n/, 'code escaped, OSC and colour stripped, CR shown');
  const colour = await kernel(['-f', 'transcript', '--color', 'always', path]);
  assert.match(colour.stdout, /\u001b\[31mRed\\x1b\]0;pwned\\x07\u001b\[0m/, 'SGR kept, OSC shown');
  assertNoRawControl(colour.stdout.replace(/\u001b\[[0-9;]*m/g, ''), 'nothing else raw');
});

/** Runs har with stdout and stderr both "terminals", logging which stream each write went to. */
async function interleaved(argv: string[]): Promise<{ code: number; writes: { stream: string; text: string }[] }> {
  const writes: { stream: string; text: string }[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (chunk: Buffer) => writes.push({ stream: 'out', text: chunk.toString() }));
  stderr.on('data', (chunk: Buffer) => writes.push({ stream: 'err', text: chunk.toString() }));
  const io: CliIO = { stdout, stderr, stdin: Readable.from([]), stdoutIsTTY: true, stderrIsTTY: true, stdinIsTTY: true, columns: 120, env: {}, progressMinBytes: 1 };
  const code = await harMain(argv, io);
  await new Promise((resolve) => setImmediate(resolve));
  return { code, writes };
}

test('issue 13 #13: the progress line is cleared before the first byte of output, and not drawn after it', async () => {
  for (const argv of [['stats', V1], ['urls', '--raw', V1]]) {
    const { code, writes } = await interleaved(argv);
    assert.equal(code, 0);
    const firstOut = writes.findIndex((w) => w.stream === 'out');
    assert.ok(firstOut > 0, 'some output');
    const before = writes.slice(0, firstOut).filter((w) => w.stream === 'err').map((w) => w.text).join('');
    assert.match(before, /reading .*jupyter-server-v1\.har \d+%/, 'progress was drawn');
    assert.ok(before.endsWith('\r\u001b[K'), `cleared before output: ${JSON.stringify(before.slice(-40))}`);
    assert.ok(writes.slice(firstOut).every((w) => w.stream === 'out' || !w.text.includes('reading')), 'no progress after output began');
  }
});

test('issue 13 #13: SIGINT and SIGTERM clear the progress line, then exit 130 / 143 (unless the command handles the signal)', () => {
  const handlers = new Map<string, () => void>();
  const stderr = new PassThrough();
  let written = '';
  stderr.on('data', (chunk: Buffer) => (written += chunk.toString()));
  const io: CliIO = { stdout: new PassThrough(), stderr, stdin: Readable.from([]), stdoutIsTTY: true, stderrIsTTY: true, stdinIsTTY: true, columns: 80, env: {} };
  const exits: number[] = [];
  let others = 0;
  const port = {
    on: (signal: NodeJS.Signals, handler: () => void) => handlers.set(signal, handler),
    off: (signal: NodeJS.Signals, handler: () => void) => {
      if (handlers.get(signal) === handler) handlers.delete(signal);
    },
    exit: (code: number) => exits.push(code),
    listeners: () => handlers.size / 2 + others,
  };
  const sigint = () => handlers.get('SIGINT')!();
  let release = clearProgressOnSignals(io, port);
  sigint();
  assert.deepEqual(exits, [130]);
  release();
  assert.equal(handlers.size, 0, 'released: the signals act as they would without us');
  release = clearProgressOnSignals(io, port);
  handlers.get('SIGTERM')!();
  assert.deepEqual(exits, [130, 143]);
  others = 1;
  sigint();
  assert.deepEqual(exits, [130, 143], 'har record handles Ctrl-C itself (it writes its HAR)');
  release();
  assert.equal(written, '', 'nothing to clear when no progress line is drawn');
});

test('issue 13 #14: a table of many rows starts before the records end', async () => {
  const stream = new PassThrough();
  let received = '';
  stream.on('data', (chunk: Buffer) => (received += chunk.toString()));
  const out = new Output(stream);
  let seenBeforeEnd = '';
  async function* records() {
    for (let i = 0; i < STREAM_AFTER + 2000; i++) {
      if (i === STREAM_AFTER + 1999) {
        await out.flush();
        await new Promise((resolve) => setImmediate(resolve));
        seenBeforeEnd = received;
      }
      yield { n: i, text: `row ${i}` };
    }
  }
  const spec: RowSpec<{ n: number; text: string }> = { columns: [{ header: 'n', value: (r) => r.n, align: 'right' }, { header: 'text', value: (r) => r.text, flexible: true }] };
  await writeRecords(out, records(), 'table', spec, { width: 80 });
  await out.flush();
  assert.match(seenBeforeEnd, /^   n  text\n   0  row 0\n/, 'header and first rows written while records were still coming');
  const lines = received.trimEnd().split('\n');
  assert.equal(lines.length, STREAM_AFTER + 2001);
  assert.equal(lines.at(-1), '2499  row 24…', 'later rows keep the widths: text is cut to them, numbers never');
});

test('issue 13 #15: every table fits 60 columns (plain and bordered) on the real samples', async () => {
  for (const argv of [['entries'], ['stats'], ['pick', 'request/url', 'response/status', '_resourceType'], ['ws-messages', '-f', 'table']]) {
    for (const colour of ['never', 'always']) {
      const result = await runHar([...argv, '--color', colour, V1], { tty: true, columns: 60 });
      assert.equal(result.code, 0, result.stderr);
      const widest = Math.max(...result.stdout.replace(/\u001b\[[0-9;]*m/g, '').split('\n').map((line) => line.length));
      assert.ok(widest <= 60, `${argv.join(' ')} --color ${colour}: ${widest} columns`);
    }
  }
});

test('issue 13 #16: 30 bad frames give 10 warnings and one summary line', async () => {
  const frames = Array.from({ length: 30 }, (_, i) => i);
  const path = file('badframes.har', JSON.stringify({ log: { entries: [{ request: { url: 'ws://h/x' }, response: { status: 101 }, _webSocketMessages: frames }] } }));
  const result = await runHar(['ws-messages', path]);
  assert.equal(result.code, 0);
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 12, result.stderr);
  assert.match(lines[0]!, /_webSocketMessages\[0\]: frame is number, not an object$/);
  assert.equal(lines[10], 'har: 30 frame problems reported above', 'the command\'s own summary is never capped');
  assert.equal(lines[11], 'har: 20 more warnings not shown (30 in all)');
});

test('issue 13 #17: pick with a misspelt file at a terminal, or a missing x.har, is exit 4 before any output', async () => {
  const misspelt = await runHar(['pick', 'request/url', 'captur'], { stdinTty: true });
  assert.deepEqual(misspelt, { code: 4, stdout: '', stderr: 'har: captur: no such file\n' });
  for (const argv of [['pick', '-f', 'tsv', 'x.har'], ['entries', '-f', 'tsv', NOTEBOOK6, 'x.har'], ['urls', NOTEBOOK6, 'missing.json']]) {
    const result = await runHar(argv);
    assert.equal(result.code, 4, argv.join(' '));
    assert.equal(result.stdout, '', `${argv.join(' ')}: no header, no partial output`);
  }
  const piped = await runHar(['pick', 'request/method', '-f', 'tsv', '--no-header'], { stdin: '{"log":{"entries":[{"request":{"method":"GET"}}]}}' });
  assert.equal(piped.stdout, 'GET\n', 'with a HAR piped in, paths are paths');
});

test('issue 13 #20: --color auto|always|never with NO_COLOR and FORCE_COLOR', async () => {
  const coloured = (result: { stdout: string }) => /\u001b\[/.test(result.stdout);
  assert.ok(coloured(await runHar(['stats', V1], { tty: true })), 'auto on a terminal');
  assert.ok(!coloured(await runHar(['stats', V1], { tty: true, env: { NO_COLOR: '1' } })), 'NO_COLOR');
  assert.ok(!coloured(await runHar(['stats', '-f', 'table', V1])), 'auto in a pipe');
  assert.ok(coloured(await runHar(['stats', '-f', 'table', V1], { env: { FORCE_COLOR: '1' } })), 'FORCE_COLOR');
  assert.ok(coloured(await runHar(['stats', '-f', 'table', '--color', 'always', V1], { env: { NO_COLOR: '1' } })), 'always beats NO_COLOR');
  assert.ok(!coloured(await runHar(['stats', '--color', 'never', V1], { tty: true, env: { FORCE_COLOR: '1' } })), 'never');
  const bad = await runHar(['stats', '--color', 'sometimes', V1]);
  assert.equal(bad.code, 2);
});

test('issue 13 #20: har help CMD, har completion, errors pointing to har CMD --help', async () => {
  assert.equal((await runHar(['help', 'urls'])).stdout, (await runHar(['urls', '--help'])).stdout);
  assert.equal((await runHar(['help'])).stdout, (await runHar(['--help'])).stdout);
  const completion = await runHar(['completion']);
  assert.equal(completion.code, 0);
  assert.match(completion.stdout, /###-begin-har-completions-###/);
  const usage = await runHar(['stats', '--fromat', 'json', V1]);
  assert.equal(usage.code, 2);
  assert.equal(usage.stderr, "har: unknown argument: --fromat (did you mean --format?) (see 'har stats --help')\n");
});

test('issue 13 #20: -e exits 1 when nothing was selected; --limit N stops after N', async () => {
  assert.equal((await runHar(['urls', '-e', '--status', '5xx', NOTEBOOK6])).code, 1);
  assert.equal((await runHar(['urls', '-e', '--status', '2xx', NOTEBOOK6])).code, 0);
  assert.equal((await runHar(['pick', '-e', '--url', 'nothing-here', NOTEBOOK6])).code, 1);
  assert.equal((await runHar(['get', '-e', 'log/nothing', NOTEBOOK6])).code, 1);
  assert.equal((await runHar(['query', '-e', '$..nothing', NOTEBOOK6])).code, 1);
  assert.equal((await kernel(['-e', '--msg-type', 'no_such_type', NOTEBOOK6])).code, 1);
  const limited = await runHar(['urls', '--raw', '--limit', '3', NOTEBOOK6]);
  const all = await runHar(['urls', '--raw', NOTEBOOK6]);
  assert.equal(limited.stdout, all.stdout.split('\n').slice(0, 3).join('\n') + '\n');
  assert.equal((await runHar(['entries', '-f', 'ndjson', '--limit', '2', NOTEBOOK6])).stdout.trimEnd().split('\n').length, 2);
  assert.equal((await runHar(['urls', '--limit', 'x', NOTEBOOK6])).code, 2);
});

test('issue 13 #20: kernel-decode --msg-type, --channel and --cell N answer without jq', async () => {
  const lines = (text: string) => text.trimEnd().split('\n').map((line) => JSON.parse(line) as { msg_type: string; channel: string; parent_msg_id: string | null; msg_id: string });
  const errors = lines((await kernel(['--msg-type', 'error', NOTEBOOK6])).stdout);
  assert.ok(errors.length > 0 && errors.every((r) => r.msg_type === 'error'));
  const shell = lines((await kernel(['--channel', 'shell', V1])).stdout);
  assert.ok(shell.length > 0 && shell.every((r) => r.channel === 'shell'));
  const transcript = (await kernel(['--cell', '2', '-f', 'transcript', NOTEBOOK6])).stdout;
  assert.match(transcript, /^In \[2\]: 21 \* 2\nOut\[2\]: 42\n/);
  assert.doesNotMatch(transcript, /In \[1\]/);
  const cell = lines((await kernel(['--cell', '2', NOTEBOOK6])).stdout);
  const requests = new Set(cell.filter((r) => r.msg_type === 'execute_request').map((r) => r.msg_id));
  assert.ok(requests.size >= 1);
  assert.ok(cell.every((r) => requests.has(r.msg_id) || requests.has(r.parent_msg_id ?? '')));
  assert.equal((await kernel(['--channel', 'nowhere', NOTEBOOK6])).code, 2);
});

test('issue 13 #20: sizes in tables are human-readable on a terminal, exact numbers in a pipe', async () => {
  const terminal = await runHar(['entries', '--color', 'never', NOTEBOOK6], { tty: true, columns: 200 });
  assert.match(terminal.stdout.split('\n')[1]!, / \d+(\.\d)? kB /);
  const piped = await runHar(['entries', '-f', 'table', NOTEBOOK6]);
  assert.match(piped.stdout.split('\n')[1]!, / \d{4,} /);
  assert.doesNotMatch(piped.stdout, / kB /);
});

test('issue 13 #21: kernel-decode --help explains exit 1 with its own example', async () => {
  const help = await kernel(['--help']);
  assert.match(help.stdout, /  1  the answer is "no" \(--strict and a frame was malformed, e\.g\. kernel-decode --strict s\.har/);
  assert.doesNotMatch(help.stdout, /shape --diff/);
});
