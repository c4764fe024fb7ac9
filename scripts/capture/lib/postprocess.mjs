// Post-processing applied to the HARs after the capture: token redaction (always, unless --no-redact)
// and, with --strip-static, removal of static JS/CSS/font response bodies to keep samples small.

export const REDACTED = 'REDACTED';

/**
 * Replace every occurrence of `token` with REDACTED: in all strings of the HAR, and inside base64
 * response bodies. Binary WebSocket frames are only checked (rewriting them would break their offsets).
 * @param {any} har parsed HAR (modified in place)
 * @param {string} token
 * @returns {{strings: number, base64Bodies: number}} how many replacements were made
 */
export function redactHar(har, token) {
  const stats = { strings: 0, base64Bodies: 0 };
  /** @param {any} v @returns {any} */
  const walk = (v) => {
    if (typeof v === 'string') {
      if (v.includes(token)) { stats.strings++; return v.split(token).join(REDACTED); }
      return v;
    }
    if (Array.isArray(v)) { for (let i = 0; i < v.length; i++) v[i] = walk(v[i]); return v; }
    if (v && typeof v === 'object') { for (const k of Object.keys(v)) v[k] = walk(v[k]); return v; }
    return v;
  };
  walk(har);
  // the token must not survive in an encoded form either (e.g. base64 inside a cookie)
  const text = JSON.stringify(har);
  for (let shift = 0; shift < 3; shift++) {
    const b64 = Buffer.from(token.slice(shift)).toString('base64').slice(4, -4);
    if (b64.length >= 16 && text.includes(b64)) throw new Error('the token appears base64-encoded in the HAR; refusing to write it');
  }
  for (const e of har.log.entries) {
    const c = e.response?.content;
    if (c?.encoding === 'base64' && typeof c.text === 'string') {
      const buf = Buffer.from(c.text, 'base64');
      if (buf.includes(token)) {
        stats.base64Bodies++;
        c.text = Buffer.from(buf.toString('latin1').split(token).join(REDACTED), 'latin1').toString('base64');
      }
    }
    for (const m of e._webSocketMessages ?? []) {
      if (m.opcode !== 1 && typeof m.data === 'string' && Buffer.from(m.data, 'base64').includes(token)) {
        throw new Error('the token appears inside a binary WebSocket frame; refusing to write a HAR that leaks it');
      }
    }
  }
  return stats;
}

/** @param {any} e a HAR entry */
function isStatic(e) {
  const t = e._resourceType;
  const mime = String(e.response?.content?.mimeType ?? '');
  if (t === 'script' || t === 'stylesheet' || t === 'font') return true;
  if (t) return false;
  return /javascript|ecmascript|text\/css|font\//.test(mime); // Playwright HARs have no _resourceType
}

/**
 * Drop the response bodies of static JS/CSS/font entries (content.size and everything else are kept;
 * content.comment says what was removed).
 * @param {any} har parsed HAR (modified in place)
 * @returns {{entries: number, chars: number}}
 */
export function stripStatic(har) {
  const stats = { entries: 0, chars: 0 };
  for (const e of har.log.entries) {
    const c = e.response?.content;
    if (!c || typeof c.text !== 'string' || !isStatic(e)) continue;
    stats.entries++;
    stats.chars += c.text.length;
    c.comment = `body removed by scripts/capture --strip-static (${c.text.length} characters${c.encoding ? ', ' + c.encoding : ''})`;
    delete c.text;
    delete c.encoding;
  }
  return stats;
}

/**
 * Frame counts of a HAR, per WebSocket entry.
 * @param {any} har
 */
export function frameCounts(har) {
  const ws = har.log.entries.filter((/** @type {any} */ e) => e._resourceType === 'websocket' || String(e.request?.url).startsWith('ws'));
  return {
    entries: har.log.entries.length,
    websockets: ws.map((/** @type {any} */ e) => ({
      url: e.request.url,
      protocol: (e.response?.headers ?? []).find((/** @type {any} */ h) => h.name.toLowerCase() === 'sec-websocket-protocol')?.value ?? '',
      frames: (e._webSocketMessages ?? []).length,
    })),
  };
}
