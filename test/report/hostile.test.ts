/**
 * Untrusted content never runs: a capture with markup planted in every field the page shows
 * (log.creator, URLs, headers, the notebook document, code, streams, text/html, SVG,
 * JavaScript and markdown outputs, tracebacks, kernel_info) is rendered and opened in headless
 * Chromium. Nothing it planted may run: the title stays, no dialog opens, no console message
 * comes from it (the browser's own refusals are all that may be logged), no request is made,
 * also after clicking the planted links and buttons.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { PLACEHOLDER_PREFIX } from '../../src/redact/index.js';
import { runHar } from '../helpers/cli.js';
import { browserSkipReason, launchChromium, openReport, settleRequests } from './browser.js';
import { CODE_TEXT, HOSTILE_COOKIE, HOSTILE_TOKEN, hostileHar, STREAM_TEXT } from './hostile-har.js';

const skip = browserSkipReason();
const dir = mkdtempSync(join(tmpdir(), 'harknife-hostile-'));
const har = join(dir, 'hostile.har');
let browser: Browser | null = null;
/** A server the planted markup points at: any request that reaches the network is counted here. */
const beaconHits: string[] = [];
const beacon = createServer((request, response) => {
  beaconHits.push(request.url ?? '');
  response.end();
});

before(async () => {
  await new Promise<void>((resolve) => beacon.listen(0, '127.0.0.1', resolve));
  writeFileSync(har, JSON.stringify(hostileHar(`http://127.0.0.1:${(beacon.address() as AddressInfo).port}/beacon`)));
  if (skip === false) browser = await launchChromium();
});
after(async () => {
  beacon.close();
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What Chromium logs when it refuses something: nothing the planted code wrote itself. */
const REFUSAL = new RegExp(
  '^(error|warning): (' +
    [
      "Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed and the 'allow-scripts' permission is not set\\.",
      'Not allowed to load local resource: file:///.*/x',
      "Refused to execute the redirect specified via '<meta http-equiv='refresh' content='\\.\\.\\.'>'\\. The document is sandboxed, and the 'allow-scripts' keyword is not set\\.",
      "(Loading the (stylesheet|image) '[^']*'|Framing '[^']*'|Loading plugin data from '[^']*') violates the following Content Security Policy directive: .*",
      'Running the JavaScript URL violates the following Content Security Policy directive .*',
      "Blocked form submission to '[^']*' because the form's frame is sandboxed and the 'allow-forms' permission is not set\\.",
    ].join('|') +
    ')$',
  's',
);

async function report(args: string[]): Promise<string> {
  const file = join(dir, `report${args.join('')}.html`);
  const run = await runHar(['report', har, '-o', file, ...args]);
  assert.equal(run.code, 0, run.stderr);
  return file;
}

test('the page source: one script (its own), planted markup only escaped or inside sandboxed srcdoc', async () => {
  const page = readFileSync(await report([]), 'utf8');
  assert.equal((page.match(/<script/gi) ?? []).length, 1);
  for (const raw of ['<img src=x', '<svg xmlns="http://www.w3.org/2000/svg" width="40"', 'href="javascript:', '<meta http-equiv="refresh"', '<iframe src=', '<object', '<form action']) {
    assert.ok(!page.includes(raw), raw);
  }
  const frames = page.match(/<iframe [^>]*>/g) ?? [];
  assert.equal(frames.length, 3);
  for (const frame of frames) assert.match(frame, /^<iframe class="sandboxed" style="height:\d+px" sandbox="" referrerpolicy="no-referrer" title="[^"]*" srcdoc="[^"<>]*">$/);
});

test('planted scripts, handlers, javascript: links and SVG scripts do not run in Chromium', { skip }, async () => {
  const opened = await openReport(browser!, await report([]));
  const { page } = opened;
  try {
    const title = 'harknife report: ' + har;
    assert.equal(await page.title(), title);
    // The planted content is on the page, as text.
    const notebook = await page.locator('#notebook').innerText();
    assert.ok(notebook.includes(CODE_TEXT.split('\n')[0]!), 'code shown as text');
    assert.ok(notebook.includes(STREAM_TEXT.trim()), 'stream shown as text');
    assert.ok(notebook.includes('alert(6)'), 'application/javascript shown as text');
    assert.ok((await page.locator('header').innerText()).includes('<script>alert(47)'), 'creator shown as text');
    const html = page.frameLocator('iframe.sandboxed').first();
    assert.equal(await html.locator('#html-ok').innerText(), 'bold html');
    // Clicking what was planted to be clicked.
    await html.locator('#js-link-3').click();
    await page.frameLocator('iframe.sandboxed').nth(1).locator('#submit-me').click();
    for (const summary of await page.locator('#http details > summary').all()) await summary.click();
    await page.waitForTimeout(300);
    await settleRequests(opened);

    assert.equal(await page.title(), title);
    assert.deepEqual(opened.dialogs, []);
    assert.deepEqual(opened.pageErrors, []);
    assert.deepEqual(beaconHits, [], 'requests that reached the beacon server');
    const stopped = [...opened.blockedByPolicy, ...opened.refusedLocal];
    assert.deepEqual(opened.requests.filter((url) => !stopped.includes(url)), [], 'requests the policy or the browser did not stop');
    assert.deepEqual(opened.console.filter((m) => /PWNED/.test(m)), []);
    assert.deepEqual(opened.console.filter((m) => !REFUSAL.test(m)), [], 'console messages other than the browser refusing');
    assert.ok(opened.console.some((m) => m.includes('Blocked script execution')), 'the browser saw the planted scripts and refused them');
    for (const frame of page.frames()) assert.notEqual(await frame.title().catch(() => ''), 'PWNED');
  } finally {
    await page.context().close();
  }
});

test('--redact runs the redaction library first: the token and cookie values are not on the page; without it they are', async () => {
  const plain = readFileSync(await report([]), 'utf8');
  assert.ok(plain.includes(HOSTILE_TOKEN) && plain.includes(HOSTILE_COOKIE));
  const redacted = readFileSync(await report(['--redact']), 'utf8');
  assert.ok(!redacted.includes(HOSTILE_TOKEN), 'token');
  assert.ok(!redacted.includes(HOSTILE_COOKIE), 'cookie');
  assert.match(redacted, new RegExp(`token=${PLACEHOLDER_PREFIX}[0-9a-f]+`));
  assert.ok(!readFileSync(har, 'utf8').includes(PLACEHOLDER_PREFIX), 'the input is not modified');
});
