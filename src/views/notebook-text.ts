/**
 * A rebuilt notebook read on a terminal: code cells as `In [n]:` with their outputs, markdown
 * and raw cells as their text, and a line for each cell whose output was recovered.
 */
import { isJsonObject, type JsonObject } from '../kernel/index.js';
import { multiline } from './notebook-skeleton.js';
import type { NotebookBuild } from './notebook.js';
import { terminalText } from './session-text.js';

export function renderNotebookText(build: NotebookBuild, options: { colour?: boolean } = {}): string {
  const cells = Array.isArray(build.notebook.cells) ? build.notebook.cells.filter(isJsonObject) : [];
  const head = `# kernel ${build.kernel_id ?? 'unknown'}: ${cells.length} cells, ${build.recovered_outputs} recovered output message${build.recovered_outputs === 1 ? '' : 's'}`;
  const blocks = [[head, ...build.notes.map((note) => `# note: ${note}`)].join('\n')];
  for (const cell of cells) blocks.push(renderCell(cell));
  return terminalText(`${blocks.join('\n\n')}\n`, options.colour === true);
}

function renderCell(cell: JsonObject): string {
  const source = multiline(cell.source).replace(/\n$/, '');
  if (cell.cell_type !== 'code') return `[${String(cell.cell_type)}]\n${source}`;
  const count = typeof cell.execution_count === 'number' ? String(cell.execution_count) : ' ';
  const prompt = `In [${count}]: `;
  const pad = `${' '.repeat(Math.max(0, prompt.length - 5))}...: `;
  // An empty line keeps no trailing blank after its prompt.
  const lines = source.split('\n').map((line, i) => (line === '' ? (i === 0 ? prompt : pad).trimEnd() : (i === 0 ? prompt : pad) + line));
  for (const output of Array.isArray(cell.outputs) ? cell.outputs.filter(isJsonObject) : []) lines.push(outputText(output, count));
  const meta = isJsonObject(cell.metadata) && isJsonObject(cell.metadata.harknife) ? cell.metadata.harknife : null;
  if (meta !== null && isJsonObject(meta.recovered)) {
    const from = Array.isArray(meta.recovered.connections) ? meta.recovered.connections.filter(isJsonObject).map((c) => `entry ${String(c.entry)}`) : [];
    lines.push(`[recovered: ${String(meta.recovered.outputs)} output messages from a later connection (${from.join(', ')})]`);
  }
  return lines.join('\n');
}

function outputText(output: JsonObject, count: string): string {
  switch (output.output_type) {
    case 'stream':
      return multiline(output.text).replace(/\n$/, '');
    case 'error':
      return Array.isArray(output.traceback) && output.traceback.length > 0 ? output.traceback.map(String).join('\n') : `${String(output.ename)}: ${String(output.evalue)}`;
    case 'execute_result':
      return `Out[${count}]: ${bundleText(output.data)}`;
    default:
      return bundleText(output.data);
  }
}

/** text/plain when there is one, else the mime types (images, HTML, widgets are not drawn). */
function bundleText(data: unknown): string {
  if (!isJsonObject(data)) return '[empty display]';
  const plain = data['text/plain'];
  if (plain !== undefined) return multiline(plain).replace(/\n$/, '');
  return `[${Object.keys(data).join(', ')}]`;
}
