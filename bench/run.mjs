#!/usr/bin/env node
// `npm run bench`: harknife against jq and a JSON.parse+walk proxy on big generated HARs.
//
//   npm run bench                  100 MB and 600 MB, all commands, writes bench/results.md
//   npm run bench -- --smoke       10 MB, output agreement only (no timing), exit 1 on a mismatch
//   npm run bench -- --big         2 GB, each har command once, peak RSS only (updates the
//                                  "2 GB" section of bench/results.md)
//   options: --reps N (default 5 at 100 MB, 3 at 600 MB), --only urls,pick,shape,ws,notebook,cells,
//            --sizes 100,600, --no-write (print only)
//
// HARs come from bench/gen-har.mjs (deterministic) and are cached in bench/.cache/. Every timed
// command reads a warm page cache and writes to /dev/null; before timing, each command runs once
// with its output kept, and har's output is compared with the baseline's. Wall time is measured
// around the spawn; peak RSS comes from GNU time (`/usr/bin/time -f %M`, per process of a
// pipeline). Pairs run alternately (ABBA…) so drift hits both sides alike.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATOR_VERSION, generateHar } from './gen-har.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const CACHE = join(BENCH, '.cache');
const OUT = join(CACHE, 'out');
const HAR = join(ROOT, 'dist/src/bin/har.js');
const KERNEL_DECODE = join(ROOT, 'dist/src/bin/kernel-decode.js');
const RESULTS = join(BENCH, 'results.md');
/** Hand-written profile notes, copied into results.md after the generated sections. */
const NOTES = join(BENCH, 'notes.md');
const SEED = 6;
const RSS_LIMIT_MIB = 200;
const TIME = '/usr/bin/time';

// ---------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
};
const SMOKE = flag('--smoke');
const BIG = flag('--big');
const ONLY = option('--only')?.split(',') ?? null;
const REPS = option('--reps') === undefined ? null : Number(option('--reps'));
const SIZES = option('--sizes')?.split(',').map(Number) ?? (SMOKE ? [10] : BIG ? [2000] : [100, 600]);
const WRITE = !flag('--no-write') && !SMOKE && ONLY === null && option('--sizes') === undefined && REPS === null;

// ---------------------------------------------------------------------------------------------
// Small helpers

function sh(command) {
  const r = spawnSync('bash', ['-c', command], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function quote(text) {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const fmt = (x, digits = 2) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits));

function log(message) {
  process.stderr.write(`${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// Environment

function tool(command) {
  const r = sh(`${command} 2>&1`);
  return r.status === 0 ? r.stdout.trim().split('\n')[0] : null;
}

const jqVersion = tool('jq --version');
const haveTime = existsSync(TIME) && sh(`${TIME} -f %M true 2>&1`).status === 0;

if (!existsSync(HAR)) {
  log('bench: dist/ is missing, building it with `npx tsc -p .`');
  const r = sh(`cd ${quote(ROOT)} && npx tsc -p .`);
  if (r.status !== 0 || !existsSync(HAR)) {
    log(r.stdout + r.stderr);
    log('bench: the build failed');
    process.exit(2);
  }
}
if (jqVersion === null) {
  log('bench: jq is not installed. It is the baseline for most rows; on Debian/Ubuntu: apt-get install -y jq');
  if (SMOKE) process.exit(2);
}
if (!haveTime) log('bench: GNU time (/usr/bin/time) is missing, so peak RSS is not measured; on Debian/Ubuntu: apt-get install -y time');

const harHelp = sh(`node ${quote(HAR)} --help`).stdout;
const hasCommand = (name) => new RegExp(`^\\s+har ${name}\\b`, 'm').test(harHelp);
const AVAILABLE = {
  shape: hasCommand('shape'),
  ws: hasCommand('ws-messages') && existsSync(KERNEL_DECODE),
  notebook: hasCommand('notebook'),
  cells: hasCommand('cells'),
  redact: hasCommand('redact'),
};

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const commit = tool(`git -C ${quote(ROOT)} rev-parse --short HEAD`) ?? 'unknown';
  const dirty = sh(`git -C ${quote(ROOT)} status --porcelain -- src bench ':!bench/results.md'`).stdout.trim() !== '' ? ' (+ uncommitted changes in src/ or bench/)' : '';
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    nproc: tool('nproc') ?? String(cpus().length),
    model,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    kernel: tool('uname -r') ?? 'unknown',
    node: process.version,
    jq: jqVersion ?? 'not installed',
    commit: `${commit}${dirty}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Inputs

function harFile(sizeMb) {
  mkdirSync(CACHE, { recursive: true });
  const path = join(CACHE, `jupyter-${sizeMb}mb-g${GENERATOR_VERSION}-s${SEED}.har`);
  const metaPath = `${path}.meta.json`;
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
    if (meta.bytes === statSync(path).size) return { path, meta };
  }
  log(`bench: generating ${relative(ROOT, path)} (${sizeMb} MB, once)`);
  const started = Date.now();
  const meta = generateHar(path, sizeMb * 1e6, { seed: SEED });
  log(`bench: generated ${meta.bytes} bytes, ${meta.entries} entries, ${meta.frames} frames in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { path, meta };
}

function warm(path) {
  sh(`cat ${quote(path)} > /dev/null`);
}

// ---------------------------------------------------------------------------------------------
// Commands. A command is a list of pipeline stages (argv strings); `run` adds GNU time per stage.

const har = (...args) => `node ${quote(HAR)} ${args.join(' ')}`;
const JQ_URLS = `jq -r '.log.entries[].request.url'`;
const JQ_PICK = `jq -r '.log.entries[] | "\\(.request.url)\\t\\(.request.method)\\t\\(.response.status)"'`;
const JQ_WS = `jq -c '.log.entries[] | select(._webSocketMessages) | ._webSocketMessages[]'`;
const JQ_SHAPE = `jq -r '[paths as $p|[($p|map(if type=="number" then "[]" else . end)|join(".")),(getpath($p)|type)]]|unique|.[]|@tsv'`;

/**
 * Tasks: the har command and its baselines. `target` is the speed ratio (baseline time / har
 * time) to reach, at the sizes listed; `compare` says how har's output is checked.
 */
function tasks(file) {
  const f = quote(file);
  return [
    {
      id: 'urls',
      title: 'har urls --raw',
      har: { name: 'har urls --raw', stages: [har('urls --raw', f)] },
      baselines: [{ name: 'jq', stages: [`${JQ_URLS} ${f}`], target: 4, targetSizes: [100, 600], compare: 'bytes' }],
    },
    {
      id: 'pick',
      title: 'har pick --format tsv --no-header',
      har: { name: 'har pick --format tsv --no-header', stages: [har('pick --format tsv --no-header', f)] },
      baselines: [{ name: 'jq', stages: [`${JQ_PICK} ${f}`], target: 3, targetSizes: [100, 600], compare: 'bytes' }],
    },
    {
      id: 'shape',
      title: 'har shape --with-type',
      available: AVAILABLE.shape,
      har: { name: 'har shape --with-type', stages: [har('shape --with-type', f)] },
      baselines: [
        { name: 'JSON.parse + walk (node)', stages: [`node ${quote(join(BENCH, 'parse-walk.mjs'))} ${f}`], target: 2, targetSizes: [100], compare: 'shape' },
        { name: 'jq paths shape', stages: [`${JQ_SHAPE} ${f}`], sizes: [10, 100], maxReps: 2, compare: 'jq-shape' },
      ],
    },
    {
      id: 'ws',
      title: 'har ws-messages | kernel-decode',
      available: AVAILABLE.ws,
      har: { name: 'har ws-messages | kernel-decode', stages: [har('ws-messages', f), `node ${quote(KERNEL_DECODE)}`] },
      baselines: [{ name: 'jq (extraction only)', stages: [`${JQ_WS} ${f}`], target: 2, targetSizes: [100, 600], compare: 'ws' }],
    },
    // Session views: no baseline does this; what matters is peak RSS (state per open request).
    // Several kernels in the file: one notebook each into a directory.
    {
      id: 'notebook',
      title: 'har notebook -o DIR/',
      available: AVAILABLE.notebook,
      har: { name: 'har notebook -o DIR/', stages: [har('notebook -o', quote(`${OUT}/notebooks/`), f)] },
      baselines: [],
    },
    {
      id: 'cells',
      title: 'har cells -f json',
      available: AVAILABLE.cells,
      har: { name: 'har cells -f json', stages: [har('cells -f json', f)] },
      baselines: [],
    },
    {
      // No baseline does this (sanitizers are regex over the whole text and cannot hold 600 MB);
      // measured for its time and its peak RSS (issue 12: ≤ 300 MiB on 2 GB).
      id: 'redact',
      title: 'har redact',
      available: AVAILABLE.redact,
      // Three timed runs at most: one redaction of 600 MB takes about a minute.
      har: { name: 'har redact --salt bench', stages: [har('redact --salt bench', f)], maxReps: 3 },
      baselines: [],
      rssLimit: 300,
    },
  ].filter((t) => ONLY === null || ONLY.includes(t.id));
}

let tmpCounter = 0;
/** Runs a pipeline once: wall seconds, peak RSS per stage (MiB), exit status, stderr. */
function run(stages, outputPath = '/dev/null') {
  const timeFiles = stages.map(() => join(CACHE, `time-${process.pid}-${tmpCounter++}.txt`));
  const parts = stages.map((stage, i) => (haveTime ? `${TIME} -f %M -o ${quote(timeFiles[i])} ${stage}` : stage));
  const errPath = join(CACHE, `stderr-${process.pid}.txt`);
  const command = `set -o pipefail; ${parts.join(' | ')} > ${quote(outputPath)} 2> ${quote(errPath)}`;
  const started = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', command], { stdio: 'ignore' });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = haveTime
    ? timeFiles.map((p) => {
        const text = existsSync(p) ? readFileSync(p, 'utf8') : '';
        const kib = Number(/(\d+)\s*$/.exec(text)?.[1]);
        return Number.isFinite(kib) ? kib / 1024 : null;
      })
    : stages.map(() => null);
  const stderr = existsSync(errPath) ? readFileSync(errPath, 'utf8') : '';
  for (const p of timeFiles) if (existsSync(p)) writeFileSync(p, '');
  sh(`rm -f ${timeFiles.map(quote).join(' ')} ${quote(errPath)}`);
  return { wall, rss, status: r.status, stderr: stderr.replace(/Command exited with non-zero status \d+\n?/g, '').trim() };
}

// ---------------------------------------------------------------------------------------------
// Output agreement

function readLines(path) {
  const text = readFileSync(path, 'utf8');
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

function sameBytes(a, b) {
  // Outputs are at most some tens of MB: comparing in memory is fine.
  const x = readFileSync(a);
  const y = readFileSync(b);
  if (x.equals(y)) return { ok: true, detail: `byte-identical (${x.length} bytes)` };
  const n = Math.min(x.length, y.length);
  let at = 0;
  while (at < n && x[at] === y[at]) at++;
  return { ok: false, detail: `differ at byte ${at} (har ${x.length} bytes, baseline ${y.length})` };
}

/**
 * `har shape --with-type` names JSON types (object, integer …), so its rows are checked by path
 * (first-seen order, `?` markers); `har shape --compat dictknife-exact --with-type` must print
 * exactly the proxy's dictknife rows.
 */
function compareShape(harOut, proxyOut, file) {
  const proxyRows = readLines(proxyOut);
  const path = (row) => row.replace(/^\?/, '').replace(/ .*$/, '');
  const paths = (rows) => rows.map(path).join('\n');
  const harRows = readLines(harOut);
  if (paths(harRows) !== paths(proxyRows)) {
    const a = harRows.map(path);
    const b = proxyRows.map(path);
    let at = 0;
    while (at < a.length && a[at] === b[at]) at++;
    return { ok: false, detail: `paths differ from row ${at}: har ${JSON.stringify(a[at] ?? null)}, proxy ${JSON.stringify(b[at] ?? null)}` };
  }
  const exactPath = join(OUT, 'shape-har-dictknife-exact.txt');
  const r = run([har('shape --compat dictknife-exact --with-type', quote(file))], exactPath);
  if (r.status !== 0) return { ok: false, detail: `har shape --compat dictknife-exact failed: ${r.stderr}` };
  const exact = readFileSync(exactPath);
  const proxy = readFileSync(proxyOut);
  if (!exact.equals(proxy)) {
    const a = readLines(exactPath);
    let at = 0;
    while (at < a.length && a[at] === proxyRows[at]) at++;
    return { ok: false, detail: `--compat dictknife-exact row ${at}: har ${JSON.stringify(a[at] ?? null)}, proxy ${JSON.stringify(proxyRows[at] ?? null)}` };
  }
  return { ok: true, detail: `same ${harRows.length} paths in the same order; with --compat dictknife-exact byte-identical (${proxy.length} bytes)` };
}

/** jq's `path\ttype` rows against the proxy's paths: the same set of paths. */
function compareJqShape(proxyOut, jqOut) {
  const proxyPaths = new Set(readLines(proxyOut).map((l) => l.replace(/^\?/, '').replace(/ .*$/, '').replaceAll('/', '.')));
  const jqPaths = new Set(readLines(jqOut).map((l) => l.split('\t')[0]));
  const onlyJq = [...jqPaths].filter((p) => !proxyPaths.has(p));
  const onlyProxy = [...proxyPaths].filter((p) => !jqPaths.has(p));
  if (onlyJq.length === 0 && onlyProxy.length === 0) return { ok: true, detail: `same ${jqPaths.size} paths as the JSON.parse+walk proxy` };
  return { ok: false, detail: `${onlyJq.length} paths only in jq, ${onlyProxy.length} only in the proxy` };
}

/**
 * `har ws-messages` → the frames jq extracts (same count, same data in the same order), and
 * `kernel-decode` → one record per frame whose msg_ids match the frames decoded here.
 */
async function compareWs(file, jqOut) {
  const framesPath = join(OUT, 'ws-frames.ndjson');
  const first = run([har('ws-messages', quote(file))], framesPath);
  if (first.status !== 0) return { ok: false, detail: `har ws-messages failed: ${first.stderr}` };
  const jqFrames = readLines(jqOut).map((l) => JSON.parse(l));
  const harFrames = readLines(framesPath).map((l) => JSON.parse(l));
  if (harFrames.length !== jqFrames.length) return { ok: false, detail: `ws-messages gave ${harFrames.length} frames, jq ${jqFrames.length}` };
  for (let i = 0; i < jqFrames.length; i++) {
    const data = harFrames[i]?.data ?? harFrames[i]?.frame?.data;
    if (data !== jqFrames[i].data) return { ok: false, detail: `frame ${i}: data differs from jq's` };
  }
  const decodedPath = join(OUT, 'ws-decoded.ndjson');
  const second = run([`node ${quote(KERNEL_DECODE)} < ${quote(framesPath)}`], decodedPath);
  if (second.status !== 0) return { ok: false, detail: `kernel-decode failed: ${second.stderr}` };
  const { decodeFrame } = await import(join(ROOT, 'dist/src/kernel/codec.js'));
  const expected = [];
  let protocolOf = null;
  for (let i = 0; i < jqFrames.length; i++) {
    protocolOf = harFrames[i]?.protocol ?? protocolOf;
    const d = decodeFrame(jqFrames[i], harFrames[i]?.protocol ?? null);
    if (d.kind === 'message') expected.push(d.header.msg_id);
  }
  const got = readLines(decodedPath)
    .map((l) => JSON.parse(l))
    .map((r) => r?.header?.msg_id ?? r?.msg_id ?? r?.message?.header?.msg_id)
    .filter((id) => id !== undefined);
  if (got.length !== expected.length) return { ok: false, detail: `kernel-decode gave ${got.length} messages with a msg_id, expected ${expected.length}` };
  for (let i = 0; i < got.length; i++) if (got[i] !== expected[i]) return { ok: false, detail: `message ${i}: msg_id ${got[i]}, expected ${expected[i]}` };
  return { ok: true, detail: `${jqFrames.length} frames with jq's data in jq's order; ${got.length} decoded messages with the expected msg_ids` };
}

async function agreement(kind, harOut, baseOut, file) {
  switch (kind) {
    case 'bytes':
      return sameBytes(harOut, baseOut);
    case 'shape':
      return compareShape(harOut, baseOut, file);
    case 'jq-shape':
      return compareJqShape(join(OUT, 'shape-JSON-parse-walk-node-.txt'), baseOut);
    case 'ws':
      return compareWs(file, baseOut);
    default:
      throw new Error(kind);
  }
}

// ---------------------------------------------------------------------------------------------
// The bench

const outName = (task, name) => join(OUT, `${task.id}-${name.replace(/[^A-Za-z0-9]+/g, '-')}.txt`);

async function benchSize(sizeMb) {
  const { path, meta } = harFile(sizeMb);
  const bytes = statSync(path).size;
  const reps = REPS ?? (sizeMb >= 600 ? 3 : 5);
  mkdirSync(OUT, { recursive: true });
  warm(path);
  const rows = [];
  const checks = [];
  for (const task of tasks(path)) {
    if (task.available === false) {
      log(`bench: ${sizeMb} MB ${task.title}: not available in this build`);
      rows.push({ size: sizeMb, bytes, task, name: task.har.name, unavailable: true });
      continue;
    }
    const baselines = task.baselines.filter((b) => (b.sizes ?? [sizeMb]).includes(sizeMb));
    // Untimed first run of each: warms up, keeps the outputs, checks har against the baselines.
    const harOut = outName(task, 'har');
    const first = run(task.har.stages, harOut);
    if (first.status !== 0) {
      log(`bench: ${task.har.name} failed (exit ${first.status}): ${first.stderr}`);
      rows.push({ size: sizeMb, bytes, task, name: task.har.name, failed: first.stderr || `exit ${first.status}` });
      continue;
    }
    const usable = [];
    for (const b of baselines) {
      if (b.stages[0].startsWith('jq') && jqVersion === null) {
        rows.push({ size: sizeMb, bytes, task, name: b.name, baseline: b, failed: 'jq not installed (apt-get install -y jq)' });
        continue;
      }
      const baseOut = outName(task, b.name);
      const r = run(b.stages, baseOut);
      if (r.status !== 0) {
        const reason = /longer than 0x1fffffe8/.test(r.stderr) ? 'ERR_STRING_TOO_LONG (a JS string holds at most 512 M characters)' : r.stderr.split('\n')[0] || `exit ${r.status}`;
        log(`bench: ${sizeMb} MB ${b.name} cannot run: ${reason}`);
        rows.push({ size: sizeMb, bytes, task, name: b.name, baseline: b, failed: reason });
        continue;
      }
      const check = await agreement(b.compare, harOut, baseOut, path);
      checks.push({ size: sizeMb, task, baseline: b, ...check });
      log(`bench: ${sizeMb} MB ${task.har.name} vs ${b.name}: ${check.ok ? 'agree' : 'DISAGREE'}: ${check.detail}`);
      usable.push(b);
    }
    if (SMOKE) continue;
    // Timed runs, alternating.
    const players = [task.har, ...usable];
    const samples = new Map(players.map((p) => [p, []]));
    for (let rep = 0; rep < reps; rep++) {
      const order = rep % 2 === 0 ? players : [...players].reverse();
      for (const p of order) {
        if (samples.get(p).length >= (p.maxReps ?? Infinity)) continue;
        const r = run(p.stages);
        if (r.status !== 0) throw new Error(`${p.name} failed during timing: ${r.stderr}`);
        samples.get(p).push(r);
      }
    }
    const harTime = median(samples.get(task.har).map((r) => r.wall));
    for (const p of players) {
      const rs = samples.get(p);
      const walls = rs.map((r) => r.wall);
      const rssPerStage = p.stages.map((_, i) => median(rs.map((r) => r.rss[i] ?? NaN)));
      const wall = median(walls);
      rows.push({
        size: sizeMb,
        bytes,
        task,
        name: p.name,
        baseline: p === task.har ? null : p,
        n: rs.length,
        wall,
        min: Math.min(...walls),
        max: Math.max(...walls),
        rssStages: rssPerStage,
        rss: Math.max(...rssPerStage),
        ratio: p === task.har ? null : wall / harTime,
      });
      log(`bench: ${sizeMb} MB ${p.name}: ${fmt(wall)} s (n=${rs.length}), ${fmt(bytes / 1e6 / wall, 0)} MB/s, ${rssPerStage.map((x) => fmt(x, 0)).join(' + ')} MiB`);
    }
  }
  return { rows, checks, meta, bytes };
}

async function benchBig(sizeMb) {
  const { path, meta } = harFile(sizeMb);
  const bytes = statSync(path).size;
  warm(path);
  const rows = [];
  for (const task of tasks(path)) {
    if (task.available === false) {
      rows.push({ size: sizeMb, bytes, task, name: task.har.name, unavailable: true });
      continue;
    }
    const r = run(task.har.stages, task.id === 'urls' ? outName(task, 'big') : '/dev/null');
    let check = '';
    if (task.id === 'urls' && r.status === 0) {
      const lines = readLines(outName(task, 'big')).length;
      check = lines === meta.entries ? `${lines} URLs = entries` : `${lines} URLs but ${meta.entries} entries`;
    }
    rows.push({ size: sizeMb, bytes, task, name: task.har.name, wall: r.wall, rssStages: r.rss, rss: Math.max(...r.rss.map((x) => x ?? NaN)), failed: r.status === 0 ? null : r.stderr || `exit ${r.status}`, check });
    log(`bench: ${sizeMb} MB ${task.har.name}: ${fmt(r.wall)} s, ${r.rss.map((x) => fmt(x, 0)).join(' + ')} MiB ${check}`);
  }
  return { rows, meta, bytes };
}

// ---------------------------------------------------------------------------------------------
// Report

const cell = (text) => String(text).replaceAll('|', '\\|');

function rowCells(row) {
  const rss = row.rssStages && row.rssStages.length > 1 ? `${fmt(row.rss, 0)} (${row.rssStages.map((x) => fmt(x, 0)).join(' + ')})` : fmt(row.rss, 0);
  if (row.unavailable) return [`${row.size} MB`, row.name, 'not available (command not in this build)', '', '', '', ''];
  if (row.failed) return [`${row.size} MB`, row.name, `cannot run: ${row.failed.slice(0, 90)}`, '', '', '', ''];
  return [
    `${row.size} MB`,
    row.baseline ? row.name : `**${row.name}**`,
    `${fmt(row.wall)} (${fmt(row.min)}–${fmt(row.max)})`,
    String(row.n),
    fmt(row.bytes / 1e6 / row.wall, 0),
    rss,
    row.ratio === null ? '—' : `${fmt(row.ratio, 1)}×`,
  ];
}

function table(rows) {
  const head = ['size', 'command', 'wall s, median (min–max)', 'n', 'MB/s', 'peak RSS MiB', 'har is … faster'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const row of rows) lines.push(`| ${rowCells(row).map(cell).join(' | ')} |`);
  return lines.join('\n');
}

function targets(rows) {
  const out = [];
  for (const row of rows) {
    const b = row.baseline;
    if (!b || b.target === undefined || !b.targetSizes.includes(row.size)) continue;
    const harRow = rows.find((r) => r.size === row.size && r.task === row.task && !r.baseline);
    if (row.failed || !harRow || harRow.unavailable || harRow.failed) {
      out.push({ what: `${row.task.title} ≥ ${b.target}× faster than ${b.name} at ${row.size} MB`, status: 'not measured', detail: row.failed ?? (harRow?.unavailable ? 'command not available' : harRow?.failed ?? '') });
      continue;
    }
    const met = row.ratio >= b.target;
    const need = row.wall / b.target;
    out.push({ what: `${row.task.title} ≥ ${b.target}× faster than ${b.name} at ${row.size} MB`, status: met ? 'met' : 'MISSED', detail: `${fmt(row.ratio, 2)}×${met ? '' : `: har takes ${fmt(harRow.wall)} s, needs ≤ ${fmt(need)} s (${fmt((1 - need / harRow.wall) * 100, 0)}% less time)`}` });
  }
  for (const row of rows) {
    if (row.baseline || row.unavailable || row.failed || row.rss === undefined || Number.isNaN(row.rss)) continue;
    const limit = row.task.rssLimit ?? RSS_LIMIT_MIB;
    const met = row.rss <= limit;
    out.push({ what: `${row.task.title} peak RSS ≤ ${limit} MiB at ${row.size} MB`, status: met ? 'met' : 'MISSED', detail: `${fmt(row.rss, 0)} MiB` });
  }
  return out;
}

function targetTable(list) {
  if (list.length === 0) return '(none measured)';
  return ['| target | status | measured |', '|---|---|---|', ...list.map((t) => `| ${cell(t.what)} | ${t.status} | ${cell(t.detail)} |`)].join('\n');
}

function machineText(m) {
  return [
    `- date: ${m.date}`,
    `- commit: ${m.commit}`,
    `- CPU: ${m.model}, nproc ${m.nproc}; memory ${m.memory}; Linux ${m.kernel}`,
    `- node ${m.node}; ${m.jq}`,
  ].join('\n');
}

function inputText(results) {
  return results
    .map(({ meta, bytes }) => `- ${fmt(bytes / 1e6, 1)} MB (${bytes} bytes): ${meta.entries} entries, ${meta.webSocketEntries} kernel WebSocket entries with ${meta.frames} frames (${meta.binaryFrames} binary)`)
    .join('\n');
}

const BIG_HEADING = '## 2 GB: peak RSS';

function bigSection(m, result, targetsList) {
  return [
    BIG_HEADING,
    '',
    `\`npm run bench -- --big\`, one run each, not in CI. Baselines are not run: jq needs about 2× the file in RAM and JSON.parse cannot hold the file.`,
    '',
    machineText(m),
    '',
    inputText([result]),
    '',
    '| command | wall s | MB/s | peak RSS MiB | check |',
    '|---|---|---|---|---|',
    ...result.rows.map((r) =>
      r.unavailable
        ? `| ${cell(r.name)} | not available | | | |`
        : r.failed
          ? `| ${cell(r.name)} | failed: ${cell(r.failed.slice(0, 80))} | | | |`
          : `| ${cell(r.name)} | ${fmt(r.wall)} | ${fmt(r.bytes / 1e6 / r.wall, 0)} | ${r.rssStages.length > 1 ? `${fmt(r.rss, 0)} (${r.rssStages.map((x) => fmt(x, 0)).join(' + ')})` : fmt(r.rss, 0)} | ${r.check ?? ''} |`,
    ),
    '',
    targetTable(targetsList),
    '',
  ].join('\n');
}

async function main() {
  const m = machine();
  if (BIG) {
    const result = await benchBig(SIZES[0]);
    const tl = targets(result.rows);
    const section = bigSection(m, result, tl);
    process.stdout.write(`\n${section}\n`);
    if (!flag('--no-write')) {
      const old = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# harknife bench results\n\n';
      const at = old.indexOf(BIG_HEADING);
      writeFileSync(RESULTS, `${(at >= 0 ? old.slice(0, at) : `${old.trimEnd()}\n\n`)}${section}`);
      log(`bench: updated ${relative(ROOT, RESULTS)}`);
    }
    process.exit(tl.every((t) => t.status === 'met') ? 0 : 1);
  }
  const results = [];
  for (const size of SIZES) results.push(await benchSize(size));
  const checks = results.flatMap((r) => r.checks);
  const bad = checks.filter((c) => !c.ok);
  if (SMOKE) {
    for (const c of checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.size} MB ${c.task.title} vs ${c.baseline.name}: ${c.detail}\n`);
    const missing = results.flatMap((r) => r.rows).filter((r) => r.unavailable || r.failed);
    for (const r of missing) process.stdout.write(`skip ${r.size} MB ${r.name}: ${r.unavailable ? 'not available' : r.failed}\n`);
    process.exit(bad.length === 0 && missing.every((r) => r.unavailable || r.baseline) ? 0 : 1);
  }
  const rows = results.flatMap((r) => r.rows);
  const tl = targets(rows);
  const main = [
    '# harknife bench results',
    '',
    'Written by `npm run bench` (bench/run.mjs). Each command reads a generated HAR (bench/gen-har.mjs) from a warm page cache and writes to /dev/null; pairs run alternately; the table shows medians. "har is … faster" is baseline time ÷ har time. Peak RSS is GNU time\'s maximum resident set size (for a pipeline: the largest process, then each process).',
    '',
    machineText(m),
    '',
    'Inputs (deterministic, seed 6):',
    '',
    inputText(results),
    '',
    table(rows),
    '',
    '## Targets',
    '',
    targetTable(tl),
    '',
    '## Output agreement',
    '',
    ...checks.map((c) => `- ${c.size} MB, ${c.task.title} vs ${c.baseline.name}: ${c.ok ? 'agree' : '**DISAGREE**'}, ${c.detail}`),
    '',
    'What is compared: urls and pick, byte for byte with jq\'s output; shape, dictknife\'s `--with-type` text rows with those of the JSON.parse+walk proxy (itself identical to dictknife on the dictknife fixtures), and jq\'s `paths` shape by its set of paths; ws-messages, the frames\' count and `data` in order with jq\'s, and kernel-decode\'s messages by msg_id with the frames decoded by src/kernel/codec.',
    '',
    ...(existsSync(NOTES) ? [readFileSync(NOTES, 'utf8')] : []),
  ].join('\n');
  process.stdout.write(`\n${table(rows)}\n\n${targetTable(tl)}\n`);
  if (WRITE) {
    const old = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
    const at = old.indexOf(BIG_HEADING);
    writeFileSync(RESULTS, `${main}${at >= 0 ? `\n${old.slice(at)}` : ''}`);
    log(`bench: wrote ${relative(ROOT, RESULTS)}`);
  }
  if (bad.length > 0) {
    log(`bench: ${bad.length} output disagreement(s)`);
    process.exit(1);
  }
}

await main();
