/**
 * `har validate`: a HAR checked at one of three levels, entry by entry as the streaming reader
 * hands them over (a 2 GB file is never one value), each object through ajv, then the rules
 * JSON Schema cannot say (timing sums, page references, dates).
 *
 * - `spec`: HAR 1.2 — every violation is an error.
 * - `schema`: what har-schema checks (see schemas.ts); no rule beyond it.
 * - `lenient` (default): `spec`, but the quirks real exporters have are warnings naming the file's
 *   producer (`log.creator`); anything else is still an error.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { EveryMemberExcept } from '../read/every-member.js';
import { readHarBatches } from '../read/har.js';
import type { InputSource } from '../read/input.js';
import { pointerPart } from '../util/pointer.js';
import { QUIRKS, type Finding, type Quirk } from './findings.js';
import { SCHEMAS } from './schemas.js';

export type ValidationLevel = 'spec' | 'schema' | 'lenient';
export const VALIDATION_LEVELS: readonly ValidationLevel[] = ['spec', 'schema', 'lenient'];

export interface ValidateOptions {
  level?: ValidationLevel;
}

/** What a reader found wrong, before the level decides its severity. */
interface Problem {
  pointer: string;
  rule: string;
  message: string;
  hint: string;
  quirk?: Quirk;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const HTTP_VERSION = /^HTTP\/\d+(\.\d+)?$/i;

type Validators = { entry: ValidateFunction; page: ValidateFunction; log: ValidateFunction };
const compiled = new Map<'spec' | 'schema', Validators>();

function validators(level: 'spec' | 'schema'): Validators {
  const cached = compiled.get(level);
  if (cached) return cached;
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  ajv.addFormat('date-time', ISO_DATE);
  ajv.addFormat('ipv4', (text: string) => isIPv4(text));
  ajv.addFormat('ipv6', (text: string) => isIPv6(text));
  ajv.addFormat('uri', (text: string) => URL.canParse(text));
  const schemas = SCHEMAS[level];
  const made = { entry: ajv.compile(schemas.entry), page: ajv.compile(schemas.page), log: ajv.compile(schemas.log) };
  compiled.set(level, made);
  return made;
}

/** The value an ajv error is about, described without quoting strings. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}

function quirkOf(error: ErrorObject, pointer: string): Quirk | undefined {
  const value: unknown = error.data;
  if (error.keyword === 'type' && value === null) {
    if (/\/(request|response)\/headersSize$/.test(pointer)) return QUIRKS.nullHeadersSize;
    if (/\/cache\/(beforeRequest|afterRequest)$/.test(pointer)) return QUIRKS.nullCacheEntry;
    if (/\/timings\/(blocked|dns|connect|ssl)$/.test(pointer)) return QUIRKS.nullTiming;
  }
  if (error.keyword === 'minimum' && value === -1 && /\/timings\/(send|wait|receive)$/.test(pointer)) return QUIRKS.negativeTiming;
  if (error.keyword === 'required' && /\/timings$/.test(pointer)) return QUIRKS.emptyTimings;
  return undefined;
}

function fromAjv(errors: readonly ErrorObject[] | null | undefined, base: string): Problem[] {
  const problems: Problem[] = [];
  for (const error of errors ?? []) {
    const at = base + error.instancePath;
    // oneOf/anyOf repeat what their branches said; the branch errors are kept.
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf') continue;
    const quirk = quirkOf(error, at);
    if (error.keyword === 'required') {
      const missing = String((error.params as { missingProperty?: string }).missingProperty);
      problems.push({ pointer: `${at}/${pointerPart(missing)}`, rule: 'required', message: `missing required field "${missing}"`, hint: 'HAR 1.2 requires it', ...(quirk ? { quirk } : {}) });
    } else if (error.keyword === 'type') {
      problems.push({ pointer: at, rule: 'type', message: `is ${describe(error.data)}, expected ${String((error.params as { type?: unknown }).type)}`, hint: 'HAR 1.2 gives this field that type', ...(quirk ? { quirk } : {}) });
    } else if (error.keyword === 'minimum') {
      problems.push({ pointer: at, rule: 'minimum', message: `is ${describe(error.data)}, below ${String((error.params as { limit?: unknown }).limit)}`, hint: 'send, wait and receive are never negative; other timings are -1 when they do not apply', ...(quirk ? { quirk } : {}) });
    } else if (error.keyword === 'format') {
      problems.push({ pointer: at, rule: 'format', message: `is not a valid ${String((error.params as { format?: unknown }).format)}`, hint: 'as har-schema requires' });
    } else {
      problems.push({ pointer: at, rule: error.keyword, message: error.message ?? error.keyword, hint: '' });
    }
  }
  return problems;
}

function numberAt(value: unknown, key: string): number | null {
  const field = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof field === 'number' ? field : null;
}

/** The HAR 1.2 rules beyond types: time is the timings' sum, dates are ISO 8601, HTTP versions look like HTTP/x.y. */
function specRules(entry: Record<string, unknown>, base: string): Problem[] {
  const problems: Problem[] = [];
  const timings = entry.timings;
  const time = entry.time;
  if (typeof time === 'number' && timings !== null && typeof timings === 'object') {
    // ssl is part of connect (HAR 1.2), so it is not added again.
    const parts = ['blocked', 'dns', 'connect', 'send', 'wait', 'receive'].map((key) => numberAt(timings, key)).filter((n): n is number => n !== null && n !== -1);
    const sum = parts.reduce((total, n) => total + n, 0);
    if (parts.length > 0 && Math.abs(sum - time) > Math.max(1, time * 1e-6)) {
      problems.push({ pointer: `${base}/time`, rule: 'time-sum', message: `is ${time}, but the timings add up to ${Math.round(sum * 1000) / 1000}`, hint: 'time is the sum of the timings that are not -1', quirk: QUIRKS.timeSum });
    }
  }
  if (typeof entry.startedDateTime === 'string' && !ISO_DATE.test(entry.startedDateTime)) {
    problems.push({ pointer: `${base}/startedDateTime`, rule: 'date', message: 'is not an ISO 8601 date-time', hint: 'e.g. 2026-01-01T12:00:00.000Z' });
  }
  for (const side of ['request', 'response'] as const) {
    const message = entry[side];
    const version = message !== null && typeof message === 'object' ? (message as Record<string, unknown>).httpVersion : undefined;
    if (typeof version === 'string' && !HTTP_VERSION.test(version)) {
      problems.push({ pointer: `${base}/${side}/httpVersion`, rule: 'http-version', message: 'is not of the form HTTP/x.y', hint: 'HAR 1.2 uses the request line\'s version, e.g. HTTP/1.1', quirk: QUIRKS.httpVersion });
    }
  }
  return problems;
}

interface LogFacts {
  producer: string;
  pageIds: Set<string> | null;
}

function severityOf(problem: Problem, level: ValidationLevel, facts: LogFacts): Pick<Finding, 'severity' | 'message' | 'hint'> {
  if (level === 'lenient' && problem.quirk !== undefined) {
    return {
      severity: 'warning',
      message: `${problem.message} (a known ${problem.quirk.producers} quirk; this file is from ${facts.producer})`,
      hint: problem.quirk.hint,
    };
  }
  return { severity: 'error', message: problem.message, hint: problem.hint };
}

function producerOf(log: Record<string, unknown>): string {
  const creator = log.creator as { name?: unknown; version?: unknown } | undefined;
  const name = typeof creator?.name === 'string' ? creator.name : 'an unknown producer';
  const version = typeof creator?.version === 'string' ? ` ${creator.version}` : '';
  return `${name}${version}`.slice(0, 80);
}

/** Findings for every source, streamed: entries are checked as they are read. */
export async function* validateHar(sources: readonly InputSource[], options: ValidateOptions = {}): AsyncGenerator<Finding> {
  const level = options.level ?? 'lenient';
  const check = validators(level === 'schema' ? 'schema' : 'spec');
  for (const source of sources) {
    const facts: LogFacts = { producer: 'an unknown producer', pageIds: null };
    /** pageref → the first entry pointer using it, checked once the pages are known. */
    const pagerefs = new Map<string, string>();
    const skipped: Problem[] = [];
    const finding = (problem: Problem): Finding => ({ file: source.name, pointer: problem.pointer, rule: problem.quirk?.id ?? problem.rule, ...severityOf(problem, level, facts) });
    const onWarning = (message: string): void => {
      const index = /log\.entries\[(\d+)\]/.exec(message)?.[1];
      skipped.push({ pointer: `/log/entries/${index ?? ''}`, rule: 'type', message: 'is not an object', hint: 'every entry is an object' });
    };
    // Frames are a custom field HAR 1.2 says nothing about: skipped unread, so a WebSocket entry
    // of many MB costs nothing.
    for await (const batch of readHarBatches(source, { project: new EveryMemberExcept('_webSocketMessages'), onWarning })) {
      for (const item of batch) {
        if (item.kind === 'header') {
          facts.producer = producerOf(item.log);
        } else if (item.kind === 'entry') {
          const base = `/log/entries/${item.index}`;
          const entry = item.entry as unknown as Record<string, unknown>;
          const problems = check.entry(entry) ? [] : fromAjv(check.entry.errors, base);
          if (level !== 'schema') problems.push(...specRules(entry, base));
          if (typeof entry.pageref === 'string' && !pagerefs.has(entry.pageref)) pagerefs.set(entry.pageref, `${base}/pageref`);
          for (const problem of problems) yield finding(problem);
        } else if (item.kind === 'end') {
          facts.producer = producerOf(item.log);
          for (const problem of skipped.splice(0)) yield finding(problem);
          yield* logFindings(item.log, check, level, facts, pagerefs, finding);
        }
      }
      for (const problem of skipped.splice(0)) yield finding(problem);
    }
  }
}

function* logFindings(
  log: Record<string, unknown>,
  check: Validators,
  level: ValidationLevel,
  facts: LogFacts,
  pagerefs: Map<string, string>,
  finding: (problem: Problem) => Finding,
): Generator<Finding> {
  if (!check.log(log)) for (const problem of fromAjv(check.log.errors, '/log')) yield finding(problem);
  if (typeof log.version === 'string' && !/^1\.\d+$/.test(log.version)) {
    yield finding({ pointer: '/log/version', rule: 'version', message: 'is not a HAR 1.x version', hint: 'readers reject a major version other than 1' });
  }
  const pages = Array.isArray(log.pages) ? log.pages : null;
  facts.pageIds = new Set();
  pages?.forEach((page) => {
    if (page !== null && typeof page === 'object' && typeof (page as { id?: unknown }).id === 'string') facts.pageIds!.add((page as { id: string }).id);
  });
  for (let i = 0; pages !== null && i < pages.length; i++) {
    if (!check.page(pages[i])) for (const problem of fromAjv(check.page.errors, `/log/pages/${i}`)) yield finding(problem);
    const page = pages[i] as { startedDateTime?: unknown } | null;
    if (level !== 'schema' && typeof page?.startedDateTime === 'string' && !ISO_DATE.test(page.startedDateTime)) {
      yield finding({ pointer: `/log/pages/${i}/startedDateTime`, rule: 'date', message: 'is not an ISO 8601 date-time', hint: 'e.g. 2026-01-01T12:00:00.000Z' });
    }
  }
  if (level === 'schema') return;
  for (const [pageref, pointer] of pagerefs) {
    if (facts.pageIds.has(pageref)) continue;
    const message = pages === null ? 'names a page, but the log has no pages' : 'names a page that is not in log.pages';
    yield finding({ pointer, rule: 'pageref', message, hint: 'pageref must be the id of one of log.pages', quirk: QUIRKS.danglingPageref });
  }
}
