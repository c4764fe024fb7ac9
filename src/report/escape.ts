/**
 * The one escaping module of the report. Everything from a capture is text; it reaches the
 * page only through `html` templates, which escape every interpolated value that is not
 * already `Html`. `Html` is made only here: by `html` itself and by `trustedHtml`, which the
 * converters call on markup they produced from escaped text (ansi_up, markdown-it with raw HTML
 * off).
 */

/** Markup that is safe to put in the page as it is. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text made safe for element content and quoted attribute values. Control characters (other
 * than tab and line ends) become their visible Unicode pictures, so data cannot hide text or
 * confuse a reader of the page source.
 */
export function escapeText(text: string): string {
  return visibleControls(text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c));
}

const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Control characters (other than tab and line ends) as their visible Unicode pictures. */
export function visibleControls(text: string): string {
  return text.replace(CONTROLS, controlPicture);
}

function controlPicture(c: string): string {
  const code = c.charCodeAt(0);
  return String.fromCharCode(code === 0x7f ? 0x2421 : 0x2400 + code);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeText(String(value));
}

/** A template whose interpolations are escaped unless they are `Html`; arrays are joined. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Markup a converter of this module's folder produced from escaped text; never data itself. */
export function trustedHtml(markup: string): Html {
  return new Html(markup);
}

export function joinHtml(parts: readonly HtmlValue[], separator = ''): Html {
  return new Html(parts.map(render).join(separator));
}

/** Text cut to `limit` characters, saying how much was left out. */
export function cutForPage(text: string, limit: number): { text: string; omitted: number } {
  return text.length <= limit ? { text, omitted: 0 } : { text: text.slice(0, limit), omitted: text.length - limit };
}
