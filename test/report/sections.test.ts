/**
 * The page's sections on the samples, against the view records they render: every restart,
 * interrupt, rate-limit trip and connection gap has its mark; every executed cell its bar,
 * linked to the cell; flags and recovered output appear in their cells.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readReport, reportPage, type ReportData } from '../../src/report/index.js';
import { ROOT } from '../helpers/cli.js';

const pages = new Map<string, { data: ReportData; page: string }>();
async function pageOf(sample: string): Promise<{ data: ReportData; page: string }> {
  let got = pages.get(sample);
  if (got === undefined) {
    const path = `${ROOT}samples/${sample}`;
    const data = await readReport([{ name: `samples/${sample}`, path }]);
    got = { data, page: [...reportPage(data)].join('') };
    pages.set(sample, got);
  }
  return got;
}

function count(text: string, pattern: RegExp): number {
  return (text.match(pattern) ?? []).length;
}

test('timeline: a mark per restart and interrupt, a bar per busy interval, cells linked', async () => {
  for (const sample of ['notebook6-session.har', 'jupyter-server-limits.har', 'notebook6-reload.har']) {
    const { data, page } = await pageOf(sample);
    const records = data.session.timeline.flatMap((k) => k.records());
    const kinds = (kind: string) => records.filter((r) => r.kind === kind).length;
    assert.equal(count(page, /class="mark-restart"/g), kinds('restart'), `${sample} restarts`);
    assert.equal(count(page, /class="mark-interrupt"/g), kinds('interrupt'), `${sample} interrupts`);
    assert.equal(count(page, /<rect class="gap"/g), kinds('gap'), `${sample} gaps`);
    assert.equal(count(page, /<rect class="conn"/g), kinds('connection'), `${sample} connections`);
    assert.equal(count(page, /<rect class="busy/g), records.filter((r) => r.kind === 'busy' && (r.busy ?? r.sent) !== null).length, `${sample} bars`);
    const executed = new Set(data.session.cells.map((c) => c.msg_id));
    const linked = records.filter((r) => r.kind === 'busy' && executed.has(r.parent_msg_id) && (r.busy ?? r.sent) !== null).length;
    assert.ok(linked > 0);
    assert.equal(count(page, /<a href="#(cell|run)-[^"]+"><rect class="busy/g), linked, `${sample} linked bars`);
  }
  const session = (await pageOf('notebook6-session.har')).data.session.timeline.flatMap((k) => k.records());
  assert.ok(session.some((r) => r.kind === 'restart'), 'the session sample has its restart');
});

test('timeline: the rate-limit sample marks every server notice and replayed trip', async () => {
  const { data, page } = await pageOf('jupyter-server-limits.har');
  const notices = data.session.rateLimits.filter((r) => r.kind === 'notice' && r.time !== null).length;
  const trips = data.session.rateLimits.flatMap((r) => (r.kind === 'cell' ? [r.msg.exceeded_at, r.data.exceeded_at] : [])).filter((at) => at !== null).length;
  // The server ran with lowered limits; replayed at the defaults the cut traffic may not trip again.
  assert.ok(notices >= 2, `${notices} notices`);
  assert.equal(count(page, /class="mark-rate"/g), notices + trips);
  assert.match(page, /IOPub data rate exceeded \(server notice\)/);
  assert.match(page, /IOPub message rate exceeded \(server notice\)/);
});

test('notebook: flags per cell as the views set them', async () => {
  for (const sample of ['jupyter-server-limits.har', 'notebook6-session.har', 'notebook6-reload.har']) {
    const { data, page } = await pageOf(sample);
    const shown = data.session.notebooks.flatMap((n) => n.placements.flatMap((p) => (p.executed === null ? [] : [p.executed.read()])));
    for (const flag of ['error', 'interrupted', 'rate_limited', 'recovered', 'no_reply'] as const) {
      const cells = shown.filter((c) => c.flags[flag]).length;
      assert.equal(count(page, new RegExp(`<span class="flag ${flag}">`, 'g')), cells, `${sample} ${flag}`);
    }
  }
  const limits = (await pageOf('jupyter-server-limits.har')).page;
  assert.match(limits, /<span class="flag rate_limited">rate-limited<\/span>/);
  assert.match(limits, /<span class="flag interrupted">interrupted<\/span>/);
});

test('notebook: output the reloaded page lost is in its cell, said to be recovered', async () => {
  const { data, page } = await pageOf('notebook6-reload.har');
  assert.ok(data.session.recovered_outputs > 0);
  assert.match(page, /<span class="flag recovered">recovered<\/span>/);
  assert.match(page, /outputs recovered from a later connection/);
  assert.match(page, /second 9/);
  assert.match(page, new RegExp(`${data.session.recovered_outputs} outputs reached the capture only on a later connection`));
});

test('header: producer, server, kernel from kernel_info, counts', async () => {
  const { page } = await pageOf('jupyter-server-v1.har');
  assert.match(page, /<dt>producer<\/dt><dd>WebInspector 537.36<\/dd>/);
  assert.match(page, /<dt>server<\/dt><dd>TornadoServer\/6.2<\/dd>/);
  assert.match(page, /ipython 8.5.0 · python 3.11.2 · protocol 5.3/);
  assert.match(page, /<span class="count"><b>\d+<\/b> cells<\/span>/);
  // Static asset bodies are never embedded: the page is far smaller than the capture's bodies.
  assert.ok(!page.includes('jQuery') && !page.includes('define(['), 'no script bodies');
});
