/**
 * Outputs of finished cells kept in a temporary file instead of the heap (`har notebook` writing
 * .ipynb): a cell's outputs go out when the cell is built and come back one cell at a time as the
 * notebook is written. Output arriving after the cell finished (rare) reads them back to merge
 * into them, and they go out again. The file is unlinked as soon as it is open.
 */
import type { NotebookOutput } from '../kernel/index.js';
import { TempFile } from '../util/temp-file.js';

/** Outputs in the spill file: read back (parsed again) each time they are asked for. */
export interface SpilledOutputs {
  read(): NotebookOutput[];
  /** How many outputs, and the length of their JSON text (what `JSON.stringify(outputs)` gives). */
  count: number;
  chars: number;
}

export class OutputSpill {
  private file: TempFile | null = null;

  /** Writes `outputs` to the file (null for none): what reads them back. */
  put(outputs: readonly NotebookOutput[]): SpilledOutputs | null {
    if (outputs.length === 0) return null;
    const file = (this.file ??= new TempFile('outputs'));
    const place = file.appendJson(outputs);
    return { read: () => file.readJson(place) as NotebookOutput[], count: outputs.length, chars: place.chars };
  }

  close(): void {
    this.file?.close();
    this.file = null;
  }
}

/** A cell's outputs, from the heap or read back from the spill file. */
export function outputsOf(cell: { outputs: NotebookOutput[]; spilled?: SpilledOutputs | null }): NotebookOutput[] {
  return cell.spilled ? cell.spilled.read() : cell.outputs;
}
