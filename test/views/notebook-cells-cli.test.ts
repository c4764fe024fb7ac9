/**
 * `har notebook` and `har cells` as a user runs them: stdin (a HAR or `har ws-messages`
 * NDJSON), several files, entry filters, formats by terminal or pipe, -o, exit codes.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runHar } from '../helpers/cli.js';
import { validateNotebook } from './notebook-helpers.js';

const RELOAD = `${ROOT}samples/notebook6-reload.har`;
const SESSION = `${ROOT}samples/notebook6-session.har`;
const V1 = `${ROOT}samples/jupyter-server-v1.har`;
const dir = mkdtempSync(join(tmpdir(), 'harknife-views-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a HAR on stdin and the same capture as ws-messages NDJSON give the same cells', async () => {
  const fromFile = await runHar(['cells', '-f', 'json', RELOAD]);
  const fromStdin = await runHar(['cells', '-f', 'json'], { stdin: readFileSync(RELOAD) });
  const frames = await runHar(['ws-messages', RELOAD]);
  const fromNdjson = await runHar(['cells', '-f', 'json', '-'], { stdin: frames.stdout });
  assert.equal(fromFile.code, 0);
  const strip = (text: string) => (JSON.parse(text) as { recovered_from: { file: string }[] }[]).map((r) => ({ ...r, recovered_from: r.recovered_from.map((c) => ({ ...c, file: '' })) }));
  assert.deepEqual(strip(fromStdin.stdout), strip(fromFile.stdout));
  assert.deepEqual(strip(fromNdjson.stdout), strip(fromFile.stdout));
});

test('NDJSON on stdin has no notebook document: the rebuilt notebook says so and is still valid', async () => {
  const frames = await runHar(['ws-messages', RELOAD]);
  const result = await runHar(['notebook'], { stdin: frames.stdout });
  assert.equal(result.code, 0);
  const notebook = JSON.parse(result.stdout);
  assert.ok(validateNotebook(notebook).valid);
  assert.match(notebook.metadata.harknife.notes.join('\n'), /no notebook document/);
  assert.match(result.stderr, /4 output messages recovered in 1 cell/);
});

test('a table with its summary on a terminal, JSON when piped', async () => {
  const terminal = await runHar(['cells', SESSION], { tty: true, columns: 200, env: { NO_COLOR: '1' } });
  assert.match(terminal.stdout, /^│? ?kernel/m);
  assert.match(terminal.stdout, /^13 cells:\nqueued {2}p50/m);
  const piped = await runHar(['cells', SESSION]);
  assert.equal(JSON.parse(piped.stdout).length, 13);
  assert.doesNotMatch(piped.stdout, /p50/);
  const text = await runHar(['notebook', SESSION], { tty: true });
  assert.match(text.stdout, /^In \[1\]: print\("Hello from harknife"\)$/m);
});

test('entry filters apply: no kernel socket left, no cells, exit 1', async () => {
  const kept = await runHar(['cells', '-f', 'json', '--type', 'websocket', SESSION]);
  assert.equal(JSON.parse(kept.stdout).length, 13);
  const none = await runHar(['cells', '-f', 'json', '--type', 'xhr', SESSION]);
  assert.deepEqual(JSON.parse(none.stdout), []);
  const notebook = await runHar(['notebook', '--type', 'xhr', SESSION]);
  assert.equal(notebook.code, 1);
  assert.match(notebook.stderr, /no executed cells/);
});

test('two kernels: a usage error naming them, --kernel picks one, -o DIR/ writes one notebook each', async () => {
  const both = await runHar(['notebook', SESSION, V1]);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /2 kernels in the input \(4c61952a-c44d-441f-b754-c871de32c81d, b3eb45ed-5aee-44da-8371-f512a45cb511\)/);
  const one = await runHar(['notebook', '--kernel', 'b3eb45ed', SESSION, V1]);
  assert.equal(one.code, 0);
  assert.equal(JSON.parse(one.stdout).metadata.harknife.kernel_id, 'b3eb45ed-5aee-44da-8371-f512a45cb511');
  const out = join(dir, 'notebooks/');
  const written = await runHar(['notebook', '-o', out, SESSION, V1]);
  assert.equal(written.code, 0);
  assert.deepEqual(readdirSync(out).sort(), ['4c61952a-c44d-441f-b754-c871de32c81d.ipynb', 'b3eb45ed-5aee-44da-8371-f512a45cb511.ipynb']);
  for (const name of readdirSync(out)) assert.ok(validateNotebook(JSON.parse(readFileSync(join(out, name), 'utf8'))).valid);
});

test('-o FILE writes the notebook as nbformat does (sorted keys, one-space indent)', async () => {
  const path = join(dir, 'reload.ipynb');
  const result = await runHar(['notebook', RELOAD, '-o', path]);
  assert.equal(result.code, 0);
  assert.equal(result.stdout, '');
  const text = readFileSync(path, 'utf8');
  assert.ok(text.startsWith('{\n "cells": [\n  {\n   "cell_type": "code",\n   "execution_count": 1,\n'));
  assert.ok(text.endsWith('\n "nbformat": 4,\n "nbformat_minor": 5\n}\n'));
});

test('bad input: a missing file exits 4, a non-HAR 5, a bad --top 2', async () => {
  assert.equal((await runHar(['notebook', join(dir, 'missing.har')])).code, 4);
  assert.equal((await runHar(['cells', '-f', 'json'], { stdin: '{"log": 3}' })).code, 5);
  assert.equal((await runHar(['cells', '--top', '-1', SESSION])).code, 2);
  assert.equal((await runHar(['notebook', '-f', 'text', '-o', join(dir, 'x.ipynb'), SESSION])).code, 2);
});
