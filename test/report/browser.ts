/**
 * Headless Chromium for the report's browser tests: Debian's /usr/bin/chromium driven by
 * playwright-core, with every background service off so any request seen is the page's own.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_FLAGS, DEFAULT_BROWSER } from '../../src/record/browser.js';

export const CHROMIUM = DEFAULT_BROWSER;

/** Why the browser tests cannot run here, or false. Only a missing Chromium skips them. */
export function browserSkipReason(): string | false {
  return existsSync(CHROMIUM) ? false : `Chromium is missing (${CHROMIUM}); install it with: apt-get install -y chromium`;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  // The recorder's flags: no sandbox (root), none of Chromium's background traffic.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_FLAGS, '--disable-gpu'] });
}

export interface OpenedPage {
  page: Page;
  url: string;
  /** Every console message, of the page and of its frames: `type: text`. */
  console: string[];
  /** Every request other than the page's own document. */
  requests: string[];
  /** Those of them the Content-Security-Policy stopped before they reached the network. */
  blockedByPolicy: string[];
  /**
   * Those the browser refused to read from the disk ("Not allowed to load local resource": markup
   * in a srcdoc frame resolves relative URLs against the report's file:// address).
   */
  refusedLocal: string[];
  /** Every request that ended, whether it failed or finished. */
  ended: string[];
  dialogs: string[];
  pageErrors: string[];
}

/** Opens a report file from file:// and records what the page did while loading. */
export async function openReport(browser: Browser, file: string): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const opened: OpenedPage = { page, url, console: [], requests: [], blockedByPolicy: [], refusedLocal: [], ended: [], dialogs: [], pageErrors: [] };
  page.on('console', (message) => opened.console.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => opened.pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    opened.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  context.on('request', (request) => {
    if (request.url() !== url) opened.requests.push(request.url());
  });
  context.on('requestfailed', (request) => {
    opened.ended.push(request.url());
    if (request.failure()?.errorText === 'csp') opened.blockedByPolicy.push(request.url());
    else if (request.url().startsWith('file:')) opened.refusedLocal.push(request.url());
  });
  context.on('requestfinished', (request) => {
    opened.ended.push(request.url());
  });
  await page.goto(url, { waitUntil: 'load' });
  // Frames load after the document: give them time to do anything they were going to do.
  await page.waitForTimeout(300);
  return opened;
}

/**
 * Waits (up to `limit` ms) until every request the page made has ended, failed or finished: a
 * refused request is reported a moment after it starts, and judging it before then is a race.
 */
export async function settleRequests(opened: OpenedPage, limit = 3000): Promise<void> {
  const until = Date.now() + limit;
  const pending = () => opened.requests.filter((url) => !opened.ended.includes(url)).length;
  while (pending() > 0 && Date.now() < until) await opened.page.waitForTimeout(50);
}
