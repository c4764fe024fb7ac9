/**
 * secretlint's recommended preset (@secretlint/secretlint-rule-preset-recommend) as a synchronous
 * matcher over one string.
 *
 * secretlint's own engine (@secretlint/core `lintSource`) is asynchronous and sets up a whole lint
 * run per source; called for each of the millions of strings in a large HAR it would dominate the
 * time, and our redaction of one entry is synchronous. The preset's rules themselves are plain
 * objects — `create(context, options)` returning a `file(source)` handler that runs the rule's
 * regular expressions and calls `context.report({ range })` — so each rule is created once here
 * with a minimal context and its handler is called directly. Only `range` is used: a rule's message
 * quotes the secret it found and is never looked at.
 */
import { rules as presetRules } from '@secretlint/secretlint-rule-preset-recommend';

interface RuleSource {
  content: string;
  filePath: string;
  ext: string;
  contentType: 'text';
}
interface RuleReport {
  range: readonly [number, number] | number[];
}
interface RuleContext {
  createTranslator(messages: unknown): (id: string, data?: unknown) => string;
  report(report: RuleReport): void;
  ignore(report: unknown): void;
}
interface RuleCreator {
  meta: { id: string; type?: string };
  create(context: RuleContext, options: Record<string, unknown>): { file?: (source: RuleSource) => unknown };
}

export interface CredentialMatch {
  /** The secretlint rule id without its package prefix, e.g. `secretlint-rule-github`. */
  rule: string;
  start: number;
  end: number;
}

/** Rules whose matches are context, not credentials: comments filtering only ignores other reports. */
const SKIPPED = new Set(['@secretlint/secretlint-rule-filter-comments']);
/** Shorter than any credential format the preset knows; such strings are not handed to the rules. */
const MIN_LENGTH = 16;

interface LoadedRule {
  id: string;
  file: (source: RuleSource) => unknown;
}

interface Loaded {
  rules: LoadedRule[];
  /** Filled by the rules' reports during one findCredentials call. */
  matches: CredentialMatch[];
}

let loaded: Loaded | null = null;

function load(): Loaded {
  if (loaded !== null) return loaded;
  const state: Loaded = { rules: [], matches: [] };
  for (const creator of presetRules as unknown as RuleCreator[]) {
    if (SKIPPED.has(creator.meta.id)) continue;
    const id = creator.meta.id.replace(/^@secretlint\//, '');
    const context: RuleContext = {
      createTranslator: () => (message) => message,
      report: ({ range }) => {
        const [start, end] = range;
        if (typeof start === 'number' && typeof end === 'number' && end > start) state.matches.push({ rule: id, start, end });
      },
      ignore: () => undefined,
    };
    const handlers = creator.create(context, {});
    if (handlers.file !== undefined) state.rules.push({ id, file: handlers.file.bind(handlers) });
  }
  loaded = state;
  return state;
}

const SOURCE: RuleSource = { content: '', filePath: 'har-string.txt', ext: '.txt', contentType: 'text' };

/** Credentials the preset finds in `text`, in order of their start. */
export function findCredentials(text: string): CredentialMatch[] {
  if (text.length < MIN_LENGTH) return [];
  const state = load();
  state.matches = [];
  const source = { ...SOURCE, content: text };
  for (const rule of state.rules) {
    const result = rule.file(source);
    // A rule that answers asynchronously (the GCP rule, for .p12 files only) is not used here.
    if (result instanceof Promise) result.catch(() => undefined);
  }
  return state.matches.sort((a, b) => a.start - b.start);
}

/** The ids of the rules in use, for documentation and the report. */
export function credentialRuleIds(): string[] {
  return load().rules.map((rule) => rule.id);
}
