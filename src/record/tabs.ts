/** Choosing the tab to record in a browser the recorder attaches to. */
import { ExpressionError, UsageError } from '../errors.js';
import type { TabInfo } from './browser.js';

/** One line per tab, numbered from 1, with control characters from page titles made visible. */
export function describeTabs(tabs: readonly TabInfo[]): string {
  return tabs.map((tab, i) => `  ${i + 1}. ${printable(tab.title) || '(untitled)'} — ${printable(tab.url)}`).join('\n');
}

/** The tabs on one line, for a usage error (diagnostics are one line each). */
export function tabsInOneLine(tabs: readonly TabInfo[]): string {
  return tabs.map((tab, i) => `${i + 1}. ${printable(tab.title) || '(untitled)'} — ${printable(tab.url)}`).join('; ');
}

function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `--tab TITLE|URL-REGEX`: the one tab whose title or URL matches. */
export function tabMatching(tabs: readonly TabInfo[], pattern: string): number {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch (error) {
    throw new ExpressionError(`bad --tab regular expression: ${(error as Error).message}`);
  }
  const matches = tabs.flatMap((tab, i) => (regex.test(tab.title) || regex.test(tab.url) ? [i] : []));
  if (matches.length === 1) return matches[0]!;
  const what = matches.length === 0 ? 'matches no tab' : `matches ${matches.length} tabs`;
  throw new UsageError(`--tab ${JSON.stringify(pattern)} ${what}; the tabs are: ${tabsInOneLine(tabs)}`);
}

/** The answer to "which tab?": a number from the list, or a pattern as for --tab. */
export function tabFromAnswer(tabs: readonly TabInfo[], answer: string): number {
  const text = answer.trim();
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n >= 1 && n <= tabs.length) return n - 1;
    throw new UsageError(`no tab number ${n}; the tabs are: ${tabsInOneLine(tabs)}`);
  }
  return tabMatching(tabs, text);
}

export function noTabs(): UsageError {
  return new UsageError('the browser has no open tab to record');
}
