// Output agreement: before any timing, har's output is checked against each baseline's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function readLines(path) {
  const text = readFileSync(path, 'utf8');
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

export function sameBytes(a, b) {
  // Outputs are at most some tens of MB: comparing in memory is fine.
  const x = readFileSync(a);
  const y = readFileSync(b);
  if (x.equals(y)) return { ok: true, detail: `byte-identical (${x.length} bytes)` };
  const n = Math.min(x.length, y.length);
  let at = 0;
  while (at < n && x[at] === y[at]) at++;
  return { ok: false, detail: `differ at byte ${at} (har ${x.length} bytes, baseline ${y.length})` };
}

const shapePath = (row) => row.replace(/^\?/, '').replace(/ .*$/, '');

/**
 * `har shape --with-type` names JSON types (object, integer …), so its rows are checked by path
 * (first-seen order, `?` markers); `har shape --compat dictknife-exact --with-type` must print
 * exactly the proxy's dictknife rows.
 */
async function compareShape(harOut, proxyOut, ctx) {
  const proxyRows = readLines(proxyOut);
  const harRows = readLines(harOut);
  const a = harRows.map(shapePath);
  const b = proxyRows.map(shapePath);
  if (a.join('\n') !== b.join('\n')) {
    let at = 0;
    while (at < a.length && a[at] === b[at]) at++;
    return { ok: false, detail: `paths differ from row ${at}: har ${JSON.stringify(a[at] ?? null)}, proxy ${JSON.stringify(b[at] ?? null)}` };
  }
  const exactPath = `${harOut}.dictknife-exact`;
  const r = await ctx.run([ctx.har('shape', '--compat', 'dictknife-exact', '--with-type', ctx.file)], { out: exactPath });
  if (r.status !== 0) return { ok: false, detail: `har shape --compat dictknife-exact failed: ${r.stderr}` };
  const exact = readFileSync(exactPath);
  const proxy = readFileSync(proxyOut);
  if (!exact.equals(proxy)) {
    const rows = readLines(exactPath);
    let at = 0;
    while (at < rows.length && rows[at] === proxyRows[at]) at++;
    return { ok: false, detail: `--compat dictknife-exact row ${at}: har ${JSON.stringify(rows[at] ?? null)}, proxy ${JSON.stringify(proxyRows[at] ?? null)}` };
  }
  return { ok: true, detail: `same ${harRows.length} paths in the same order; with --compat dictknife-exact byte-identical (${proxy.length} bytes)` };
}

/** jq's `path\ttype` rows against har's paths: the same set of paths. */
function compareJqShape(harOut, jqOut) {
  const harPaths = new Set(readLines(harOut).map((l) => shapePath(l).replaceAll('/', '.')));
  const jqPaths = new Set(readLines(jqOut).map((l) => l.split('\t')[0]));
  const onlyJq = [...jqPaths].filter((p) => !harPaths.has(p));
  const onlyHar = [...harPaths].filter((p) => !jqPaths.has(p));
  if (onlyJq.length === 0 && onlyHar.length === 0) return { ok: true, detail: `same ${jqPaths.size} paths` };
  return { ok: false, detail: `${onlyJq.length} paths only in jq (${onlyJq.slice(0, 2).join(', ')}), ${onlyHar.length} only in har (${onlyHar.slice(0, 2).join(', ')})` };
}

/**
 * `har ws-messages` → the frames jq extracts (same count, same data in the same order), and
 * `kernel-decode` → one record per frame whose msg_ids match the frames decoded here.
 */
async function compareWs(harOut, jqOut, ctx) {
  const framesPath = `${harOut}.frames`;
  const first = await ctx.run([ctx.har('ws-messages', ctx.file)], { out: framesPath });
  if (first.status !== 0) return { ok: false, detail: `har ws-messages failed: ${first.stderr}` };
  const jqFrames = readLines(jqOut).map((l) => JSON.parse(l));
  const harFrames = readLines(framesPath).map((l) => JSON.parse(l));
  if (harFrames.length !== jqFrames.length) return { ok: false, detail: `ws-messages gave ${harFrames.length} frames, jq ${jqFrames.length}` };
  for (let i = 0; i < jqFrames.length; i++) {
    const data = harFrames[i]?.data ?? harFrames[i]?.frame?.data;
    if (data !== jqFrames[i].data) return { ok: false, detail: `frame ${i}: data differs from jq's` };
  }
  const { decodeFrame } = await import(join(ctx.root, 'dist/src/kernel/codec.js'));
  const expected = [];
  for (let i = 0; i < jqFrames.length; i++) {
    const d = decodeFrame(jqFrames[i], harFrames[i]?.protocol ?? null);
    if (d.kind === 'message') expected.push(d.header.msg_id);
  }
  const got = readLines(harOut)
    .map((l) => JSON.parse(l))
    .map((r) => r?.header?.msg_id ?? r?.msg_id ?? r?.message?.header?.msg_id)
    .filter((id) => id !== undefined);
  if (got.length !== expected.length) return { ok: false, detail: `kernel-decode gave ${got.length} messages with a msg_id, expected ${expected.length}` };
  for (let i = 0; i < got.length; i++) if (got[i] !== expected[i]) return { ok: false, detail: `message ${i}: msg_id ${got[i]}, expected ${expected[i]}` };
  return { ok: true, detail: `${jqFrames.length} frames with jq's data in jq's order; ${got.length} decoded messages with the expected msg_ids` };
}

export async function agreement(kind, harOut, baseOut, ctx) {
  if (typeof kind === 'function') return kind(harOut, baseOut, ctx);
  switch (kind) {
    case 'bytes':
      return sameBytes(harOut, baseOut);
    case 'shape':
      return compareShape(harOut, baseOut, ctx);
    case 'jq-shape':
      return compareJqShape(harOut, baseOut);
    case 'ws':
      return compareWs(harOut, baseOut, ctx);
    case 'none':
      return null;
    default:
      throw new Error(`unknown comparison ${kind}`);
  }
}
