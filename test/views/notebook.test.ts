/**
 * `har notebook` as a library on the real captures in samples/: valid nbformat 4.5, and code
 * cells equal to the notebook each session saved; on the reload sample, the cell holds the
 * output its saved notebook lost.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { NotebookBuild } from '../../src/views/index.js';
import { comparableCodeCells, fileSource, notebooksOf, sampleCaptures, SAMPLES, validateNotebook } from './notebook-helpers.js';

async function rebuildOne(har: string): Promise<NotebookBuild> {
  const warnings: string[] = [];
  const builds = await notebooksOf(fileSource(har), { onWarning: (m) => warnings.push(m) });
  assert.equal(builds.length, 1, `${har}: one kernel`);
  assert.deepEqual(warnings, []);
  return builds[0]!;
}

for (const sample of sampleCaptures()) {
  test(`${sample.name}: valid nbformat 4.5, code cells equal the saved notebook's (streams merged)`, async () => {
    const build = await rebuildOne(sample.har);
    const { valid, errors } = validateNotebook(build.notebook);
    assert.ok(valid, JSON.stringify(errors));
    const saved = JSON.parse(readFileSync(sample.ipynb, 'utf8')) as unknown;
    assert.ok(validateNotebook(saved).valid, 'the saved notebook is valid too');
    const rebuilt = comparableCodeCells(build.notebook);
    const expected = comparableCodeCells(saved);
    if (sample.name.startsWith('notebook6-reload')) {
      // The cell running across the reload: the saved notebook has neither its output nor its count.
      const lost = expected.findIndex((c) => c.source.includes('second {i}'));
      assert.deepEqual(expected[lost], { source: expected[lost]!.source, execution_count: null, outputs: [] });
      rebuilt.splice(lost, 1);
      expected.splice(lost, 1);
    }
    assert.deepEqual(rebuilt, expected);
  });
}

test('notebook6-reload: the cell holds the lines printed after the reload, marked recovered from the second connection', async () => {
  const build = await rebuildOne('samples/notebook6-reload.har');
  assert.equal(build.recovered_outputs, 4);
  assert.equal(build.recovered_cells, 1);
  const cells = build.notebook.cells as Record<string, any>[];
  const cell = cells.find((c) => c.source.join('').includes('second {i}'))!;
  assert.equal(cell.execution_count, 2);
  // 0–3 before the reload on the first socket; 4 and 5 were discarded by the server; 6–9 on the second.
  assert.deepEqual(cell.outputs, [
    { name: 'stdout', output_type: 'stream', text: ['second 0\n', 'second 1\n', 'second 2\n', 'second 3\n', 'second 6\n', 'second 7\n', 'second 8\n', 'second 9\n'] },
  ]);
  const recovered = cell.metadata.harknife.recovered;
  assert.equal(recovered.outputs, 4);
  assert.deepEqual(recovered.connections.map((c: any) => [c.entry, c.session_id]), [[78, 'ffd37ae2b3994006827e632823948db9']]);
  assert.match(cell.metadata.harknife.notes.join('\n'), /no execute_reply/);
  // The kernel's own dates, as JupyterLab's recordTiming stores them; no reply, so no shell.* keys.
  assert.deepEqual(Object.keys(cell.metadata.execution).sort(), ['iopub.execute_input', 'iopub.status.busy', 'iopub.status.idle']);
  // The skeleton is the last PUT (the save after the reload): the ids it has are kept (the two cells
  // the reloaded page added have none in the PUT body; the server gave them ids on disk, we our own).
  const saved = JSON.parse(readFileSync(`${SAMPLES}notebook6-reload.ipynb`, 'utf8'));
  assert.deepEqual(cells.slice(0, 2).map((c) => c.id), saved.cells.slice(0, 2).map((c: any) => c.id));
  assert.equal(cells[2]!.id, 'c296c4385e05413ab033f0df2383ff45', 'the msg_id of the request that ran it');
  assert.equal(build.notebook.metadata && (build.notebook.metadata as any).harknife.skeleton.from, 'PUT');
});

test('notebook6-session: kernelspec from the kernelspecs API, language_info from kernel_info_reply, timing keys from the kernel', async () => {
  const build = await rebuildOne('samples/notebook6-session.har');
  const metadata = build.notebook.metadata as Record<string, any>;
  assert.deepEqual(metadata.kernelspec, { display_name: 'Python 3 (ipykernel)', language: 'python', name: 'python3' });
  assert.equal(metadata.language_info.name, 'python');
  assert.equal(metadata.language_info.version, '3.11.2');
  const first = (build.notebook.cells as Record<string, any>[])[0]!;
  assert.deepEqual(Object.keys(first.metadata.execution).sort(), [
    'iopub.execute_input',
    'iopub.status.busy',
    'iopub.status.idle',
    'shell.execute_reply',
    'shell.execute_reply.started',
  ]);
  for (const value of Object.values(first.metadata.execution)) assert.match(String(value), /^2026-11-25T\d\d:\d\d:\d\d\.\d{6}Z$/);
});

test('the rate-limit notice stays as the stderr stream the frontend shows', async () => {
  const build = await rebuildOne('samples/notebook6-session.har');
  const burst = (build.notebook.cells as Record<string, any>[]).find((c) => c.source.join('') === 'for i in range(5000): print(i, flush=True)')!;
  const stderr = burst.outputs.filter((o: any) => o.name === 'stderr');
  assert.equal(stderr.length, 1);
  assert.match(stderr[0].text.join(''), /^IOPub message rate exceeded\./);
});

test('input() answered in classic Notebook: recorded as the frontend records it (prompt + value on stdout)', async () => {
  const build = await rebuildOne('samples/notebook6-session.har');
  const cell = (build.notebook.cells as Record<string, any>[]).find((c) => c.source.join('').startsWith('name = input('))!;
  assert.deepEqual(cell.outputs, [{ name: 'stdout', output_type: 'stream', text: ['What is your name? Ada\n', 'Hello, Ada\n'] }]);
});

test('without a notebook document: one code cell per execute_request, in send order, with generated ids', async () => {
  const build = await rebuildOne('samples/jupyter-server-v1.playwright.har');
  assert.match(build.notes.join('\n'), /no notebook document/);
  const cells = build.notebook.cells as Record<string, any>[];
  assert.equal(cells.length, 11);
  assert.ok(cells.every((c) => c.cell_type === 'code' && /^[a-zA-Z0-9-_]{1,64}$/.test(c.id)));
  assert.equal(new Set(cells.map((c) => c.id)).size, cells.length);
  assert.ok(validateNotebook(build.notebook).valid);
});
