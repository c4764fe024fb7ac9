/** The HTTP entries as a sortable, filterable table with a waterfall of their timings. */
import { html, joinHtml, type Html } from './escape.js';
import { ENTRY_LIMIT, type HttpSide, type ReportEntry } from './http-entries.js';

export function statusClass(status: number | null): string {
  if (status === null || status <= 0) return 'err';
  return `${Math.floor(status / 100)}xx`;
}

function num(value: number | null, digits = 0): string {
  return value === null ? '' : value.toFixed(digits);
}

/** Bars of one entry on the scale of the whole listing: waiting (blocked … wait) then receiving. */
function waterfall(entry: ReportEntry, spanMs: number): Html {
  const start = entry.summary.start_ms;
  const total = entry.summary.time;
  if (start === null || total === null || spanMs <= 0) return html`<div class="waterfall"></div>`;
  const pct = (ms: number) => `${Math.max(0, Math.min(100, (ms / spanMs) * 100)).toFixed(3)}%`;
  const t = entry.timings;
  const before = (t.blocked ?? 0) + (t.dns ?? 0) + (t.connect ?? 0) + (t.send ?? 0);
  const waited = before + (t.wait ?? 0);
  const isSocket = entry.summary.type === 'websocket';
  const phases = `blocked ${num(t.blocked, 1)} · dns ${num(t.dns, 1)} · connect ${num(t.connect, 1)} · send ${num(t.send, 1)} · wait ${num(t.wait, 1)} · receive ${num(t.receive, 1)} ms`;
  const tip = `start +${num(start, 1)} ms, total ${num(total, 1)} ms\n${phases}`;
  if (isSocket || waited <= 0 || waited >= total) {
    return html`<div class="waterfall" data-tip="${tip}"><span class="${isSocket ? 'ws' : ''}" style="left:${pct(start)};width:${pct(total)}"></span></div>`;
  }
  return html`<div class="waterfall" data-tip="${tip}"><span class="wait" style="left:${pct(start)};width:${pct(waited)}"></span><span style="left:${pct(start + waited)};width:${pct(total - waited)}"></span></div>`;
}

function headerTable(title: string, headers: readonly [string, string][]): Html {
  if (headers.length === 0) return html``;
  return html`<div><b>${title}</b><table class="headers">${headers.map(([name, value]) => html`<tr><td>${name}</td><td>${value}</td></tr>`)}</table></div>`;
}

function entryRow(entry: ReportEntry, spanMs: number): Html {
  const s = entry.summary;
  const cls = statusClass(s.status);
  const details =
    entry.request_headers.length + entry.response_headers.length === 0
      ? html`${s.url ?? ''}`
      : html`<details><summary>${s.url ?? ''}</summary>${headerTable('request headers', entry.request_headers)}${headerTable('response headers', entry.response_headers)}</details>`;
  return html`<tr class="status-${cls}" data-status="${cls}" data-type="${s.type ?? ''}" data-text="${s.url ?? ''}">
<td class="num">${s.index}</td><td class="num" data-v="${num(s.start_ms, 3)}">${num(s.start_ms)}</td><td>${s.method ?? ''}</td><td class="num">${s.status ?? ''}</td><td>${s.type ?? ''}</td><td class="num">${s.size ?? ''}</td><td class="num" data-v="${num(s.time, 3)}">${num(s.time, 1)}</td><td>${waterfall(entry, spanMs)}</td><td class="url">${details}</td></tr>`;
}

function options(values: Iterable<string>): Html {
  return joinHtml([...new Set(values)].sort().map((v) => html`<option value="${v}">${v}</option>`));
}

export function httpSection(side: HttpSide): Html {
  // The scale is the span of the requests; a WebSocket, open for the whole session, runs off its end.
  const requests = side.entries.filter((e) => e.summary.type !== 'websocket');
  const spanMs = Math.max(1, ...(requests.length > 0 ? requests : side.entries).map((e) => (e.summary.start_ms ?? 0) + (e.summary.time ?? 0)));
  const left = side.entry_count - side.entries.length;
  return html`<form class="filters" data-table="entries-table">
<label>status <select name="status"><option value="">any</option>${options(side.entries.map((e) => statusClass(e.summary.status)))}</select></label>
<label>type <select name="type"><option value="">any</option>${options(side.entries.map((e) => e.summary.type ?? ''))}</select></label>
<label>URL contains <input name="text" type="search" size="30"></label>
<span><span class="shown">${side.entries.length}</span> of ${side.entries.length} shown</span>
</form>
${left > 0 ? html`<p class="note">The first ${ENTRY_LIMIT} of ${side.entry_count} entries are listed; ${left} left out.</p>` : html``}
<table id="entries-table" class="sortable">
<thead><tr><th class="num">#</th><th class="num">start ms</th><th>method</th><th class="num">status</th><th>type</th><th class="num">size</th><th class="num">time ms</th><th>waterfall</th><th>url</th></tr></thead>
<tbody>
${side.entries.map((e) => entryRow(e, spanMs))}
</tbody></table>`;
}
