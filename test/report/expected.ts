/**
 * What the page of a capture must show, taken from the session views the page renders: per
 * notebook cell that ran, each output's visible text, its images and its errors.
 */
import { readReport } from '../../src/report/index.js';
import type { InputSource } from '../../src/read/input.js';

export interface ExpectedPage {
  /** Lines of text each output shows (its first non-empty line), to find in the notebook section. */
  texts: string[];
  /** png / jpeg outputs. */
  images: number;
  /** error outputs, with their exception names. */
  errors: string[];
  /** text/html and image/svg+xml outputs (each in a sandboxed frame). */
  frames: number;
  /** text/markdown outputs (rendered). */
  markdown: number;
  /** Executed cells shown in the notebook (each has a bar on the timeline). */
  executed: number;
}

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

function firstLine(text: string): string | null {
  const line = text.replace(ANSI, '').split('\n').find((l) => l.trim() !== '');
  return line === undefined ? null : line.trim().slice(0, 100);
}

export async function expectedPage(source: InputSource): Promise<ExpectedPage> {
  const data = await readReport([source]);
  const expected: ExpectedPage = { texts: [], images: 0, errors: [], frames: 0, markdown: 0, executed: 0 };
  for (const notebook of data.session.notebooks) {
    for (const placement of notebook.placements) {
      if (placement.executed === null) continue;
      expected.executed++;
      for (const output of placement.executed.read().outputs) {
        if (output.output_type === 'stream') {
          const line = firstLine(output.text);
          if (line !== null) expected.texts.push(line);
        } else if (output.output_type === 'error') {
          expected.errors.push(output.ename);
        } else if (typeof output.data['image/png'] === 'string' || typeof output.data['image/jpeg'] === 'string') {
          expected.images++;
        } else if (typeof output.data['text/html'] === 'string' || typeof output.data['image/svg+xml'] === 'string') {
          expected.frames++;
        } else if (typeof output.data['text/markdown'] === 'string') {
          expected.markdown++;
        } else {
          // JavaScript is shown as its text (never run), else LaTeX source, else text/plain.
          const text = ['application/javascript', 'text/latex', 'text/plain'].map((type) => output.data[type]).find((value) => typeof value === 'string');
          const line = typeof text === 'string' ? firstLine(text) : null;
          if (line !== null) expected.texts.push(line);
        }
      }
    }
  }
  return expected;
}
