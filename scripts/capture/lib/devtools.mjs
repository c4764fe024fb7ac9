// Drive Chromium's own DevTools frontend (served on the --remote-debugging-port) so that its
// Network panel records the session page and its own "Export HAR (with sensitive data)" writes the file.

/**
 * Open the DevTools frontend for `page` in a separate browser context (so it does not show up in
 * the session's own Playwright HAR) with the Network panel recording and the sensitive-data export enabled.
 * @param {import('playwright-core').Browser} browser
 * @param {number} devtoolsPort
 * @param {import('playwright-core').Page} page the page to record (still at about:blank)
 */
export async function openDevTools(browser, devtoolsPort, page) {
  const cdp = await page.context().newCDPSession(page);
  const { targetInfo } = await cdp.send('Target.getTargetInfo');
  await cdp.detach();
  const ctx = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
  const dt = await ctx.newPage();
  const origin = `http://127.0.0.1:${devtoolsPort}`;
  // Settings of the hosted frontend live in its origin's localStorage; set them before it loads.
  await dt.goto(`${origin}/json/version`);
  await dt.evaluate(() => {
    localStorage.setItem('network.show-options-to-generate-har-with-sensitive-data', 'true');
    localStorage.setItem('network-log.preserve-log', 'true');
  });
  await dt.goto(`${origin}/devtools/inspector.html?ws=127.0.0.1:${devtoolsPort}/devtools/page/${targetInfo.targetId}&panel=network`);
  const exportButton = dt.locator('button[aria-label="Export HAR (either sanitized or with sensitive data)"]');
  await exportButton.waitFor({ state: 'visible', timeout: 30_000 });
  const keepLog = dt.getByRole('checkbox', { name: 'Keep log' });
  if ((await keepLog.count()) && !(await keepLog.first().isChecked())) await keepLog.first().check();
  // give the frontend a moment to finish Network.enable on the target
  await dt.waitForTimeout(1000);
  return {
    page: dt,
    context: ctx,
    targetId: targetInfo.targetId,
    /**
     * Click Export HAR ▸ "Export HAR (with sensitive data)…" (or, with `sanitized`, Chrome's
     * default "Export HAR (sanitized)…") and save the browser download.
     * @param {string} path
     * @param {{sanitized?: boolean}} [options]
     */
    async exportHar(path, options = {}) {
      await dt.bringToFront();
      await exportButton.click();
      const item = dt.getByRole('menuitem', { name: options.sanitized ? /\(sanitized\)/ : /with sensitive data/ });
      await item.waitFor({ state: 'visible', timeout: 10_000 });
      const downloadP = dt.waitForEvent('download', { timeout: 120_000 });
      await item.click();
      const download = await downloadP;
      await download.saveAs(path);
      return download.suggestedFilename();
    },
    async close() {
      await ctx.close();
    },
  };
}
