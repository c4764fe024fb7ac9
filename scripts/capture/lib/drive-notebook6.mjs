// Drive a classic Notebook 6 tab that another program (har record) opened: connect to the same
// Chromium over its DevTools port, run cells through the notebook's own JavaScript API (the UI's
// execute path: CodeCell.execute → Kernel.execute → the kernel WebSocket), reload in between.

/**
 * Connect Playwright to Chromium's DevTools port (retrying while the browser starts) and find the
 * tab showing a URL that matches `urlPattern`.
 * @param {number} port
 * @param {RegExp} urlPattern
 * @param {number} [timeoutMs]
 */
export async function connectToTab(port, urlPattern, timeoutMs = 60_000) {
  const { chromium } = await import('playwright-core');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`, { timeout: 5_000 });
      for (;;) {
        const page = browser.contexts().flatMap((c) => c.pages()).find((p) => urlPattern.test(p.url()));
        if (page) {
          page.on('dialog', (dialog) => { void dialog.accept().catch(() => {}); });
          return { browser, page };
        }
        if (Date.now() > deadline) throw new Error(`no tab showing ${urlPattern} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 200));
      }
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Wait until the notebook is loaded, its kernel connected and idle. @param {import('playwright-core').Page} page */
export async function waitNotebookIdle(page, timeoutMs = 120_000) {
  await page.waitForFunction(() => {
    // @ts-ignore
    const nb = window.Jupyter?.notebook;
    const icon = document.querySelector('#kernel_indicator_icon');
    return !!nb && nb._fully_loaded && !!nb.kernel && nb.kernel.is_connected() && !!icon && icon.classList.contains('kernel_idle_icon');
  }, null, { timeout: timeoutMs, polling: 100 });
}

/**
 * Append a code cell with `source`, run it, wait for its prompt number and an idle kernel.
 * @param {import('playwright-core').Page} page
 * @param {string} source
 */
export async function runCell(page, source) {
  const index = await page.evaluate((text) => {
    // @ts-ignore
    const nb = window.Jupyter.notebook;
    const cell = nb.insert_cell_at_bottom('code');
    cell.set_text(text);
    cell.execute();
    return nb.find_cell_index(cell);
  }, source);
  // @ts-ignore
  await page.waitForFunction((i) => typeof window.Jupyter.notebook.get_cell(i).input_prompt_number === 'number', index, { timeout: 120_000, polling: 100 });
  await waitNotebookIdle(page);
}

/**
 * Reload the tab (marking the notebook clean first, so no "Leave page?" prompt) and wait for the
 * reloaded notebook to be ready again.
 * @param {import('playwright-core').Page} page
 */
export async function reloadNotebook(page) {
  // @ts-ignore
  await page.evaluate(() => window.Jupyter.notebook.set_dirty(false));
  await page.reload();
  await waitNotebookIdle(page);
}
