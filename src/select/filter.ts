/** Entry filters shared by every entry-oriented command; all given filters must match (AND). */
import type { RE2JS } from 're2js';
import { ExpressionError, UsageError } from '../errors.js';
import type { HarEntry } from '../read/har.js';
import { re2 } from '../util/re2.js';
import { stringOrEmpty as str } from '../util/values.js';

export interface EntryFilterOptions {
  /** Regular expression tested against request.url. */
  url?: string | undefined;
  /** HTTP methods, case-insensitive. */
  method?: readonly string[] | undefined;
  /** `404`, `4xx`, `500-599`. */
  status?: readonly string[] | undefined;
  /** Substrings of response.content.mimeType, case-insensitive (`json`, `image/`). */
  mime?: readonly string[] | undefined;
  /** Chrome's `_resourceType` values (`websocket`, `xhr`, `fetch` …). */
  type?: readonly string[] | undefined;
  /** `pageref` values. */
  page?: readonly string[] | undefined;
}

export type EntryPredicate = (entry: HarEntry) => boolean;

/** Key paths a filter reads, so a projected read keeps them. */
export function filterFields(options: EntryFilterOptions): string[][] {
  const fields: string[][] = [];
  if (options.url !== undefined) fields.push(['request', 'url']);
  if (options.method?.length) fields.push(['request', 'method']);
  if (options.status?.length) fields.push(['response', 'status']);
  if (options.mime?.length) fields.push(['response', 'content', 'mimeType']);
  if (options.type?.length) fields.push(['_resourceType']);
  if (options.page?.length) fields.push(['pageref']);
  return fields;
}

/** Splits repeated and comma-separated option values: `--status 4xx,500 --status 302`. */
export function listOf(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(',')).map((value) => value.trim()).filter((v) => v !== '');
}

type StatusRange = [number, number];

export function parseStatus(text: string): StatusRange {
  let match = /^([1-5])xx$/i.exec(text);
  if (match) return [Number(match[1]) * 100, Number(match[1]) * 100 + 99];
  match = /^(\d{1,3})-(\d{1,3})$/.exec(text);
  if (match && Number(match[1]) <= Number(match[2])) return [Number(match[1]), Number(match[2])];
  match = /^(\d{1,3})$/.exec(text);
  if (match) return [Number(match[1]), Number(match[1])];
  throw new UsageError(`bad --status ${JSON.stringify(text)}: use 404, 4xx or 500-599`);
}

/**
 * A user's regular expression on RE2's linear-time engine (re2js): `(a+)+$` cannot hang us. RE2
 * has no backreferences or lookaround; those are refused as bad expressions (exit 3).
 */
export function compileUserRegex(option: string, source: string): (text: string) => boolean {
  let regex: RE2JS;
  try {
    regex = re2().compile(source);
  } catch (error) {
    throw new ExpressionError(`bad ${option} regular expression ${JSON.stringify(source)}: ${(error as Error).message} (RE2 syntax: no backreferences or lookaround)`);
  }
  return (text) => regex.test(text);
}

export function compileFilter(options: EntryFilterOptions): EntryPredicate | null {
  const tests: EntryPredicate[] = [];
  if (options.url !== undefined) {
    const matches = compileUserRegex('--url', options.url);
    tests.push((entry) => matches(str(entry.request?.url)));
  }
  const methods = listOf(options.method).map((m) => m.toUpperCase());
  if (methods.length > 0) tests.push((entry) => methods.includes(str(entry.request?.method).toUpperCase()));
  const statuses = listOf(options.status).map(parseStatus);
  if (statuses.length > 0) {
    tests.push((entry) => {
      const status = entry.response?.status;
      return typeof status === 'number' && statuses.some(([low, high]) => status >= low && status <= high);
    });
  }
  const mimes = listOf(options.mime).map((m) => m.toLowerCase());
  if (mimes.length > 0) {
    tests.push((entry) => {
      const mime = str(entry.response?.content?.mimeType).toLowerCase();
      return mimes.some((m) => mime.includes(m));
    });
  }
  const types = listOf(options.type).map((t) => t.toLowerCase());
  if (types.length > 0) tests.push((entry) => types.includes(str(entry._resourceType).toLowerCase()));
  const pages = listOf(options.page);
  if (pages.length > 0) tests.push((entry) => pages.includes(str(entry.pageref)));
  if (tests.length === 0) return null;
  return (entry) => tests.every((t) => t(entry));
}
