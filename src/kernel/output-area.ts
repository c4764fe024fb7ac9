/**
 * The outputs of one request as JupyterLab's OutputAreaModel would show them
 * (`packages/outputarea/src/model.ts`): consecutive streams of one name merge, `clear_output`
 * with `wait` clears on the next added output, and display_id updates rewrite earlier outputs
 * in place, in any request of the same kernel (`services/src/kernel/default.ts`
 * `_handleDisplayId`). Outputs are kept in nbformat 4 shape so they compare with an .ipynb.
 */
import type { JsonObject } from './messages.js';

export type StreamOutput = { output_type: 'stream'; name: string; text: string };
export type DisplayDataOutput = { output_type: 'display_data'; data: JsonObject; metadata: JsonObject };
export type ExecuteResultOutput = {
  output_type: 'execute_result';
  execution_count: number | null;
  data: JsonObject;
  metadata: JsonObject;
};
export type ErrorOutput = { output_type: 'error'; ename: string; evalue: string; traceback: string[] };
/** One output in nbformat 4 shape, as an .ipynb stores it. */
export type NotebookOutput = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

/** @deprecated The old name of NotebookOutput, kept while the session views move over; remove after. */
export type Output = NotebookOutput;

export class OutputArea {
  readonly outputs: NotebookOutput[] = [];
  private clearNext = false;
  private lastStreamName = '';

  /** Returns the output object as stored, which a later display update may rewrite. */
  add(output: NotebookOutput): NotebookOutput {
    if (this.clearNext) {
      this.outputs.length = 0;
      this.clearNext = false;
    }
    const last = this.outputs[this.outputs.length - 1];
    if (output.output_type === 'stream' && last?.output_type === 'stream' && output.name === this.lastStreamName) {
      last.text += output.text;
      return last;
    }
    this.lastStreamName = output.output_type === 'stream' ? output.name : '';
    const stored = { ...output };
    this.outputs.push(stored);
    return stored;
  }

  clear(wait: boolean): void {
    this.lastStreamName = '';
    if (wait) this.clearNext = true;
    else this.outputs.length = 0;
  }
}

/** display_id → every output shown under it, per kernel. */
export class DisplayRegistry {
  private readonly outputs = new Map<string, (DisplayDataOutput | ExecuteResultOutput)[]>();

  has(displayId: string): boolean {
    return this.outputs.has(displayId);
  }

  register(displayId: string, output: DisplayDataOutput | ExecuteResultOutput): void {
    const list = this.outputs.get(displayId);
    if (list === undefined) this.outputs.set(displayId, [output]);
    else list.push(output);
  }

  /** Rewrites data and metadata of every output with this id; returns how many there were. */
  update(displayId: string, data: JsonObject, metadata: JsonObject): number {
    const list = this.outputs.get(displayId) ?? [];
    for (const output of list) {
      output.data = data;
      output.metadata = metadata;
    }
    return list.length;
  }
}
