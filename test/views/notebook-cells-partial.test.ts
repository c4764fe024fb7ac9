/**
 * Partial captures never throw: the reload sample's real frames, cut and copied the ways real
 * captures go wrong. What cannot be known is null with a note.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellsReport } from '../../src/views/index.js';
import type { FrameRecord } from '../../src/ws/frames.js';
import { fileSource, framesOf, ndjsonSource, notebooksOf, validateNotebook } from './notebook-helpers.js';

const RELOAD = 'samples/notebook6-reload.har';

/** A legacy text frame's msg_type and stream text; binary frames (base64) give empty strings. */
function payload(frame: FrameRecord): { msg_type: string; text: string } {
  if (frame.opcode !== 1) return { msg_type: '', text: '' };
  const message = JSON.parse(frame.data ?? '{}') as { header?: { msg_type?: string }; content?: { text?: string } };
  return { msg_type: message.header?.msg_type ?? '', text: message.content?.text ?? '' };
}

function firstIndex(frames: readonly FrameRecord[], test: (f: FrameRecord) => boolean): number {
  const at = frames.findIndex(test);
  assert.ok(at >= 0);
  return at;
}

test('a capture that starts mid-cell: the output becomes a cell whose request and code are unknown', async () => {
  const frames = await framesOf(RELOAD);
  const start = firstIndex(frames, (f) => payload(f).text === 'second 1\n');
  const warnings: string[] = [];
  const source = ndjsonSource('mid-cell.ndjson', frames.slice(start));
  const [build] = await notebooksOf([source], { onWarning: (m) => warnings.push(m) });
  assert.ok(build !== undefined);
  assert.ok(validateNotebook(build.notebook).valid);
  const cells = build.notebook.cells as Record<string, any>[];
  assert.equal(cells[0]!.source.length, 0, 'code unknown: empty source');
  assert.equal(cells[0]!.execution_count, null);
  assert.equal(cells[0]!.outputs[0].text.join(''), 'second 1\nsecond 2\nsecond 3\nsecond 6\nsecond 7\nsecond 8\nsecond 9\n');
  assert.match(cells[0]!.metadata.harknife.notes.join('\n'), /execute_request is not in the capture/);
  assert.deepEqual(warnings, []);
  const report = await cellsReport([ndjsonSource('mid-cell.ndjson', frames.slice(start))]);
  assert.equal(report.all[0]!.first_line, null);
  assert.equal(report.all[0]!.status, null);
});

test('a capture that ends early: no reply, no idle; running time unknown, the output so far kept', async () => {
  const frames = await framesOf(RELOAD);
  const end = firstIndex(frames, (f) => payload(f).text === 'second 2\n');
  const source = () => ndjsonSource('early.ndjson', frames.slice(0, end + 1));
  const [build] = await notebooksOf([source()]);
  const cell = (build!.notebook.cells as Record<string, any>[]).find((c) => c.source.join('').includes('second {i}'))!;
  assert.equal(cell.execution_count, 2, 'from execute_input');
  assert.equal(cell.outputs[0].text.join(''), 'second 0\nsecond 1\nsecond 2\n');
  const { all } = await cellsReport([source()]);
  const row = all.find((r) => r.first_line === 'import time')!;
  assert.equal(row.running_ms, null);
  assert.equal(row.wall_ms, null);
  assert.equal(row.status, null);
  assert.equal(row.flags.no_reply, true);
  assert.match(row.notes.join('\n'), /no idle status/);
});

test('no kernel_info_reply: language_info is left out with a note, the notebook is still valid', async () => {
  const frames = (await framesOf(RELOAD)).filter((f) => payload(f).msg_type !== 'kernel_info_reply');
  const [build] = await notebooksOf([ndjsonSource('no-info.ndjson', frames)]);
  assert.equal((build!.notebook.metadata as any).language_info, undefined);
  assert.match(build!.notes.join('\n'), /no kernel_info_reply/);
  assert.ok(validateNotebook(build!.notebook).valid);
});

test('the same messages delivered on two connections are counted once', async () => {
  const frames = await framesOf(RELOAD);
  const copies = frames.filter((f) => f.entry === 78 && f.type === 'receive').map((f) => ({ ...f, entry: 99, session_id: 'another-tab' }));
  const [once] = await notebooksOf([ndjsonSource('once.ndjson', frames)]);
  const [twice] = await notebooksOf([ndjsonSource('twice.ndjson', [...frames, ...copies])]);
  const outputs = (b: typeof once) => (b!.notebook.cells as Record<string, any>[]).map((c) => c.outputs);
  assert.deepEqual(outputs(twice), outputs(once));
  assert.equal(twice!.recovered_outputs, 4);
});

test('two kernels in two files: one notebook per kernel; --kernel picks one by a prefix of its id', async () => {
  const sources = () => [...fileSource('samples/notebook6-session.har'), ...fileSource('samples/jupyter-server-v1.har')];
  const builds = await notebooksOf(sources());
  assert.deepEqual(builds.map((b) => b.kernel_id), ['4c61952a-c44d-441f-b754-c871de32c81d', 'b3eb45ed-5aee-44da-8371-f512a45cb511']);
  const [picked, ...rest] = await notebooksOf(sources(), { kernel: 'b3eb' });
  assert.equal(picked!.kernel_id, 'b3eb45ed-5aee-44da-8371-f512a45cb511');
  assert.equal(rest.length, 0);
  assert.equal((picked!.notebook.metadata as any).harknife.skeleton.path, 'v1-session.ipynb', 'its own document, found through the sessions API');
});

test('malformed kernel frames are skipped with one warning', async () => {
  const frames = await framesOf(RELOAD);
  const broken = frames.map((f, i) => (i === 5 ? { ...f, data: '{"not": "a message"' } : f));
  const warnings: string[] = [];
  const [build] = await notebooksOf([ndjsonSource('broken.ndjson', broken)], { onWarning: (m) => warnings.push(m) });
  assert.ok(build !== undefined);
  assert.deepEqual(warnings, ['1 malformed kernel frame skipped']);
});

test('a KeyboardInterrupt error marks the cell interrupted', async () => {
  const frames = (await framesOf('samples/notebook6-session.har')).map((f) => {
    if (payload(f).msg_type !== 'error' && payload(f).msg_type !== 'execute_reply') return f;
    return { ...f, data: (f.data ?? '').replaceAll('ZeroDivisionError', 'KeyboardInterrupt') };
  });
  const { all } = await cellsReport([ndjsonSource('interrupted.ndjson', frames)]);
  const cell = all.find((r) => r.first_line === '1 / 0')!;
  assert.deepEqual([cell.flags.error, cell.flags.interrupted, cell.status], [true, true, 'error']);
  assert.equal(all.filter((r) => r.flags.interrupted).length, 1);
});

test('output that arrives after its cell finished is added to the cell, with a note', async () => {
  const frames = await framesOf('samples/notebook6-session.har');
  const hello = frames.find((f) => payload(f).text === 'Hello from harknife\n')!;
  const message = JSON.parse(hello.data!) as { header: { msg_id: string }; msg_id?: string; content: { text: string } };
  message.header.msg_id = 'late-output-1';
  if (message.msg_id !== undefined) message.msg_id = 'late-output-1';
  message.content.text = 'printed by a thread later\n';
  const late = { ...hello, index: 9999, time: (frames[frames.length - 1]!.time ?? 0) + 1, data: JSON.stringify(message) };
  const [build] = await notebooksOf([ndjsonSource('late.ndjson', [...frames, late])]);
  const cell = (build!.notebook.cells as Record<string, any>[])[0]!;
  assert.deepEqual(cell.outputs, [{ name: 'stdout', output_type: 'stream', text: ['Hello from harknife\n', 'printed by a thread later\n'] }]);
  assert.match(cell.metadata.harknife.notes.join('\n'), /1 message arrived after the cell had finished/);
});
