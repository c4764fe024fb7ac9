// Run a scenario in the real classic Notebook 6 web UI: type into cells, Shift+Enter, answer input(),
// restart through the Kernel menu, move a widget slider, save through File ▸ Save and Checkpoint.
import { writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const NOTEBOOK_NAME = 'session.ipynb';

/**
 * Turn off CodeMirror's auto-closing brackets in the private user config, so typed text is the cell text.
 * @param {string} configDir the server's JUPYTER_CONFIG_DIR
 */
export function writeUserConfig(configDir) {
  mkdirSync(join(configDir, 'nbconfig'), { recursive: true });
  writeFileSync(join(configDir, 'nbconfig', 'notebook.json'), JSON.stringify({ CodeCell: { cm_config: { autoCloseBrackets: false } } }, null, 2));
}

/** An empty notebook (one empty code cell) for the UI to open. @param {string} dir */
export function writeEmptyNotebook(dir) {
  const nb = {
    cells: [{ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: [] }],
    metadata: { kernelspec: { display_name: 'Python 3 (ipykernel)', language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  writeFileSync(join(dir, NOTEBOOK_NAME), JSON.stringify(nb, null, 1));
}

/** @param {import('playwright-core').Page} page @param {number} ms */
async function waitIdle(page, ms = 120_000) {
  await page.waitForFunction(() => {
    const icon = document.querySelector('#kernel_indicator_icon');
    // @ts-ignore
    const k = window.Jupyter?.notebook?.kernel;
    return !!icon && icon.classList.contains('kernel_idle_icon') && !!k && k.is_connected();
  }, null, { timeout: ms, polling: 100 });
}

/**
 * Type `source` into the selected cell's CodeMirror. Lines are typed without their leading
 * indentation; after each Enter the indentation CodeMirror chose is corrected with spaces/Backspace.
 * @param {import('playwright-core').Page} page
 * @param {string} source
 */
async function typeSource(page, source) {
  const lines = source.split('\n');
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    const want = /** @type {RegExpMatchArray} */ (line.match(/^ */))[0].length;
    if (k > 0) await page.keyboard.press('Enter');
    for (let guard = 0; guard < 40; guard++) {
      const have = await page.evaluate(() => {
        // @ts-ignore
        const cm = window.Jupyter.notebook.get_selected_cell().code_mirror;
        const line = cm.getLine(cm.getCursor().line);
        return /^ *$/.test(line) ? line.length : -1;
      });
      if (have === want) break;
      if (have < 0) throw new Error(`unexpected text on line ${k + 1} before typing it`);
      if (have < want) await page.keyboard.type(' '.repeat(want - have));
      else await page.keyboard.press('Backspace');
    }
    await page.keyboard.type(line.trimStart());
  }
}

/**
 * @param {import('playwright-core').Page} page
 * @param {{base: string, token: string}} server
 * @param {any[]} steps
 * @param {(msg: string) => void} log
 */
/** Wait until the notebook page has loaded the notebook and connected its kernel. @param {import('playwright-core').Page} page */
async function waitLoaded(page) {
  await page.waitForFunction(() => {
    // @ts-ignore
    const nb = window.Jupyter?.notebook;
    return !!nb && nb._fully_loaded && !!nb.kernel;
  }, null, { timeout: 60_000 });
}

/** File ▸ Save and Checkpoint; resolves once the server answered the PUT. @param {import('playwright-core').Page} page */
async function saveCheckpoint(page) {
  await page.keyboard.press('Escape');
  const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes(`/api/contents/${NOTEBOOK_NAME}`), { timeout: 30_000 });
  await page.locator('#filelink').click();
  await page.locator('#save_checkpoint').click();
  const resp = await saved;
  if (!resp.ok()) throw new Error(`saving the notebook failed: HTTP ${resp.status()}`);
}

export async function runNotebook6(page, server, steps, log) {
  await page.goto(`${server.base}notebooks/${NOTEBOOK_NAME}?token=${server.token}`);
  await waitLoaded(page);
  await waitIdle(page);
  await page.waitForTimeout(1500); // let the widgets extension's comm_open/comm_close settle
  /** @type {any[]} */
  const record = [];
  let cellIndex = 0;
  let restartedBefore = false;
  /** @type {Record<number, number>} step -> cell index */
  const stepCell = {};
  for (let s = 0; s < steps.length; s++) {
    const step = steps[s];
    if (step.kind === 'cell') {
      log(`cell ${cellIndex}: ${step.source.split('\n')[0]}`);
      const cell = page.locator('#notebook-container > .cell').nth(cellIndex);
      await cell.locator('.CodeMirror').click();
      await typeSource(page, step.source);
      const typed = await page.evaluate((i) => window.Jupyter.notebook.get_cell(i).get_text(), cellIndex);
      if (typed !== step.source) throw new Error(`cell ${cellIndex}: the editor holds ${JSON.stringify(typed)}, expected ${JSON.stringify(step.source)}`);
      await page.keyboard.press('Shift+Enter');
      if (step.answer !== undefined) {
        const box = cell.locator('input.raw_input');
        await box.waitFor({ state: 'visible', timeout: 30_000 });
        await box.click();
        await page.keyboard.type(step.answer);
        await page.keyboard.press('Enter');
      }
      await page.waitForFunction((i) => typeof window.Jupyter.notebook.get_cell(i).input_prompt_number === 'number', cellIndex, { timeout: 120_000, polling: 100 });
      await waitIdle(page);
      await page.waitForTimeout(300);
      record.push({ index: cellIndex, step: s, source: step.source, ...(step.answer !== undefined ? { input_answer: step.answer } : {}), ...(restartedBefore ? { after_restart: true } : {}) });
      restartedBefore = false;
      stepCell[s] = cellIndex;
      cellIndex++;
    } else if (step.kind === 'reload') {
      // Saved first, so the reloaded page shows the cell; the output printed after the reload reaches
      // the new page's socket with the old request as parent, and that page cannot attach it.
      log(`cell ${cellIndex}: ${step.source.split('\n')[0]} (page reloaded after ${step.after} ms)`);
      const cell = page.locator('#notebook-container > .cell').nth(cellIndex);
      await cell.locator('.CodeMirror').click();
      await typeSource(page, step.source);
      await saveCheckpoint(page);
      await cell.locator('.CodeMirror').click();
      await page.keyboard.press('Shift+Enter');
      await page.waitForTimeout(step.after);
      const shown = await page.evaluate((i) => window.Jupyter.notebook.get_cell(i).output_area.toJSON(), cellIndex);
      page.once('dialog', (dialog) => dialog.accept()); // beforeunload: leave the page with unsaved changes
      log('reload the page (Keep log is on in DevTools)');
      await page.reload({ waitUntil: 'load' });
      await waitLoaded(page);
      await waitIdle(page);
      await page.waitForTimeout(1000);
      const after = await page.evaluate((i) => window.Jupyter.notebook.get_cell(i).output_area.toJSON(), cellIndex);
      // the reloaded page has no empty cell below the saved ones
      await page.evaluate(() => window.Jupyter.notebook.insert_cell_at_bottom('code'));
      record.push({ index: cellIndex, step: s, source: step.source, reloaded_after_ms: step.after, outputs_before_reload: shown, outputs_after_reload: after });
      stepCell[s] = cellIndex;
      cellIndex++;
    } else if (step.kind === 'restart') {
      log('restart kernel (Kernel ▸ Restart)');
      await page.keyboard.press('Escape');
      await page.locator('#kernellink').click();
      await page.locator('#restart_kernel').click();
      const wsP = page.waitForEvent('websocket', { timeout: 60_000 });
      await page.locator('.modal-footer button', { hasText: 'Restart' }).click();
      await wsP;
      await page.waitForTimeout(500);
      await waitIdle(page);
      await page.waitForTimeout(1000);
      restartedBefore = true;
    } else if (step.kind === 'slider') {
      const prev = stepCell[s - 1];
      log(`slider in cell ${prev}: ArrowRight x${step.presses}`);
      const handle = page.locator('#notebook-container > .cell').nth(prev).locator('.ui-slider-handle').first();
      await handle.waitFor({ state: 'visible', timeout: 30_000 });
      await handle.focus();
      for (let i = 0; i < step.presses; i++) {
        await page.keyboard.press('ArrowRight');
        await page.waitForTimeout(300);
      }
      await waitIdle(page);
      const rec = record.find((r) => r.index === prev);
      if (rec) rec.slider_presses = step.presses;
    }
  }
  // save through the UI
  log('File ▸ Save and Checkpoint');
  await saveCheckpoint(page);
  await page.waitForTimeout(1000);
  const ui = await page.evaluate(() => {
    const nb = window.Jupyter.notebook;
    const els = [...document.querySelectorAll('#notebook-container > .cell')];
    return els.map((el, i) => {
      const c = nb.get_cell(i);
      return {
        ui_source: c.get_text(),
        execution_count: c.input_prompt_number ?? null,
        prompt: el.querySelector('.input_prompt')?.textContent?.trim() ?? '',
        outputs: c.output_area ? c.output_area.toJSON() : [],
        displayed: [...el.querySelectorAll('.output_area')].map((a) => {
          const sub = a.querySelector('.output_subarea');
          return {
            prompt: a.querySelector('.prompt')?.textContent?.trim() ?? '',
            classes: sub ? [...sub.classList].filter((c) => c !== 'output_subarea') : [],
            text: /** @type {HTMLElement} */ (sub ?? a).innerText,
            images: [...a.querySelectorAll('img')].map((img) => ({ src_prefix: img.src.slice(0, 22), width: img.naturalWidth, height: img.naturalHeight })),
          };
        }),
        widgets: [...el.querySelectorAll('.widget-hslider, .widget-image')].map((w) => ({
          classes: [...w.classList].join(' '),
          text: /** @type {HTMLElement} */ (w).innerText,
        })),
      };
    });
  });
  for (const r of record) Object.assign(r, ui[r.index]);
  return record;
}

/** @param {string} dir */
export function readSavedNotebook(dir) {
  return readFileSync(join(dir, NOTEBOOK_NAME), 'utf8');
}
