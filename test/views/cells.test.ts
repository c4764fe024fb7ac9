/** `har cells` as a library on the real captures: sorting, top N, the summary, the flags. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellSummaryText, cellsReport, summarizeCells } from '../../src/views/index.js';
import { fileSource } from './notebook-helpers.js';

test('--sort wall puts the slowest cell first; --top keeps the first N', async () => {
  const { all } = await cellsReport(fileSource('samples/notebook6-session.har'));
  const slowest = Math.max(...all.map((r) => r.wall_ms ?? -1));
  const { records } = await cellsReport(fileSource('samples/notebook6-session.har'), { sort: 'wall', top: 3 });
  assert.equal(records.length, 3);
  assert.equal(records[0]!.wall_ms, slowest);
  assert.equal(records[0]!.first_line, 'for i in range(5000): print(i, flush=True)');
  assert.ok(records[0]!.wall_ms! >= records[1]!.wall_ms! && records[1]!.wall_ms! >= records[2]!.wall_ms!);
});

test('session order by default, with execution counts restarting after the restart', async () => {
  const { records } = await cellsReport(fileSource('samples/notebook6-session.har'));
  assert.deepEqual(records.map((r) => r.execution_count), [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5]);
});

test('flags: error, rate-limited, recovered and no reply where the samples have them', async () => {
  const session = (await cellsReport(fileSource('samples/notebook6-session.har'))).all;
  assert.deepEqual(session.filter((r) => r.flags.error).map((r) => r.first_line), ['1 / 0']);
  assert.equal(session.find((r) => r.first_line === '1 / 0')!.status, 'error');
  assert.deepEqual(session.filter((r) => r.flags.rate_limited).map((r) => r.first_line), ['for i in range(5000): print(i, flush=True)']);
  const reload = (await cellsReport(fileSource('samples/notebook6-reload.har'))).all;
  const across = reload.find((r) => r.first_line === 'import time')!;
  assert.deepEqual([across.flags.recovered, across.flags.no_reply, across.status], [true, true, null]);
  assert.deepEqual(across.recovered_from.map((c) => c.entry), [78]);
  assert.equal(across.output_messages, 8);
  assert.equal(across.output_bytes, 'second 0\n'.length * 8);
});

test('p50/p95/max by nearest rank over the known durations', () => {
  const rows = [10, 20, 30, 40, null].map((wall, i) => ({ wall_ms: wall, queued_ms: i, running_ms: null }) as never);
  const [queued, running, wall] = summarizeCells(rows);
  assert.deepEqual(wall, { measure: 'wall', cells: 4, p50: 20, p95: 40, max: 40 });
  assert.deepEqual(running, { measure: 'running', cells: 0, p50: null, p95: null, max: null });
  assert.equal(queued!.max, 4);
  assert.match(cellSummaryText([wall!], 2, 5), /^2 of 5 cells shown; over all 5:\nwall    p50      20\.0  p95      40\.0  max      40\.0  \(4 of 5 cells known\)\n$/);
});
