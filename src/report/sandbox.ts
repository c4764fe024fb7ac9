/**
 * Captured markup (text/html, image/svg+xml outputs) shown in an iframe that can run nothing:
 * `sandbox` with no allow-scripts and no allow-same-origin, the document passed as `srcdoc`
 * (an escaped attribute value), and its own CSP as a second wall.
 */
import { html, type Html } from './escape.js';

const FRAME_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

/**
 * A sandboxed frame cannot tell its parent how tall it is (no script may run on either side of
 * it), so its height is guessed from the markup: a line per block element or table row, and one
 * per 120 characters of text. It can be resized by hand.
 */
export function frameHeight(markup: string): number {
  const blocks = markup.match(/<(?:tr|p|div|li|br|h[1-6]|pre|table)\b/gi)?.length ?? 0;
  const textLength = markup.replace(/<[^>]*>/g, '').length;
  const lines = blocks + Math.ceil(textLength / 120) + 1;
  if (/<(?:svg|img)\b/i.test(markup)) return 320;
  return Math.max(48, Math.min(480, 22 * lines + 16));
}

export function sandboxedFrame(markup: string, label: string): Html {
  const document = `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${FRAME_POLICY}">${markup}`;
  return html`<iframe class="sandboxed" style="height:${frameHeight(markup)}px" sandbox="" referrerpolicy="no-referrer" title="${label}" srcdoc="${document}"></iframe>`;
}
