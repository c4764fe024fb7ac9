/** Shared by the har notebook and har cells tests: the samples, their frames, the nbformat schema. */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { bufferSource, inputSources, type InputSource } from '../../src/read/input.js';
import type { FrameRecord } from '../../src/ws/frames.js';
import { streamFrames } from '../../src/ws/stream.js';
import { rebuildNotebooks, type NotebookBuild, type NotebookOptions } from '../../src/views/index.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SAMPLES = `${ROOT}samples/`;

/** Every capture in samples/ with the notebook its session saved. */
export function sampleCaptures(): { har: string; name: string; ipynb: string }[] {
  return readdirSync(SAMPLES)
    .filter((name) => name.endsWith('.har'))
    .sort()
    .map((name) => {
      // FILE.har, FILE.playwright.har and FILE.sanitized.har are one session, saved as FILE.ipynb.
      const base = name.replace(/(\.playwright|\.sanitized)?\.har$/, '');
      return { har: `samples/${name}`, name: name.replace(/\.har$/, ''), ipynb: `${SAMPLES}${base}.ipynb` };
    });
}

export function fileSource(relative: string): InputSource[] {
  return inputSources([`${ROOT}${relative}`]).map((s) => ({ ...s, name: relative }));
}

export async function framesOf(relative: string): Promise<FrameRecord[]> {
  const frames: FrameRecord[] = [];
  for await (const { item } of streamFrames(fileSource(relative))) if (item.kind === 'frame') frames.push(item.frame);
  return frames;
}

/** Frames as `har ws-messages` writes them, as an input. */
export function ndjsonSource(name: string, frames: readonly FrameRecord[]): InputSource {
  return bufferSource(name, Buffer.from(frames.map((f) => `${JSON.stringify(f)}\n`).join('')));
}

type Validate = ((data: unknown) => boolean) & { errors?: unknown };

let validator: Validate | null = null;

/** ajv (draft-04, as the schema declares) against schemas/nbformat.v4.5.schema.json. */
export function validateNotebook(notebook: unknown): { valid: boolean; errors: unknown } {
  if (validator === null) {
    const required = createRequire(import.meta.url)('ajv-draft-04') as { default: new (options: object) => { compile(schema: unknown): Validate } };
    const ajv = new required.default({ allErrors: false, strict: false });
    validator = ajv.compile(JSON.parse(readFileSync(`${ROOT}schemas/nbformat.v4.5.schema.json`, 'utf8')));
  }
  const valid = validator(notebook);
  return { valid, errors: validator.errors ?? null };
}

export interface ComparableCell {
  source: string;
  execution_count: number | null;
  outputs: unknown[];
}

/**
 * Code cells as the issue compares them: source, execution_count and outputs, with multiline
 * strings joined and consecutive streams of one name merged (a saved notebook may split a long
 * run of stdout). Empty never-run cells (the one the UI leaves at the end) are left out.
 */
export function comparableCodeCells(notebook: unknown): ComparableCell[] {
  const cells = (notebook as { cells: Record<string, unknown>[] }).cells;
  const joined = (v: unknown): unknown => (Array.isArray(v) ? v.join('') : v);
  const out: ComparableCell[] = [];
  for (const cell of cells) {
    if (cell.cell_type !== 'code') continue;
    const source = joined(cell.source) as string;
    const count = cell.execution_count as number | null;
    if (source === '' && count === null) continue;
    const outputs: Record<string, unknown>[] = [];
    for (const raw of cell.outputs as Record<string, unknown>[]) {
      const o: Record<string, unknown> = { ...raw };
      if (o.output_type === 'stream') {
        o.text = joined(o.text);
        const last = outputs[outputs.length - 1];
        if (last !== undefined && last.output_type === 'stream' && last.name === o.name) {
          last.text = `${String(last.text)}${String(o.text)}`;
          continue;
        }
      }
      if (o.data !== undefined) o.data = Object.fromEntries(Object.entries(o.data as object).map(([k, v]) => [k, joined(v)]));
      outputs.push(o);
    }
    out.push({ source, execution_count: count, outputs });
  }
  return out;
}

/** Every notebook of the inputs, built at once (the CLI builds them one at a time). */
export async function notebooksOf(sources: InputSource[], options: NotebookOptions = {}): Promise<NotebookBuild[]> {
  return [...(await rebuildNotebooks(sources, options)).builds()];
}
