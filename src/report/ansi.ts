/** ANSI-coloured text (tracebacks, streams) as HTML, by ansi_up: it escapes the text itself. */
import { AnsiUp } from 'ansi_up';
import { trustedHtml, visibleControls, type Html } from './escape.js';

export function ansiToHtml(text: string): Html {
  const converter = new AnsiUp();
  converter.escape_html = true;
  converter.use_classes = false;
  // OSC 8 hyperlinks would become <a href>: links out of a captured output are not followed.
  converter.url_allowlist = {};
  // ansi_up keeps control characters it does not parse; they are shown, not passed on.
  return trustedHtml(visibleControls(converter.ansi_to_html(text)));
}
