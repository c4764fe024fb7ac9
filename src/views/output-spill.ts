/**
 * Outputs of finished cells kept in a temporary file instead of the heap (`har notebook` writing
 * .ipynb): a cell's outputs but its last go out when the cell is built, and come back one cell at
 * a time as the notebook is written. The last stays in memory because output arriving after the
 * cell finished is appended to it (streams merged). The file is unlinked as soon as it is open.
 */
import type { NotebookOutput } from '../kernel/index.js';
import { TempFile } from '../util/temp-file.js';

/** Outputs in the spill file: read back (parsed again) each time they are asked for. */
export interface SpilledOutputs {
  read(): NotebookOutput[];
}

export class OutputSpill {
  private file: TempFile | null = null;

  /** Moves all of `outputs` but the last into the file; returns what is left in memory and the spilled part. */
  put(outputs: NotebookOutput[]): { kept: NotebookOutput[]; spilled: SpilledOutputs | null } {
    if (outputs.length < 2) return { kept: outputs, spilled: null };
    const file = (this.file ??= new TempFile('outputs'));
    const bytes = Buffer.from(JSON.stringify(outputs.slice(0, -1)), 'utf8');
    const position = file.size;
    file.append(bytes);
    return { kept: outputs.slice(-1), spilled: { read: () => JSON.parse(file.read(position, bytes.length).toString('utf8')) as NotebookOutput[] } };
  }

  close(): void {
    this.file?.close();
    this.file = null;
  }
}
