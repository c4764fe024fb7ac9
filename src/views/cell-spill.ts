/**
 * Finished cells kept in a temporary file instead of the heap (`har notebook` writing .ipynb,
 * `har report`): a cell goes out whole as it is built, two JSON texts (the cell without its
 * outputs, then its outputs), and what stays in the heap is what places it in its notebook
 * (ids and a key of its code) and what the page budget counts. It comes back one cell at a time
 * as the notebook or the page is written. Output arriving after the cell finished (rare) reads
 * it back to merge into it, and it goes out again. The file is unlinked as soon as it is open.
 * `har report` keeps its timeline in the same file (`keep`) while it reads the cells.
 */
import { createHash } from 'node:crypto';
import type { NotebookOutput } from '../kernel/index.js';
import { TempFile, type JsonPlace } from '../util/temp-file.js';
import { detached } from '../util/values.js';
import type { ExecutedCell } from './session-cells.js';

/** An executed cell as a session keeps it: in the heap, or in the spill file. */
export interface KeptCell {
  readonly kernel_id: string | null;
  readonly msg_id: string;
  readonly cell_id: string | null;
  /** `codeKey` of the cell's code (null when the code is unknown): what matches it to the document. */
  readonly code_key: string | null;
  /** Output messages put back from a later connection (0 for none). */
  readonly recovered_outputs: number;
  /** How many outputs, and the length of their JSON text (what `JSON.stringify(outputs)` gives). */
  readonly output_count: number;
  readonly output_chars: number;
  /** Whether `read` goes to the spill file (each read is then a new copy). */
  readonly spilled: boolean;
  /** The cell; with `{ outputs: false }` its outputs may be left out (an empty list). */
  read(options?: { outputs: boolean }): ExecutedCell;
  /** Keeps `cell` (the same request's cell, changed) in place of the one kept. */
  write(cell: ExecutedCell): void;
}

/** Items per piece of a list kept by `keepList`. */
const LIST_PIECE = 256;

/** Texts longer than this are keyed by their length and SHA-256, shorter ones by themselves. */
const KEYED_AS_IS = 64;

/**
 * What two texts are told apart by: equal keys mean equal texts (a long text's key is longer
 * than any text kept as it is, so the two kinds never meet).
 */
export function codeKey(text: string): string {
  return text.length <= KEYED_AS_IS ? detached(text) : detached(`${text.length}:${createHash('sha256').update(text, 'utf8').digest('base64')}`);
}

/** A cell kept in the heap as it is (no spill file: `har cells`, `har notebook -f text`). */
export class HeapCell implements KeptCell {
  readonly spilled = false;
  /** `codeKey` of the code, made when first asked for (`har cells` never asks). */
  private key: string | null | undefined;

  constructor(private cell: ExecutedCell) {}

  get kernel_id(): string | null {
    return this.cell.kernel_id;
  }

  get msg_id(): string {
    return this.cell.msg_id;
  }

  get cell_id(): string | null {
    return this.cell.cell_id;
  }

  get code_key(): string | null {
    if (this.key === undefined) this.key = this.cell.code === null ? null : codeKey(this.cell.code);
    return this.key;
  }

  get recovered_outputs(): number {
    return this.cell.recovery?.outputs ?? 0;
  }

  get output_count(): number {
    return this.cell.outputs.length;
  }

  get output_chars(): number {
    return this.cell.outputs.length === 0 ? 0 : JSON.stringify(this.cell.outputs).length;
  }

  read(): ExecutedCell {
    return this.cell;
  }

  write(cell: ExecutedCell): void {
    this.cell = cell;
    this.key = undefined;
  }
}

export class CellSpill {
  private file: TempFile | null = null;

  /** Writes `cell` to the file: what reads it back. */
  put(cell: ExecutedCell): KeptCell {
    return new SpilledCell((this.file ??= new TempFile('cells')), cell);
  }

  /**
   * Keeps a list of JSON values in the same file (the report's timeline, a kernel at a time):
   * what reads it back, a new copy each time. It goes out in short pieces: the JSON text of a
   * long list at once would be a string (and a buffer) of megabytes that only a full collection
   * gives back.
   */
  keepList<T>(items: readonly T[]): () => T[] {
    const file = (this.file ??= new TempFile('cells'));
    const places: JsonPlace[] = [];
    for (let i = 0; i < items.length; i += LIST_PIECE) places.push(file.appendJson(items.slice(i, i + LIST_PIECE)));
    return () => places.flatMap((place) => file.readJson(place) as T[]);
  }

  close(): void {
    this.file?.close();
    this.file = null;
  }
}

class SpilledCell implements KeptCell {
  readonly spilled = true;
  readonly kernel_id: string | null;
  readonly msg_id: string;
  readonly cell_id: string | null;
  readonly code_key: string | null;
  recovered_outputs = 0;
  output_count = 0;
  output_chars = 0;
  // Places in the file as plain numbers (a place object per cell would be tens of bytes more each).
  private bodyAt = 0;
  private bodyLength = 0;
  private outputsAt = 0;
  private outputsLength = 0;

  constructor(
    private readonly file: TempFile,
    cell: ExecutedCell,
  ) {
    this.kernel_id = cell.kernel_id;
    this.msg_id = cell.msg_id;
    this.cell_id = cell.cell_id;
    this.code_key = cell.code === null ? null : codeKey(cell.code);
    this.write(cell);
  }

  read(options: { outputs: boolean } = { outputs: true }): ExecutedCell {
    const cell = this.file.readJson({ position: this.bodyAt, length: this.bodyLength }) as ExecutedCell;
    if (options.outputs && this.output_count > 0) cell.outputs = this.file.readJson({ position: this.outputsAt, length: this.outputsLength }) as NotebookOutput[];
    return cell;
  }

  write(cell: ExecutedCell): void {
    const body = this.file.appendJson({ ...cell, outputs: [] });
    [this.bodyAt, this.bodyLength] = [body.position, body.length];
    const outputs = cell.outputs.length === 0 ? null : this.file.appendJson(cell.outputs);
    [this.outputsAt, this.outputsLength] = [outputs?.position ?? 0, outputs?.length ?? 0];
    this.recovered_outputs = cell.recovery?.outputs ?? 0;
    this.output_count = cell.outputs.length;
    this.output_chars = outputs?.chars ?? 0;
  }
}
