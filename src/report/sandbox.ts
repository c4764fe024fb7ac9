/**
 * Captured markup (text/html, image/svg+xml outputs) shown in an iframe that can run nothing:
 * `sandbox` with no allow-scripts and no allow-same-origin, the document passed as `srcdoc`
 * (an escaped attribute value), and its own CSP as a second wall.
 */
import { html, type Html } from './escape.js';

const FRAME_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

export function sandboxedFrame(markup: string, label: string): Html {
  const document = `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${FRAME_POLICY}">${markup}`;
  return html`<iframe class="sandboxed" sandbox="" referrerpolicy="no-referrer" title="${label}" srcdoc="${document}"></iframe>`;
}
