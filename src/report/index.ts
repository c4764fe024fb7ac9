/**
 * `har report`: one self-contained HTML page of a captured session. `readReport` reads the
 * inputs (one pass per side of the session, each keeping bounded state); `reportPages` renders
 * what it read as HTML, a section at a time, with pure functions from records to markup.
 */
import type { InputSource } from '../read/input.js';
import type { Html } from './escape.js';
import { framesSection } from './frames-html.js';
import { readFrameSide, type FrameSide } from './frames.js';
import { headerSection, type HeaderFacts } from './header-html.js';
import { httpSection } from './http-html.js';
import { readHttpSide, type HttpSide } from './http-entries.js';
import { NO_MASKING, TOKEN_MASKING } from './mask.js';
import { pageEnd, pageStart, section } from './page.js';

export { escapeText, html, Html } from './escape.js';
export { CONTENT_SECURITY_POLICY, SCRIPT_HASH } from './page.js';

export interface ReportOptions {
  /** Mask the Jupyter token and cookie values wherever URLs and headers are shown. */
  redact?: boolean;
  onWarning?: (message: string) => void;
}

export interface ReportData {
  http: HttpSide;
  frames: FrameSide;
  notes: string[];
}

export async function readReport(sources: readonly InputSource[], options: ReportOptions = {}): Promise<ReportData> {
  const warn = options.onWarning ?? (() => undefined);
  const masking = options.redact === true ? TOKEN_MASKING : NO_MASKING;
  const http = await readHttpSide(sources, masking, warn);
  const frames = await readFrameSide(sources, warn);
  return { http, frames, notes: [] };
}

function headerFacts(data: ReportData): HeaderFacts {
  return {
    files: data.http.files,
    servers: data.http.servers,
    kernels: [],
    first_ms: data.http.first_ms,
    last_ms: data.http.last_ms,
    counts: [
      { label: 'entries', value: data.http.entry_count },
      { label: 'connections', value: data.frames.connections.length },
      { label: 'frames', value: data.frames.frames },
      { label: 'messages', value: data.frames.messages },
      { label: 'errors', value: data.frames.errors },
    ],
    notes: data.notes,
  };
}

/** The page, a section at a time (each a string to write). */
export function* reportPage(data: ReportData): Generator<string> {
  const title = `harknife report: ${data.http.files.map((f) => f.name).join(', ')}`;
  const parts: (() => Html)[] = [
    () => pageStart(title),
    () => headerSection(headerFacts(data)),
    () => section('http', 'HTTP entries', httpSection(data.http)),
    () => section('frames', 'WebSocket frames', framesSection(data.frames, data.http.socket_urls)),
    () => pageEnd(),
  ];
  for (const part of parts) yield part().text;
}
