import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ansiToHtml } from '../../src/report/ansi.js';
import { escapeText, html, Html } from '../../src/report/escape.js';
import { markdownToHtml } from '../../src/report/markdown.js';
import { renderBundle, renderOutput } from '../../src/report/outputs.js';
import { CONTENT_SECURITY_POLICY, pageEnd, pageStart, SCRIPT_HASH } from '../../src/report/page.js';
import { PAGE_SCRIPT } from '../../src/report/page-script.js';

const PAYLOAD = `<script>alert("x")</script><img src=x onerror='alert(1)'>&`;

test('escapeText: markup characters become entities, control characters visible pictures', () => {
  assert.equal(escapeText(PAYLOAD), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;alert(1)&#39;&gt;&amp;');
  assert.equal(escapeText('a\u0000b\u001bc\u007fd\te\nf'), 'a\u2400b\u241bc\u2421d\te\nf');
});

test('html templates escape every value that is not Html, and join arrays', () => {
  const value = html`<p title="${PAYLOAD}">${PAYLOAD}</p>${[PAYLOAD, html`<b>ok</b>`]}${null}${undefined}${false}${3}`;
  assert.ok(value instanceof Html);
  assert.ok(!value.text.includes('<script'));
  assert.ok(!value.text.includes('<img'));
  assert.match(value.text, /<b>ok<\/b>3$/);
  assert.equal((value.text.match(/&lt;script&gt;/g) ?? []).length, 3);
});

test('ANSI: colours become inline styles, markup in the text stays text, OSC 8 links are not links', () => {
  const out = ansiToHtml(`\u001b[0;31mZeroDivisionError\u001b[0m: ${PAYLOAD}\n\u001b]8;;https://example.org\u0007link\u001b]8;;\u0007`).text;
  assert.match(out, /<span style="color:rgb\(187,0,0\)">ZeroDivisionError<\/span>/);
  assert.ok(out.includes('&lt;script&gt;'));
  assert.ok(!out.includes('<script') && !out.includes('<img') && !out.includes('<a '));
  assert.ok(!out.includes('\u001b'));
});

test('markdown: raw HTML is text, javascript: links are not links, remote images are not loaded', () => {
  const out = markdownToHtml(`# Title\n\n${PAYLOAD}\n\n[js](javascript:alert(1)) [web](https://jupyter.org) ![remote](http://evil.example/x.png) ![inline](data:image/png;base64,iVBORw0KGgo=)`).text;
  assert.match(out, /<h1>Title<\/h1>/);
  assert.ok(out.includes('&lt;script&gt;') && !out.includes('<script') && !out.includes('<img src=x'));
  assert.ok(!out.includes('href="javascript:'));
  assert.match(out, /<a href="https:\/\/jupyter.org" rel="noopener noreferrer">web<\/a>/);
  assert.ok(!out.includes('src="http://evil.example'));
  assert.match(out, /\[image: remote http:\/\/evil.example\/x.png\]/);
  assert.match(out, /<img src="data:image\/png;base64,iVBORw0KGgo=" alt="inline">/);
});

test('bundles: images as data: URLs, HTML and SVG in a sandboxed frame, JavaScript as text', () => {
  assert.equal(renderBundle({ 'image/png': 'iVBORw0KGgo=\n', 'text/plain': 'fig' }).text, '<img class="output-image" alt="image/png output" src="data:image/png;base64,iVBORw0KGgo=">');
  assert.match(renderBundle({ 'image/png': `AAAA" onerror="alert(1)` }).text, /not base64: not shown/);
  const frame = renderBundle({ 'text/html': PAYLOAD }).text;
  assert.match(frame, /^<iframe class="sandboxed" style="height:\d+px" sandbox="" referrerpolicy="no-referrer" title="text\/html output" srcdoc="[^"<>]*"><\/iframe>$/);
  assert.ok(frame.includes('&lt;script&gt;alert(&quot;x&quot;)'));
  assert.ok(!/allow-scripts|allow-same-origin/.test(frame));
  assert.match(renderBundle({ 'image/svg+xml': '<svg onload="alert(1)"></svg>' }).text, /^<iframe class="sandboxed"[^>]* sandbox="" [^>]*srcdoc="[^"<>]*&lt;svg onload=&quot;alert\(1\)&quot;/);
  const script = renderBundle({ 'application/javascript': 'alert(1)</script><script>alert(2)' }).text;
  assert.match(script, /shown, not run/);
  assert.ok(!script.includes('<script'));
  assert.equal(renderBundle({ 'text/plain': ['a ', '<b>'] }).text, '<pre class="text-plain">a &lt;b&gt;</pre>');
  assert.match(renderBundle({ 'application/x-unknown': 1 }).text, /no representation the page shows \(application\/x-unknown\)/);
});

test('outputs: streams, errors and results; anything else is a note, never markup', () => {
  assert.equal(renderOutput({ output_type: 'stream', name: 'stderr', text: PAYLOAD }).text, `<pre class="stream stderr">${escapeText(PAYLOAD).replace(/&#39;/g, '&#x27;')}</pre>`); // ansi_up writes ' as &#x27;
  assert.match(renderOutput({ output_type: 'error', ename: 'E', evalue: 'v', traceback: [] }).text, /<pre class="traceback">E: v<\/pre>/);
  assert.match(renderOutput({ output_type: 'execute_result', execution_count: 4, data: { 'text/plain': '42' }, metadata: {} }).text, /Out\[4\]:.*<pre class="text-plain">42<\/pre>/);
  assert.match(renderOutput({ output_type: PAYLOAD }).text, /unknown type &lt;script/);
  assert.match(renderOutput('x').text, /not an object/);
  const long = renderOutput({ output_type: 'stream', name: 'stdout', text: 'x'.repeat(250_000) }).text;
  assert.match(long, /50,000 more characters left out of the page/);
});

test('the page allows its own script by hash and nothing else', () => {
  assert.equal(SCRIPT_HASH, `sha256-${createHash('sha256').update(PAGE_SCRIPT).digest('base64')}`);
  assert.equal(CONTENT_SECURITY_POLICY, `default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src '${SCRIPT_HASH}'; base-uri 'none'; form-action 'none'`);
  const page = pageStart(PAYLOAD).text + pageEnd().text;
  assert.ok(page.includes(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY.replace(/'/g, '&#39;')}">`));
  assert.match(page, /<title>&lt;script&gt;/);
  assert.equal((page.match(/<script/g) ?? []).length, 1);
  assert.ok(page.includes(`<script>${PAGE_SCRIPT}</script>`));
  assert.ok(!/innerHTML|eval\(|Function\(/.test(PAGE_SCRIPT));
});
