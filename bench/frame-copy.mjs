// Measures what copying a frame's `data` JSON text (instead of JSON.parse + JSON.stringify) could
// save in `har ws-messages`, against the check that copying needs: the copy is only right when the
// text is exactly what JSON.stringify writes (its escapes only). bench/notes.md has the figures.
//   node bench/frame-copy.mjs [FILE.har]
import { readFileSync } from 'node:fs';
const har = JSON.parse(readFileSync(process.argv[2] ?? new URL('../samples/notebook6-session.har', import.meta.url), 'utf8'));
const raws = [];
for (const e of har.log.entries) for (const m of e._webSocketMessages ?? []) raws.push(JSON.stringify(m));
const bytes = raws.reduce((a, r) => a + r.length, 0);
function canonical(text, from, to) {
  // JSON.stringify's escapes only: \" \\ \b \f \n \r \t and \u00XX below 0x20.
  for (let i = text.indexOf('\\', from); i !== -1 && i < to; i = text.indexOf('\\', i + 2)) {
    const c = text.charCodeAt(i + 1);
    if (c === 0x75) { if (text.charCodeAt(i + 2) !== 0x30 || text.charCodeAt(i + 3) !== 0x30 || text.charCodeAt(i + 4) > 0x31) return false; i += 4; }
    else if (c !== 0x22 && c !== 0x5c && c !== 0x62 && c !== 0x66 && c !== 0x6e && c !== 0x72 && c !== 0x74) return false;
  }
  return true;
}
for (let round = 0; round < 3; round++) {
  let t = performance.now(); let n = 0;
  for (const r of raws) { const o = JSON.parse(r); n += JSON.stringify(o).length; }
  const a = performance.now() - t;
  t = performance.now(); let ok = 0;
  for (const r of raws) { const k = r.indexOf('"data":'); if (canonical(r, k + 8, r.length - 1)) ok++; }
  const b = performance.now() - t;
  console.log(`${raws.length} frames ${(bytes/1e6).toFixed(1)} MB: parse+stringify ${a.toFixed(1)} ms, escape check ${b.toFixed(1)} ms, canonical ${ok}`);
}
