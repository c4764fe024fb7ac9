/**
 * JSONPath through jsonpath-plus. Its script evaluation (native `eval`) is never used: filters run
 * in jsonpath-plus's own "safe" interpreter, and expressions that reach for the prototype chain
 * (`constructor`, `__proto__`, `prototype`) are refused before evaluation.
 */
import { JSONPath } from 'jsonpath-plus';
import { ExpressionError } from '../errors.js';

export interface QueryMatch {
  /** The normalised JSONPath of the match, e.g. `$['log']['entries'][0]['request']['url']`. */
  path: string;
  value: unknown;
}

const FORBIDDEN = /\b(constructor|__proto__|prototype|__defineGetter__|__lookupGetter__)\b/;

/**
 * jsonpath-plus runs regular expressions in filters on the backtracking engine (`/(a+)+$/`, or a
 * string given to match/search): they could run for ever, so they are refused.
 */
const REGEX_METHOD = /\.\s*(match|matchAll|search)\s*\(/;

/** The characters of an expression outside its quoted strings, and whether its quotes close. */
function unquoted(expression: string): { chars: string[]; closed: boolean } {
  const chars: string[] = [];
  let quote: string | null = null;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i]!;
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else {
      chars.push(c);
    }
  }
  return { chars, closed: quote === null };
}

/** Brackets and parentheses outside quotes must pair up: jsonpath-plus quietly accepts `$[`. */
function unbalanced(expression: string): boolean {
  const { chars, closed } = unquoted(expression);
  const open: string[] = [];
  const pairs: Record<string, string> = { ']': '[', ')': '(' };
  for (const c of chars) {
    if (c === '[' || c === '(') open.push(c);
    else if ((c === ']' || c === ')') && open.pop() !== pairs[c]) return true;
  }
  return !closed || open.length > 0;
}

/** `/` outside quotes: JSONPath has no other use for it than a regular expression (or division). */
function slashOutsideQuotes(expression: string): boolean {
  return unquoted(expression).chars.includes('/');
}

export function checkQuery(expression: string): void {
  if (!expression.startsWith('$')) {
    throw new ExpressionError(`bad JSONPath ${JSON.stringify(expression)}: it must start with "$"`);
  }
  if (unbalanced(expression)) {
    throw new ExpressionError(`bad JSONPath ${JSON.stringify(expression)}: unbalanced brackets, parentheses or quotes`);
  }
  if (slashOutsideQuotes(expression) || REGEX_METHOD.test(expression)) {
    throw new ExpressionError(`refused JSONPath: regular expressions in filters are not run (they can take exponential time); filter with har pick --url, or jq`);
  }
  const forbidden = FORBIDDEN.exec(expression);
  if (forbidden) {
    throw new ExpressionError(`refused JSONPath: "${forbidden[1]}" is not allowed (no code runs from queries)`);
  }
}

export function runQuery(expression: string, document: unknown): QueryMatch[] {
  checkQuery(expression);
  try {
    const results = JSONPath({
      path: expression,
      json: document as object,
      eval: 'safe',
      // A filter that reads a field of null (`@.mimeType` on a null value) skips that node, as
      // jq's `select` would, instead of failing the whole query.
      ignoreEvalErrors: true,
      resultType: 'all',
      wrap: true,
    }) as { path: string; value: unknown }[];
    return results.map((r) => ({ path: r.path, value: r.value }));
  } catch (error) {
    throw new ExpressionError(`bad JSONPath ${JSON.stringify(expression)}: ${(error as Error).message}`);
  }
}
