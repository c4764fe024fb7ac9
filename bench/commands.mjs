// The rows of `npm run bench`: each har command with its baselines, the tiers it runs at, the
// targets it is held to and how its output is checked. Adding a command is one entry in
// `commands()` below; run.mjs times it, report.mjs tabulates it.
//
// An entry:
//   id          short name (`--only id`)
//   title       how the tables name it
//   har(f)      the pipeline to time: a list of stages, each an argv array (use `har(...)`,
//               `kernelDecode(...)`); f is the input file
//   tiers       where it runs: 'real' (samples/ and the 10 MB file), 100, 600, 2000 (`--big`)
//   available   false skips it with a note (a command not in this build)
//   baselines   [{ name, tool: 'jq' | 'gojq' | 'node', stages(f), compare, tiers?, maxReps?,
//                  targets?: { real|100|600|2000: speed ratio har must reach (baseline ÷ har) } }]
//               compare: 'bytes' | 'shape' | 'jq-shape' | 'ws' | a function (harOut, baseOut, ctx)
//               returning { ok, detail }; a baseline can also have a `check` instead of timing
//   check       optional { name, compare(harOut, ctx) } run once when there is no baseline
//               (for instance, two har paths that must agree)
//   minMBps     optional { tier: MB/s har must reach }
//   maxReps     optional: at most this many timed runs of the har command (slow commands)
//   rssLimit    optional: the peak RSS target in MiB, when not the usual 200
//
// A command with no baseline (say `har cells`) still gets its time, MB/s and peak RSS rows and the
// 200 MiB RSS target at every tier it runs at.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const JQ = {
  urls: '.log.entries[].request.url',
  pick: '.log.entries[] | "\\(.request.url)\\t\\(.request.method)\\t\\(.response.status)"',
  ws: '.log.entries[] | select(._webSocketMessages) | ._webSocketMessages[]',
  /** What jq can do of kernel-decode: extract each frame and parse JSON text frames (binary v1 frames stay as they are). */
  wsDecode: '.log.entries[] | select(._webSocketMessages) | ._webSocketMessages[] | .data | (fromjson? // .)',
  shape: '[paths as $p|[($p|map(if type=="number" then "[]" else . end)|join(".")),(getpath($p)|type)]]|unique|.[]|@tsv',
};

/** jq and gojq rows for one expression (gojq only where installed). */
function jqLike(ctx, { expr, flags, compare, targets, tiers, maxReps, label = '' }) {
  const rows = [];
  for (const tool of ['jq', 'gojq']) {
    if (ctx.versions[tool] === null) continue;
    rows.push({
      name: `${tool}${label}`,
      tool,
      stages: (f) => [[tool, flags, expr, f]],
      compare,
      tiers,
      maxReps,
      // Targets are set against jq; gojq's ratio is reported beside it.
      targets: tool === 'jq' ? targets : undefined,
    });
  }
  return rows;
}

export function commands(ctx) {
  const { har, kernelDecode, bench } = ctx;
  const ALL = ['real', 100, 600, 2000];
  return [
    {
      id: 'urls',
      title: 'har urls --raw',
      har: (f) => [har('urls', '--raw', f)],
      tiers: ALL,
      baselines: jqLike(ctx, { expr: JQ.urls, flags: '-r', compare: 'bytes', targets: { real: 1, 100: 4, 600: 8, 2000: 8 } }),
      minMBps: { 600: 1000, 2000: 1000 },
    },
    {
      id: 'pick',
      title: 'har pick --format tsv --no-header',
      har: (f) => [har('pick', '--format', 'tsv', '--no-header', f)],
      tiers: ALL,
      baselines: jqLike(ctx, { expr: JQ.pick, flags: '-r', compare: 'bytes', targets: { 100: 3, 600: 3 } }),
    },
    {
      id: 'ws',
      title: 'har ws-messages | kernel-decode',
      available: ctx.available.ws,
      har: (f) => [har('ws-messages', f), kernelDecode()],
      tiers: ALL,
      // ≤ 1.5× jq's time on real captures is a ratio of at least 1/1.5.
      baselines: jqLike(ctx, { expr: JQ.ws, flags: '-c', label: ' (extraction only)', compare: 'ws', targets: { real: 1 / 1.5, 100: 2, 600: 3, 2000: 3 } }),
    },
    {
      id: 'kd-file',
      title: 'kernel-decode FILE',
      available: ctx.available.ws,
      har: (f) => [kernelDecode(f)],
      tiers: ALL,
      baselines: jqLike(ctx, { expr: JQ.wsDecode, flags: '-c', label: ' (extraction + fromjson)', compare: 'none', targets: { real: 1 } }),
      check: { name: 'har ws-messages | kernel-decode', compare: sameAsPipeline },
    },
    {
      id: 'conversations',
      title: 'kernel-decode --conversations FILE',
      available: ctx.available.ws,
      har: (f) => [kernelDecode('--conversations', f)],
      tiers: ALL,
      baselines: [],
    },
    {
      id: 'shape',
      title: 'har shape --with-type',
      available: ctx.available.shape,
      har: (f) => [har('shape', '--with-type', f)],
      tiers: ALL,
      baselines: [
        { name: 'JSON.parse + walk (node)', tool: 'node', stages: (f) => [['node', join(bench, 'parse-walk.mjs'), f]], compare: 'shape', targets: { 100: 2 }, tiers: ['real', 100, 600] },
        ...jqLike(ctx, { expr: JQ.shape, flags: '-r', label: ' paths shape', compare: 'jq-shape', tiers: ['real', 100], maxReps: 2 }).filter((b) => b.tool === 'jq'),
      ],
    },
    // Session views: no baseline does this; what matters is time and peak RSS (state per open
    // request). Several kernels in one file: one notebook each into a directory.
    {
      id: 'notebook',
      title: 'har notebook -o DIR/',
      available: ctx.available.notebook,
      har: (f) => [har('notebook', '-o', join(ctx.out, 'notebooks') + '/', f)],
      tiers: ['real', 100, 600, 2000],
      baselines: [],
    },
    {
      id: 'cells',
      title: 'har cells -f json',
      available: ctx.available.cells,
      har: (f) => [har('cells', '-f', 'json', f)],
      tiers: ['real', 100, 600, 2000],
      baselines: [],
    },
    ...[
      { id: 'activity', title: 'har activity -f json', available: ctx.available.activity, argv: ['activity', '-f', 'json'] },
      { id: 'timeline', title: 'har timeline -f json', available: ctx.available.timeline, argv: ['timeline', '-f', 'json'] },
      { id: 'rate-limits', title: 'har rate-limits -f json', available: ctx.available.rateLimits, argv: ['rate-limits', '-f', 'json'] },
      { id: 'trace', title: 'har trace', available: ctx.available.trace, argv: ['trace'] },
    ].map(({ argv, ...row }) => ({ ...row, har: (f) => [har(...argv, f)], tiers: ['real', 100, 600, 2000], baselines: [] })),
    {
      // No baseline does this (sanitizers are regular expressions over the whole text and cannot
      // hold 600 MB); measured for its time and peak RSS (issue 12: ≤ 300 MiB on 2 GB).
      id: 'redact',
      title: 'har redact',
      available: ctx.available.redact,
      har: (f) => [har('redact', '--salt', 'bench', f)],
      tiers: ['real', 100, 600, 2000],
      // One redaction of 600 MB takes about a minute.
      maxReps: 3,
      rssLimit: 300,
      baselines: [],
    },
  ].filter((c) => ctx.only === null || ctx.only.includes(c.id));
}

/** kernel-decode FILE must print exactly what `har ws-messages FILE | kernel-decode` prints. */
async function sameAsPipeline(harOut, ctx) {
  const pipelineOut = `${harOut}.pipeline`;
  const r = await ctx.run([ctx.har('ws-messages', ctx.file), ctx.kernelDecode()], { out: pipelineOut });
  if (r.status !== 0) return { ok: false, detail: `the pipeline failed: ${r.stderr}` };
  const a = readFileSync(harOut);
  const b = readFileSync(pipelineOut);
  if (a.equals(b)) return { ok: true, detail: `byte-identical (${a.length} bytes)` };
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  return { ok: false, detail: `differ at byte ${at} (FILE ${a.length} bytes, pipeline ${b.length})` };
}
