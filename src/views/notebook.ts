/**
 * `har notebook`: an nbformat 4.5 notebook rebuilt from a capture. The skeleton comes from the
 * notebook document the capture holds; outputs, execution counts and timings come from the
 * kernel traffic, so output the page lost (a reload, a reconnect) is back in its cell.
 */
import { isJsonObject, type JsonObject, type NotebookOutput } from '../kernel/index.js';
import { placeCells, skeletonCells, type Placement, type SkeletonCell } from './notebook-skeleton.js';
import type { ExecutedCell, KernelSession } from './session-cells.js';

export interface NotebookBuild {
  kernel_id: string | null;
  notebook: JsonObject;
  /** Output messages put back in their cell although they reached only a later connection. */
  recovered_outputs: number;
  /** Cells whose output was recovered that way. */
  recovered_cells: number;
  notes: string[];
}

/** Cell ids: 1–64 characters of letters, digits, `-` and `_` (nbformat 4.5). */
const CELL_ID = /^[a-zA-Z0-9-_]{1,64}$/;

export function buildNotebook(session: KernelSession): NotebookBuild {
  const notes: string[] = [];
  const document = session.document;
  if (document === null) notes.push('the capture holds no notebook document (contents API): one code cell per execute_request');
  const skeleton = skeletonCells(document?.content ?? null);
  const ids = new CellIds();
  let recoveredOutputs = 0;
  let recoveredCells = 0;
  const cells = placeCells(skeleton, session.cells).map((placement, index) => {
    const recovered = placement.executed?.recovered_outputs ?? 0;
    if (recovered > 0) [recoveredOutputs, recoveredCells] = [recoveredOutputs + recovered, recoveredCells + 1];
    return lazyCell(placement, ids.next(placement, index));
  });
  const metadata: JsonObject = { ...(isJsonObject(document?.content.metadata) ? document.content.metadata : {}) };
  const spec = session.kernelspec;
  if (spec !== null) metadata.kernelspec = { display_name: spec.display_name, ...(spec.language === null ? {} : { language: spec.language }), name: spec.name };
  else if (!isJsonObject(metadata.kernelspec)) notes.push('no kernel spec in the capture (sessions and kernelspecs API): metadata.kernelspec left out');
  const info = session.kernel_info;
  if (info !== null && isJsonObject(info.language_info)) metadata.language_info = info.language_info;
  else notes.push(`no kernel_info_reply in the capture: language_info ${isJsonObject(metadata.language_info) ? 'kept from the notebook document' : 'left out'}`);
  metadata.harknife = {
    kernel_id: session.kernel_id,
    skeleton: document === null ? null : { path: document.path, from: document.how, file: document.file, entry: document.entry },
    recovered_outputs: recoveredOutputs,
    ...(notes.length > 0 ? { notes } : {}),
  };
  return {
    kernel_id: session.kernel_id,
    notebook: { cells, metadata, nbformat: 4, nbformat_minor: 5 },
    recovered_outputs: recoveredOutputs,
    recovered_cells: recoveredCells,
    notes,
  };
}

/**
 * A spilled cell is read back only when JSON.stringify reaches it (it calls toJSON before the
 * replacer), so one cell at a time is in memory as the notebook is written.
 */
function lazyCell(placement: Placement, id: string): JsonObject | { toJSON(): JsonObject } {
  const { skeleton, executed } = placement;
  if (executed?.spilled === true) return { toJSON: () => notebookCell(skeleton, executed.read(), id) };
  return notebookCell(skeleton, executed?.read() ?? null, id);
}

function notebookCell(skeleton: SkeletonCell | null, executed: ExecutedCell | null, id: string): JsonObject {
  const metadata: JsonObject = { ...(skeleton?.metadata ?? {}) };
  const cellType = skeleton?.cell_type ?? 'code';
  const source = skeleton?.source ?? executed?.code ?? '';
  if (cellType !== 'code') {
    const cell: JsonObject = { cell_type: cellType === 'markdown' ? 'markdown' : 'raw', id, metadata, source: splitLines(source) };
    if (skeleton?.attachments) cell.attachments = skeleton.attachments;
    return cell;
  }
  if (executed === null) {
    return { cell_type: 'code', execution_count: skeleton?.execution_count ?? null, id, metadata, outputs: skeleton?.outputs ?? [], source: splitLines(source) };
  }
  if (Object.keys(executed.timing).length > 0) metadata.execution = { ...executed.timing };
  const harknife = cellNote(executed);
  if (harknife !== null) metadata.harknife = harknife;
  else delete metadata.harknife;
  return {
    cell_type: 'code',
    execution_count: executed.execution_count,
    id,
    metadata,
    outputs: executed.outputs.map(nbformatOutput),
    source: splitLines(source),
  };
}

/** What the cell's metadata says about how it was rebuilt: recovered output and unknowns. */
function cellNote(cell: ExecutedCell): JsonObject | null {
  const note: JsonObject = {};
  if (cell.recovery !== null) {
    note.recovered = {
      outputs: cell.recovery.outputs,
      connections: cell.recovery.connections.map((c) => ({ file: c.file, entry: c.entry, session_id: c.session_id })),
    };
  }
  if (cell.notes.length > 0) note.notes = cell.notes;
  return Object.keys(note).length === 0 ? null : note;
}

function nbformatOutput(output: NotebookOutput): JsonObject {
  switch (output.output_type) {
    case 'stream':
      return { name: output.name, output_type: 'stream', text: splitLines(output.text) };
    case 'error':
      return { ename: output.ename, evalue: output.evalue, output_type: 'error', traceback: output.traceback };
    case 'display_data':
      return { data: splitBundle(output.data), metadata: output.metadata, output_type: 'display_data' };
    case 'execute_result':
      return { data: splitBundle(output.data), execution_count: output.execution_count, metadata: output.metadata, output_type: 'execute_result' };
  }
}

/** nbformat writes text as lists of lines: text/* types and these two (`nbformat.v4.rwbase`). */
const SPLIT_TYPES = new Set(['application/javascript', 'image/svg+xml']);

function splitBundle(data: JsonObject): JsonObject {
  return Object.fromEntries(
    Object.entries(data).map(([type, value]) => [type, typeof value === 'string' && (type.startsWith('text/') || SPLIT_TYPES.has(type)) ? splitLines(value) : value]),
  );
}

/** Python's `str.splitlines(True)`, which nbformat uses: every line keeps its end. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]|$)/g)?.filter((line) => line !== '') ?? [];
}

/** Keeps the document's ids; gives the others a stable one (the request's msg_id, else the position). */
class CellIds {
  private readonly used = new Set<string>();

  next(placement: Placement, index: number): string {
    const own = placement.skeleton?.id ?? null;
    const fromRequest = placement.executed?.msg_id.replace(/[^a-zA-Z0-9-_]/g, '').slice(0, 64) ?? '';
    const base = own !== null && CELL_ID.test(own) ? own : fromRequest !== '' ? fromRequest : `cell-${index}`;
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base.slice(0, 60)}-${n}`;
    this.used.add(id);
    return id;
  }
}

/**
 * The notebook as nbformat writes it: keys sorted, one-space indent, a final newline. The keys
 * are sorted per object as JSON.stringify reaches it, so no sorted copy of the whole notebook
 * is ever held.
 */
export function notebookJson(notebook: JsonObject): string {
  return [...notebookJsonParts(notebook)].join('');
}

/**
 * `notebookJson` a cell at a time, so that the text of the whole notebook (outputs of a long
 * session: tens of MB, twice that as a JavaScript string of non-Latin text) is never held at once.
 */
export function* notebookJsonParts(notebook: JsonObject): Generator<string> {
  const { cells, ...rest } = notebook;
  if (!Array.isArray(cells)) {
    yield `${JSON.stringify(notebook, sortedKeys, 1)}\n`;
    return;
  }
  const keys = Object.keys(notebook).sort();
  yield '{';
  for (const [k, key] of keys.entries()) {
    const comma = k < keys.length - 1 ? ',' : '';
    if (key === 'cells') {
      if (cells.length === 0) {
        yield `\n "cells": []${comma}`;
        continue;
      }
      yield '\n "cells": [';
      // JSON text never holds a raw line end, so each of a nested value's lines is indented in place.
      for (const [i, cell] of cells.entries()) yield `\n  ${JSON.stringify(cell, sortedKeys, 1).replace(/\n/g, '\n  ')}${i < cells.length - 1 ? ',' : ''}`;
      yield `\n ]${comma}`;
    } else {
      yield `\n ${JSON.stringify(key)}: ${JSON.stringify(rest[key], sortedKeys, 1).replace(/\n/g, '\n ')}${comma}`;
    }
  }
  yield '\n}\n';
}

/** Object.fromEntries defines own keys, so a `__proto__` key from the data stays a key. */
function sortedKeys(_key: string, value: unknown): unknown {
  if (!isJsonObject(value) || Array.isArray(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, value[k]]));
}
