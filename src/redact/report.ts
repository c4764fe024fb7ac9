import type { RowSpec } from '../write/records.js';

/**
 * What a redaction did, without a single redacted value: where (JSON pointers), by which rule,
 * how often. The same collector serves `--report` and `--check`.
 */

export interface RedactionPlace {
  file: string;
  /** RFC 6901 pointer of the HAR string that held the secret (a frame's `data`, a body's `text`, …). */
  pointer: string;
  rule: string;
  count: number;
}

export interface RedactionReport {
  files: string[];
  entries: number;
  frames: number;
  /** Secrets replaced (or, for a check, found), all rules together. */
  redactions: number;
  /** Per rule: how many secrets it replaced. */
  rules: Record<string, number>;
  /** Up to `placeLimit` places, in file order. */
  places: RedactionPlace[];
  /** Places beyond the limit: counted in `rules` and `redactions` but not listed. */
  placesOmitted: number;
}

/** Places as rows (`har redact --check`, `--report` in a table). */
export const PLACE_ROWS: RowSpec<RedactionPlace> = {
  columns: [
    { header: 'file', value: (place) => place.file },
    { header: 'pointer', value: (place) => place.pointer, flexible: true },
    { header: 'rule', value: (place) => place.rule },
    { header: 'count', value: (place) => place.count, align: 'right' },
  ],
};

export const DEFAULT_PLACE_LIMIT = 10_000;

export class ReportCollector {
  readonly report: RedactionReport = { files: [], entries: 0, frames: 0, redactions: 0, rules: {}, places: [], placesOmitted: 0 };
  private file = '';
  private last: RedactionPlace | null = null;

  constructor(private readonly placeLimit = DEFAULT_PLACE_LIMIT) {}

  startFile(name: string): void {
    this.file = name;
    this.report.files.push(name);
    this.last = null;
  }

  record(pointer: string, rule: string): void {
    const report = this.report;
    report.redactions++;
    report.rules[rule] = (report.rules[rule] ?? 0) + 1;
    const last = this.last;
    if (last !== null && last.pointer === pointer && last.rule === rule && last.file === this.file) {
      last.count++;
      return;
    }
    if (report.places.length >= this.placeLimit) {
      report.placesOmitted++;
      this.last = null;
      return;
    }
    this.last = { file: this.file, pointer, rule, count: 1 };
    report.places.push(this.last);
  }
}
