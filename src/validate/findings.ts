import type { RowSpec } from '../write/records.js';

export type Severity = 'error' | 'warning';

export interface Finding {
  file: string;
  /** RFC 6901 pointer into the file. */
  pointer: string;
  severity: Severity;
  /** What is wrong; never quotes a string value from the file (it may hold a secret). */
  message: string;
  /** What to do about it, or why it is only a warning. */
  hint: string;
  /** The check: an ajv keyword (`required`, `type`, …) or one of ours (`time-sum`, `pageref`, …). */
  rule: string;
}

export const FINDING_ROWS: RowSpec<Finding> = {
  columns: [
    { header: 'file', value: (finding) => finding.file },
    { header: 'pointer', value: (finding) => finding.pointer },
    { header: 'severity', value: (finding) => finding.severity },
    { header: 'message', value: (finding) => finding.message, flexible: true },
    { header: 'hint', value: (finding) => finding.hint },
  ],
};

/** A known exporter quirk: the finding it explains and who is known to produce it. */
export interface Quirk {
  id: string;
  producers: string;
  hint: string;
}

export const QUIRKS = {
  nullHeadersSize: { id: 'null-headers-size', producers: 'Chrome', hint: 'Chrome writes null when it did not see the raw headers; read it as -1 (unknown)' },
  timeSum: { id: 'time-sum', producers: 'Chrome, WebKit, Playwright', hint: 'exporters compute time from their own clocks (WebKit: responseEnd - start, Playwright: its own wall clock); trust the timings' },
  emptyTimings: { id: 'empty-timings', producers: 'Firefox', hint: 'Firefox writes timings: {} for requests it has no timing for (cached, blocked)' },
  nullCacheEntry: { id: 'null-cache-entry', producers: 'Firefox', hint: 'null means "no cache entry" in Firefox exports, as har-schema allows' },
  negativeTiming: { id: 'negative-timing', producers: 'Playwright', hint: 'Playwright writes -1 for a phase it did not measure (HAR 1.2 allows -1 only for blocked/dns/connect/ssl)' },
  httpVersion: { id: 'http-version', producers: 'Playwright', hint: 'Playwright writes the ALPN id ("h2", "h3") instead of HTTP/2.0' },
  nullTiming: { id: 'null-timing', producers: 'mitmproxy', hint: 'mitmproxy writes null for a phase that did not happen; HAR 1.2 says -1' },
  danglingPageref: { id: 'dangling-pageref', producers: 'Proxyman', hint: 'Proxyman writes pageref without a pages list; group by pageref or ignore it' },
} as const satisfies Record<string, Quirk>;
