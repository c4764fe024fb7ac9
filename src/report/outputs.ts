/**
 * One notebook output as HTML. Outputs come from the kernel traffic (or, for cells that did not
 * run in the capture, from the saved notebook), so every field is checked, never trusted.
 * Images are `data:` URLs; text/html and image/svg+xml go into a sandboxed frame;
 * application/javascript is shown as text; everything else is escaped.
 */
import { ansiToHtml } from './ansi.js';
import { cutForPage, html, type Html } from './escape.js';
import { markdownToHtml } from './markdown.js';
import { sandboxedFrame } from './sandbox.js';
import { isPlainObject } from '../util/values.js';

/** The most characters of one text output put in the page. */
export const OUTPUT_TEXT_LIMIT = 200_000;
/** The biggest image (base64 characters) put in the page. */
export const IMAGE_LIMIT = 4_000_000;

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif'] as const;
const BASE64 = /^[A-Za-z0-9+/=\s]*$/;

/** nbformat text: a string or a list of lines. */
export function multilineText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((line) => typeof line === 'string')) return value.join('');
  return null;
}

function leftOut(omitted: number): Html {
  return omitted === 0 ? html`` : html`<div class="omitted">\u2026 ${omitted.toLocaleString('en')} more characters left out of the page</div>`;
}

export function ansiBlock(text: string, className: string): Html {
  const cut = cutForPage(text, OUTPUT_TEXT_LIMIT);
  return html`<pre class="${className}">${ansiToHtml(cut.text)}</pre>${leftOut(cut.omitted)}`;
}

function textBlock(text: string, className: string): Html {
  const cut = cutForPage(text, OUTPUT_TEXT_LIMIT);
  return html`<pre class="${className}">${cut.text}</pre>${leftOut(cut.omitted)}`;
}

/** A mime bundle shown by its richest representation the page can show safely. */
export function renderBundle(data: Record<string, unknown>): Html {
  for (const type of IMAGE_TYPES) {
    const value = multilineText(data[type]);
    if (value === null) continue;
    if (!BASE64.test(value)) return html`<div class="note">${type} output that is not base64: not shown</div>`;
    if (value.length > IMAGE_LIMIT) return html`<div class="note">${type} image of ${value.length.toLocaleString('en')} base64 characters: left out of the page</div>`;
    return html`<img class="output-image" alt="${type} output" src="data:${type};base64,${value.replace(/\s/g, '')}">`;
  }
  const markup = multilineText(data['text/html']);
  if (markup !== null) return sandboxedFrame(cutForPage(markup, OUTPUT_TEXT_LIMIT).text, 'text/html output');
  const svg = multilineText(data['image/svg+xml']);
  if (svg !== null) return sandboxedFrame(cutForPage(svg, OUTPUT_TEXT_LIMIT).text, 'image/svg+xml output');
  const markdown = multilineText(data['text/markdown']);
  if (markdown !== null) return html`<div class="markdown">${markdownToHtml(cutForPage(markdown, OUTPUT_TEXT_LIMIT).text)}</div>`;
  const script = multilineText(data['application/javascript']);
  if (script !== null) return html`<div class="note">application/javascript (shown, not run)</div>${textBlock(script, 'script-text')}`;
  const latex = multilineText(data['text/latex']);
  if (latex !== null) return textBlock(latex, 'text-plain');
  const plain = multilineText(data['text/plain']);
  if (plain !== null) return ansiBlock(plain, 'text-plain');
  if (data['application/json'] !== undefined) return textBlock(JSON.stringify(data['application/json'], null, 1), 'text-plain');
  const types = Object.keys(data);
  return html`<div class="note">no representation the page shows (${types.length === 0 ? 'empty bundle' : types.join(', ')})</div>`;
}

/** An nbformat output (a NotebookOutput, or one read from a saved notebook). */
export function renderOutput(output: unknown): Html {
  if (!isPlainObject(output)) return html`<div class="note">an output that is not an object</div>`;
  switch (output.output_type) {
    case 'stream': {
      const name = output.name === 'stderr' ? 'stderr' : 'stdout';
      return ansiBlock(multilineText(output.text) ?? '', `stream ${name}`);
    }
    case 'error': {
      const traceback = Array.isArray(output.traceback) ? output.traceback.filter((line): line is string => typeof line === 'string') : [];
      const text = traceback.length > 0 ? traceback.join('\n') : `${String(output.ename ?? 'Error')}: ${String(output.evalue ?? '')}`;
      return html`<div class="error-output">${ansiBlock(text, 'traceback')}</div>`;
    }
    case 'execute_result':
    case 'display_data': {
      const body = isPlainObject(output.data) ? renderBundle(output.data) : html`<div class="note">an output without data</div>`;
      const prompt = output.output_type === 'execute_result' && typeof output.execution_count === 'number' ? html`<span class="prompt">Out[${output.execution_count}]:</span>` : html``;
      return html`<div class="rich-output">${prompt}${body}</div>`;
    }
    default:
      return html`<div class="note">an output of unknown type ${typeof output.output_type === 'string' ? output.output_type : ''}</div>`;
  }
}
