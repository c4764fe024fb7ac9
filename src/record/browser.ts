/**
 * The browser side of `har record`: launch Chromium with a fresh profile, or attach to one the
 * user runs with --remote-debugging-port, and hand back a CDP session on the chosen tab.
 * playwright-core is imported here only, and only when a recording starts, so every other
 * command runs without it (and without a browser on the machine).
 */
import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { HarknifeError, ExitCode, UsageError } from '../errors.js';

export const DEFAULT_BROWSER = '/usr/bin/chromium';
export const INSTALL_HINT = 'apt-get install -y chromium';

/**
 * Flags for a recording browser: no sandbox (Chromium refuses to start as root with it), and
 * none of the background traffic (updates, sync, QUIC probes) that would land in the HAR.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** No browser to record with: exit 4, one line, with the way to install one. */
export class BrowserMissingError extends HarknifeError {
  constructor(path: string, why: string) {
    super(`${path}: ${why}; install Chromium with: ${INSTALL_HINT} (or name a browser with --browser PATH)`, ExitCode.unreadableInput);
  }
}

/** The part of a CDP session the recorder uses (Playwright's CDPSession, typed by method name). */
export interface CdpConnection {
  send(method: string, params?: Record<string, unknown>): Promise<unknown>;
  on(event: string, listener: (params: unknown) => void): void;
  detach(): Promise<void>;
}

export interface TabInfo {
  title: string;
  url: string;
}

export interface RecordingTarget {
  cdp: CdpConnection;
  browserVersion: string;
  /** Resolves when the tab or the browser goes away (the user closed the window). */
  gone: Promise<void>;
  /** Opens `url` in the tab; null when it loaded, else the browser's error text. */
  navigate(url: string): Promise<string | null>;
  /** Launched: closes the browser and deletes its profile. Attached: lets go of the browser, which keeps running. */
  release(): Promise<void>;
}

export function checkBrowser(path: string): void {
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
    accessSync(path, constants.X_OK);
  } catch {
    throw new BrowserMissingError(path, isFile ? 'not executable' : 'no such browser');
  }
  if (!isFile) throw new BrowserMissingError(path, 'not a file');
}

async function playwright(): Promise<typeof import('playwright-core')> {
  return import('playwright-core');
}

// Playwright's CDPSession types each method and event; the recorder declares the payloads it
// reads itself (cdp-events.ts), so it sees the session through this narrower interface.
function asCdpConnection(session: unknown): CdpConnection {
  return session as CdpConnection;
}

async function targetFor(page: Page, context: BrowserContext, browserVersion: string, gone: Promise<void>, release: () => Promise<void>): Promise<RecordingTarget> {
  const cdp = asCdpConnection(await context.newCDPSession(page));
  return {
    cdp,
    browserVersion,
    gone,
    navigate: async (url) => {
      try {
        const result = (await cdp.send('Page.navigate', { url })) as { errorText?: string };
        return result.errorText === undefined || result.errorText === '' ? null : result.errorText;
      } catch (error) {
        return ((error as Error).message.split('\n')[0] ?? '').replace(/^.*Protocol error \(Page\.navigate\): /, '');
      }
    },
    release,
  };
}

export interface LaunchOptions {
  executablePath: string;
  headless: boolean;
  /** More Chromium flags (e.g. --remote-debugging-port=PORT so that a script can drive the tab). */
  extraArgs?: readonly string[];
}

export async function launchBrowser(options: LaunchOptions, onWarning?: (message: string) => void): Promise<RecordingTarget> {
  checkBrowser(options.executablePath);
  const { chromium } = await playwright();
  const profile = mkdtempSync(join(tmpdir(), 'harknife-record-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: options.executablePath,
      headless: options.headless,
      args: [...CHROMIUM_FLAGS, ...(options.headless ? ['--disable-gpu'] : []), ...(options.extraArgs ?? [])],
      viewport: options.headless ? { width: 1280, height: 900 } : null,
      // The recorder stops on Ctrl-C itself and must still write the file.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    throw new BrowserMissingError(options.executablePath, `could not start it (${first.replace(/^browserType\.launchPersistentContext: /, '')})`);
  }
  const page = context.pages()[0] ?? (await context.newPage());
  // With a listener, Playwright leaves dialogs ("Leave site?") to the person at the window;
  // headless, nobody can answer, so they are accepted.
  page.on('dialog', (dialog) => {
    if (options.headless) void dialog.accept().catch(() => undefined);
  });
  const gone = new Promise<void>((resolve) => {
    page.once('close', () => resolve());
    context.once('close', () => resolve());
  });
  const version = context.browser()?.version() ?? 'unknown';
  return targetFor(page, context, version, gone, async () => {
    await context.close().catch(() => undefined);
    // A browser that went down hard may leave helpers writing to the profile for a moment.
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (error) {
      onWarning?.(`could not delete the browser profile ${profile}: ${(error as Error).message}`);
    }
  });
}

export interface AttachOptions {
  /** A port on 127.0.0.1, or an http:// / ws:// endpoint. */
  endpoint: string;
  /** Picks one of the tabs; throws a UsageError when it cannot. */
  chooseTab(tabs: readonly TabInfo[]): Promise<number>;
}

export function endpointUrl(endpoint: string): string {
  if (/^\d+$/.test(endpoint)) {
    const port = Number(endpoint);
    if (port < 1 || port > 65535) throw new UsageError(`--attach ${endpoint}: not a port number`);
    return `http://127.0.0.1:${port}`;
  }
  if (/^(https?|wss?):\/\//.test(endpoint)) return endpoint;
  throw new UsageError(`--attach ${JSON.stringify(endpoint)}: give the browser's --remote-debugging-port (a number) or its http:// address`);
}

export async function attachBrowser(options: AttachOptions): Promise<RecordingTarget> {
  const url = endpointUrl(options.endpoint);
  const { chromium } = await playwright();
  let browser: Browser;
  try {
    browser = await chromium.connectOverCDP(url, { timeout: 15_000 });
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    throw new HarknifeError(`${url}: no browser to attach to (${first.replace(/^browserType\.connectOverCDP: /, '')}); start it with --remote-debugging-port=PORT`, ExitCode.unreadableInput);
  }
  const pages = browser.contexts().flatMap((context) => context.pages());
  const tabs = await Promise.all(pages.map(async (page) => ({ title: await page.title().catch(() => ''), url: page.url() })));
  let chosen: number;
  try {
    chosen = await options.chooseTab(tabs);
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
  const page = pages[chosen];
  if (page === undefined) throw new UsageError('no such tab');
  const gone = new Promise<void>((resolve) => {
    page.once('close', () => resolve());
    browser.once('disconnected', () => resolve());
  });
  return targetFor(page, page.context(), browser.version(), gone, async () => {
    // For a browser reached with connectOverCDP, close() disconnects and leaves it running.
    await browser.close().catch(() => undefined);
  });
}
