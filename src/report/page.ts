/**
 * The page shell: one self-contained document. Its Content-Security-Policy allows no request of
 * any kind (`default-src 'none'`), images only as `data:` URLs, inline style, and no script but
 * the page's own, by hash.
 */
import { createHash } from 'node:crypto';
import { html, trustedHtml, type Html, type HtmlValue } from './escape.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';

export const SCRIPT_HASH = `sha256-${createHash('sha256').update(PAGE_SCRIPT, 'utf8').digest('base64')}`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  'img-src data:',
  "style-src 'unsafe-inline'",
  `script-src '${SCRIPT_HASH}'`,
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The document's opening: everything before the sections. */
export function pageStart(title: string): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<style>${trustedHtml(PAGE_STYLE)}</style>
</head>
<body>
<div id="tip" class="tip" hidden></div>
`;
}

/** The document's end: the page script and the closing tags. */
export function pageEnd(): Html {
  return html`<script>${trustedHtml(PAGE_SCRIPT)}</script>
</body>
</html>
`;
}

/** A section a piece at a time: its heading, each piece of its body as it is made, its end. */
export function* section(id: string, title: string, body: Iterable<HtmlValue>): Generator<Html> {
  yield html`<section id="${id}"><h2>${title}</h2>`;
  for (const piece of body) yield html`${piece}`;
  yield html`</section>\n`;
}
