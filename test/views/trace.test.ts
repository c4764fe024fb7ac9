import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sessionTrace, sessionTraceUntilError, traceJsonParts, type TraceEvent, type TraceFile } from '../../src/views/trace.js';
import { writeLongSession } from '../helpers/long-session.js';
import { fileSource, LIMITS, NOTEBOOK6, V1 } from './helpers.js';

const PHASES = new Set(['X', 'B', 'E', 'b', 'e', 'i', 'M']);

/** The Trace Event Format's required fields, as Perfetto's JSON importer reads them. */
function checkFormat(trace: TraceFile): void {
  assert.ok(Array.isArray(trace.traceEvents));
  assert.equal(trace.displayTimeUnit, 'ms');
  const named = new Set<number>();
  for (const event of trace.traceEvents) {
    assert.equal(typeof event.name, 'string', JSON.stringify(event));
    assert.ok(PHASES.has(event.ph), event.ph);
    assert.ok(Number.isInteger(event.ts) && event.ts >= 0, `ts ${event.ts}`);
    assert.ok(Number.isInteger(event.pid) && Number.isInteger(event.tid));
    if (event.ph === 'X') assert.ok(Number.isInteger(event.dur) && event.dur! >= 0, `dur of ${event.name}`);
    if (event.ph === 'i') assert.ok(event.s === 'g' || event.s === 'p' || event.s === 't');
    if (event.ph === 'b' || event.ph === 'e') assert.ok(typeof event.id === 'string' && typeof event.cat === 'string');
    if (event.ph === 'M') {
      assert.ok(['process_name', 'thread_name', 'thread_sort_index'].includes(event.name));
      if (event.name !== 'thread_sort_index') assert.equal(typeof event.args?.['name'], 'string');
      if (event.name === 'process_name') named.add(event.pid);
    }
  }
  for (const event of trace.traceEvents) assert.ok(named.has(event.pid), `pid ${event.pid} has a process_name`);
  // Every async begin has its end.
  const open = new Map<string, number>();
  for (const event of trace.traceEvents) {
    if (event.ph === 'b') open.set(event.id!, (open.get(event.id!) ?? 0) + 1);
    if (event.ph === 'e') open.set(event.id!, (open.get(event.id!) ?? 0) - 1);
  }
  assert.ok([...open.values()].every((n) => n === 0));
  // Complete events on one thread never overlap partially (they would not nest).
  const byThread = new Map<string, TraceEvent[]>();
  for (const event of trace.traceEvents.filter((e) => e.ph === 'X')) {
    const key = `${event.pid}/${event.tid}`;
    byThread.set(key, [...(byThread.get(key) ?? []), event]);
  }
  for (const events of byThread.values()) {
    events.sort((a, b) => a.ts - b.ts);
    for (let i = 1; i < events.length; i++) assert.ok(events[i]!.ts >= events[i - 1]!.ts + events[i - 1]!.dur!, `${events[i]!.name} overlaps ${events[i - 1]!.name}`);
  }
}

test('notebook6: valid trace events, a complete event per executed cell with code, status and count', async () => {
  const trace = await sessionTrace([fileSource(NOTEBOOK6)]);
  checkFormat(trace);
  const cells = trace.traceEvents.filter((e) => e.cat === 'cell');
  assert.equal(cells.length, 13);
  assert.ok(cells.every((c) => c.ph === 'X' && typeof c.args?.['code'] === 'string' && typeof c.args['status'] === 'string' && typeof c.args['execution_count'] === 'number'));
  assert.equal(cells[0]!.name, '[1] print("Hello from harknife")');
  const processes = trace.traceEvents.filter((e) => e.name === 'process_name');
  assert.deepEqual(processes.map((p) => p.args?.['name']), ['kernel 4c61952a-c44d-441f-b754-c871de32c81d']);
  const threads = trace.traceEvents.filter((e) => e.name === 'thread_name').map((e) => e.args?.['name']);
  assert.ok(threads.includes('shell'));
  assert.equal(threads.filter((t) => String(t).startsWith('connection entry')).length, 2);
  const instants = trace.traceEvents.filter((e) => e.ph === 'i').map((e) => e.name);
  for (const name of ['restart', 'connection gap', 'IOPub message rate exceeded']) assert.ok(instants.includes(name), name);
  // The page sends kernel_info, comm_info and two comm_open at once: in flight together.
  const inFlight = trace.traceEvents.filter((e) => e.ph === 'b').map((e) => e.name);
  assert.deepEqual(inFlight.slice(0, 4), ['kernel_info_request', 'comm_info_request', 'comm_open', 'comm_open']);
});

test('the limits sample: interrupt and both rate-limit notices are instant events', async () => {
  const trace = await sessionTrace([fileSource(LIMITS)]);
  checkFormat(trace);
  const instants = trace.traceEvents.filter((e) => e.ph === 'i').map((e) => e.name);
  assert.ok(instants.includes('interrupt'));
  assert.equal(instants.filter((n) => n === 'IOPub message rate exceeded').length, 3);
  assert.equal(instants.filter((n) => n === 'IOPub data rate exceeded').length, 1);
  assert.equal(trace.traceEvents.filter((e) => e.cat === 'cell').length, 5);
});

test('v1: requests sent together overlap: lanes keep complete events nested, async events mark the overlap', async () => {
  const trace = await sessionTrace([fileSource(V1)]);
  checkFormat(trace);
  assert.equal(trace.traceEvents.filter((e) => e.cat === 'cell').length, 11);
  assert.equal(trace.otherData['capture_start'], '2026-11-25T16:57:49.764Z');
});

test('traceJsonParts: the streamed text is JSON.stringify of the whole trace file, in pieces of about 64 KiB', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'harknife-trace-'));
  try {
    const input = join(dir, 'frames.ndjson');
    writeLongSession(input, 3000, (n) => [{ name: 'stdout', text: `${n}\n` }]);
    const whole = `${JSON.stringify(await sessionTrace([fileSource(input)]))}\n`;
    const { trace, error } = await sessionTraceUntilError([fileSource(input)]);
    assert.equal(error, null);
    const parts = [...traceJsonParts(trace)];
    assert.ok(parts.length > 5, `${parts.length} parts`);
    assert.ok(parts.every((part) => part.length < 70 * 1024));
    assert.equal(parts.join(''), whole);
    // Events are given once: the parts let each go as they are written.
    assert.deepEqual([...trace.events], []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
