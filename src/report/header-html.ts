/** The page's header: which capture, who made it, which server and kernel, when, and how much. */
import { html, type Html } from './escape.js';

export interface KernelFacts {
  kernel_id: string | null;
  /** From kernel_info_reply: implementation and version, language and version, protocol. */
  implementation: string | null;
  language: string | null;
  protocol_version: string | null;
}

export interface HeaderFacts {
  files: { name: string; creator: string | null; browser: string | null }[];
  servers: string[];
  kernels: KernelFacts[];
  first_ms: number | null;
  last_ms: number | null;
  counts: { label: string; value: number }[];
  /** What the page left out or could not know. */
  notes: string[];
}

export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function span(first: number | null, last: number | null): string {
  if (first === null || last === null) return 'unknown';
  const seconds = (last - first) / 1000;
  return `${isoOrNull(first)} → ${isoOrNull(last)} (${seconds < 120 ? `${seconds.toFixed(1)} s` : `${(seconds / 60).toFixed(1)} min`})`;
}

function fact(label: string, value: Html | string | null): Html {
  return html`<dt>${label}</dt><dd>${value ?? html`<span class="note">not in the capture</span>`}</dd>`;
}

export function headerSection(facts: HeaderFacts): Html {
  const producers = facts.files.map((f) => [f.creator, f.browser].filter((v) => v !== null).join(' · ')).filter((v) => v !== '');
  const kernels = facts.kernels.map(
    (k) => html`<div><span class="mono">${k.kernel_id ?? '?'}</span>${k.implementation === null && k.language === null ? html` <span class="note">(no kernel_info_reply captured)</span>` : html` \u2014 ${[k.implementation, k.language, k.protocol_version === null ? null : `protocol ${k.protocol_version}`].filter((v) => v !== null).join(' · ')}`}</div>`,
  );
  return html`<header>
<h1>harknife report: ${facts.files.map((f) => f.name).join(', ')}</h1>
<dl class="facts">
${fact('file', facts.files.map((f) => f.name).join(', '))}
${fact('producer', producers.length === 0 ? null : producers.join('; '))}
${fact('server', facts.servers.length === 0 ? null : facts.servers.join('; '))}
${fact('kernels', kernels.length === 0 ? null : html`${kernels}`)}
${fact('wall span', span(facts.first_ms, facts.last_ms))}
</dl>
<div class="counts">${facts.counts.map((c) => html`<span class="count"><b>${c.value.toLocaleString('en')}</b> ${c.label}</span>`)}</div>
${facts.notes.length === 0 ? html`` : html`<ul class="notes">${facts.notes.map((n) => html`<li>${n}</li>`)}</ul>`}
<nav class="toc"><a href="#timeline">timeline</a><a href="#notebook">notebook</a><a href="#executions">executions</a><a href="#http">HTTP entries</a><a href="#frames">WebSocket frames</a></nav>
</header>
`;
}
