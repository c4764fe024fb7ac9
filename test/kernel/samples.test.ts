/**
 * Real captures from samples/ (recorded with a real browser against real servers), checked
 * against their ground truth: what the notebook showed (`<name>.cells.json`). Skipped when a
 * capture is not there yet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { entryFrames, type FrameProblem } from '../../src/ws/frames.js';
import { decodeFrameRecord, type DecodedRecord, type MessageRecord } from '../../src/kernel/decode-record.js';
import { buildConversations } from '../../src/kernel/conversation.js';
import { renderTranscript } from '../../src/kernel/transcript.js';
import type { NotebookOutput } from '../../src/kernel/output-area.js';

const SAMPLES = new URL('../../../samples/', import.meta.url);

interface GroundTruthCell {
  source: string;
  execution_count: number | null;
  outputs: (NotebookOutput | { output_type: 'stream'; name: string; text: string | string[] })[];
  input_answer?: string;
  /** v1 sample: the reply status and iopub msg_types the client saw for this cell. */
  status?: string;
  iopub?: string[];
  comm?: { sent: CommSeen[]; received: CommSeen[] };
}

interface CommSeen {
  msg_type?: string;
  data: unknown;
  buffers?: number[][];
}

interface Capture {
  records: DecodedRecord[];
  problems: FrameProblem[];
  kernelFrames: number;
}

function decodeHar(path: URL): Capture {
  const har = JSON.parse(readFileSync(path, 'utf8')) as { log: { entries: unknown[] } };
  const capture: Capture = { records: [], problems: [], kernelFrames: 0 };
  har.log.entries.forEach((entry, index) => {
    const { frames, problems } = entryFrames(entry, index);
    capture.problems.push(...problems);
    for (const frame of frames) {
      if (frame.kernel_id !== null) capture.kernelFrames++;
      capture.records.push(decodeFrameRecord(frame));
    }
  });
  return capture;
}

/** nbformat-equivalent outputs: stream text joined, consecutive streams of one name merged (display is the same). */
function normalize(outputs: GroundTruthCell['outputs']): NotebookOutput[] {
  const merged: NotebookOutput[] = [];
  for (const output of outputs) {
    const last = merged[merged.length - 1];
    if (output.output_type === 'stream') {
      const text = Array.isArray(output.text) ? output.text.join('') : output.text;
      if (last?.output_type === 'stream' && last.name === output.name) last.text += text;
      else merged.push({ output_type: 'stream', name: output.name, text });
    } else merged.push(output as NotebookOutput);
  }
  return merged;
}

const CAPTURES = [
  { name: 'notebook6-session', har: 'notebook6-session.har', wire: ['legacy-text', 'legacy-binary'] },
  { name: 'notebook6-session', har: 'notebook6-session.playwright.har', wire: ['legacy-text', 'legacy-binary'] },
  { name: 'jupyter-server-v1', har: 'jupyter-server-v1.har', wire: ['v1'] },
  { name: 'jupyter-server-v1', har: 'jupyter-server-v1.playwright.har', wire: ['v1'] },
];

for (const { name, har, wire } of CAPTURES) {
  const harPath = new URL(har, SAMPLES);
  const truthPath = new URL(`${name}.cells.json`, SAMPLES);
  const skip = existsSync(harPath) && existsSync(truthPath) ? false : `samples/${har} or its ground truth is not there yet`;

  test(`${har}: every kernel frame decodes, in the expected wire format`, { skip }, () => {
    const { records, problems, kernelFrames } = decodeHar(harPath);
    assert.deepEqual(problems, []);
    const kernel = records.filter((r) => r.kernel_id !== null);
    assert.equal(kernel.length, kernelFrames);
    assert.ok(kernelFrames > 0);
    assert.deepEqual(kernel.filter((r) => r.kind === 'malformed'), []);
    const messages = kernel.filter((r): r is MessageRecord => r.kind === 'message');
    assert.ok(messages.every((m) => wire.includes(m.wire)), `wire formats: ${[...new Set(messages.map((m) => m.wire))].join(', ')}`);
  });

  test(`${har}: one execute conversation per cell that ran, with its code and outputs`, { skip }, () => {
    const cells = (JSON.parse(readFileSync(truthPath, 'utf8')) as GroundTruthCell[]).filter((c) => c.execution_count !== null);
    const report = buildConversations(decodeHar(harPath).records);
    const executes = report.conversations.filter((c) => c.msg_type === 'execute_request' && !c.silent);
    assert.equal(executes.length, cells.length);
    cells.forEach((cell, i) => {
      const conv = executes[i]!;
      assert.equal(conv.code, cell.source, `cell ${i} code`);
      assert.equal(conv.execution_count, cell.execution_count, `cell ${i} execution_count`);
      assert.equal(conv.done, true, `cell ${i} done`);
      assert.deepEqual(conv.outputs, normalize(cell.outputs), `cell ${i} outputs`);
      if (cell.input_answer !== undefined) assert.equal(conv.stdin[0]?.value, cell.input_answer, `cell ${i} stdin`);
      if (cell.status !== undefined) assert.equal(conv.status, cell.status, `cell ${i} reply status`);
      if (cell.iopub !== undefined) {
        const iopub = conv.messages.filter((m) => m.channel === 'iopub').map((m) => m.msg_type);
        assert.deepEqual(iopub, cell.iopub, `cell ${i} iopub messages`);
      }
    });
  });

  test(`${har}: comm buffers come out byte for byte, both directions`, { skip }, () => {
    const cells = JSON.parse(readFileSync(truthPath, 'utf8')) as GroundTruthCell[];
    const comms = cells.flatMap((c) => (c.comm === undefined ? [] : [c.comm]));
    if (comms.length === 0) return;
    const messages = decodeHar(harPath).records.filter((r): r is MessageRecord => r.kind === 'message' && r.msg_type.startsWith('comm_'));
    const bytes = (m: MessageRecord) => m.buffers.map((b) => [...Buffer.from(b.base64, 'base64')]);
    for (const comm of comms) {
      for (const sent of comm.sent) {
        const match = messages.find((m) => m.direction === 'send' && m.msg_type === sent.msg_type && JSON.stringify(m.content.data) === JSON.stringify(sent.data));
        assert.ok(match, JSON.stringify(sent.data));
        assert.deepEqual(bytes(match), sent.buffers ?? []);
      }
      for (const received of comm.received) {
        const match = messages.find((m) => m.direction === 'receive' && JSON.stringify(m.content.data) === JSON.stringify(received.data));
        assert.ok(match, JSON.stringify(received.data));
        assert.deepEqual(bytes(match), received.buffers ?? []);
      }
    }
  });

  test(`${har}: the failing cell's traceback is an error message`, { skip }, () => {
    const cells = JSON.parse(readFileSync(truthPath, 'utf8')) as GroundTruthCell[];
    const expected = cells.flatMap((c) => c.outputs).filter((o) => o.output_type === 'error');
    assert.ok(expected.length > 0, 'the ground truth has an error cell');
    const errors = decodeHar(harPath).records.filter((r): r is MessageRecord => r.kind === 'message' && r.msg_type === 'error');
    for (const output of expected) {
      assert.ok(errors.some((e) => JSON.stringify(e.content.traceback) === JSON.stringify(output.traceback)), output.ename);
    }
  });

  test(`${har}: transcript, restarts and rate limit`, { skip }, () => {
    const report = buildConversations(decodeHar(harPath).records);
    const transcript = renderTranscript(report);
    const cells = (JSON.parse(readFileSync(truthPath, 'utf8')) as GroundTruthCell[]).filter((c) => c.execution_count !== null);
    for (const cell of cells) assert.ok(transcript.includes(`In [${cell.execution_count}]: ${cell.source.split('\n')[0]}`), cell.source);
    assert.doesNotMatch(transcript, /\u001b\[/);
    const restarts = cells.filter((c, i) => i > 0 && c.execution_count! <= cells[i - 1]!.execution_count!).length;
    assert.equal(transcript.split('\n').filter((l) => l === '[restart]').length, restarts);
    const limited = cells.some((c) => c.outputs.some((o) => o.output_type === 'stream' && String(o.text).startsWith('IOPub')));
    assert.equal(report.conversations.some((c) => c.flags.rate_limited), limited);
  });
}
