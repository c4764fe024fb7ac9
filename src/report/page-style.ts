/** The page's style sheet (inline: the CSP allows inline style and nothing from elsewhere). */
export const PAGE_STYLE = `
:root { --fg: #1d2330; --muted: #5b6474; --line: #d9dee7; --bg: #fff; --panel: #f6f8fb; --err: #b3261e; --warn: #a05a00; --ok: #1b7f3b; --busy: #3b6fd8; }
* { box-sizing: border-box; }
body { margin: 0; padding: 0 24px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 20px; margin: 20px 0 4px; word-break: break-all; }
h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 18px 0 6px; }
pre, code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
pre { margin: 0; padding: 6px 8px; white-space: pre-wrap; word-break: break-word; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 10px 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; word-break: break-all; }
.counts { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
.count { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 4px 10px; }
.count b { font-size: 16px; }
.notes { color: var(--warn); margin: 6px 0; padding-left: 18px; }
.note, .omitted { color: var(--muted); font-style: italic; margin: 4px 0; }
nav.toc a { margin-right: 14px; }
#timeline svg { display: block; width: 100%; height: auto; border: 1px solid var(--line); background: #fcfdff; }
#timeline .busy { fill: var(--busy); stroke: #fff; stroke-width: 0.5; }
#timeline .busy.error { fill: var(--err); }
#timeline .busy.interrupted { fill: var(--warn); }
#timeline a:hover .busy, #timeline .busy:hover { stroke: #000; stroke-width: 1.5; }
#timeline .conn { fill: #9fc5a8; }
#timeline .gap { fill: #f3c4c0; }
#timeline .mark-restart { stroke: #7b1fa2; stroke-width: 2; }
#timeline .mark-interrupt { stroke: var(--warn); stroke-width: 2; }
#timeline .mark-rate { stroke: var(--err); stroke-width: 2; stroke-dasharray: 3 2; }
#timeline text { font: 11px system-ui, sans-serif; fill: var(--muted); }
.legend span { margin-right: 14px; }
.legend i { display: inline-block; width: 12px; height: 10px; margin-right: 4px; vertical-align: middle; }
.cell { border: 1px solid var(--line); border-radius: 6px; margin: 10px 0; overflow: hidden; }
.cell:target { outline: 3px solid var(--busy); }
.cell-head { display: flex; gap: 10px; align-items: baseline; background: var(--panel); padding: 4px 8px; border-bottom: 1px solid var(--line); }
.prompt { color: #303f9f; font-family: ui-monospace, monospace; font-size: 12px; white-space: nowrap; margin-right: 6px; }
.cell-code { background: #f7f7f9; border-bottom: 1px solid var(--line); }
.cell-outputs > * { border-top: 1px dashed #eef0f4; }
.cell-outputs > :first-child { border-top: none; }
.flag { font-size: 11px; border-radius: 4px; padding: 0 6px; background: #e8eaf0; color: var(--fg); }
.flag.error, .flag.no_reply { background: #fde7e5; color: var(--err); }
.flag.interrupted, .flag.rate_limited { background: #fff0d9; color: var(--warn); }
.flag.recovered { background: #e2f4e8; color: var(--ok); }
.timing { color: var(--muted); font-size: 12px; margin-left: auto; }
.stream.stderr { background: #fff5f5; }
.error-output pre { background: #fff0f0; }
.markdown { padding: 4px 12px; }
.rich-output { display: flex; align-items: flex-start; padding: 4px 8px; }
.output-image { max-width: 100%; height: auto; }
iframe.sandboxed { width: 100%; min-height: 60px; border: 1px solid #eef0f4; resize: vertical; background: #fff; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { text-align: left; padding: 2px 6px; border-bottom: 1px solid #eef0f4; vertical-align: top; }
th { background: var(--panel); position: sticky; top: 0; cursor: pointer; white-space: nowrap; }
th[aria-sort=ascending]::after { content: " ▲"; }
th[aria-sort=descending]::after { content: " ▼"; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.url { word-break: break-all; font-family: ui-monospace, monospace; font-size: 12px; }
tr.status-4xx td, tr.status-5xx td, tr.status-err td { color: var(--err); }
.waterfall { position: relative; min-width: 220px; overflow: hidden; height: 12px; background: #f2f4f8; }
.waterfall span { position: absolute; top: 2px; height: 8px; background: var(--busy); min-width: 1px; }
.waterfall span.wait { background: #8fb1ef; }
.waterfall span.ws { background: #9fc5a8; }
form.filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin: 6px 0; }
details { margin: 4px 0; }
details > summary { cursor: pointer; }
.headers td:first-child { color: var(--muted); white-space: nowrap; }
.headers td + td { word-break: break-all; font-family: ui-monospace, monospace; font-size: 12px; }
.tip { position: fixed; z-index: 10; max-width: 420px; background: #1d2330; color: #fff; padding: 6px 8px; border-radius: 4px; font-size: 12px; white-space: pre-wrap; pointer-events: none; }
.dir-send { color: #303f9f; }
.dir-receive { color: var(--ok); }
`;
