#!/usr/bin/env node
// `npm run bench`: harknife against jq (and gojq where installed) on real captures and on big
// generated HARs.
//
//   npm run bench                  real captures (samples/*.har of 1 MB or more, and a 10 MB file),
//                                  100 MB, 600 MB;
//                                  writes bench/results.md
//   npm run bench -- --smoke       real captures, output agreement only (no timing); exit 1 on a
//                                  mismatch. What CI runs.
//   npm run bench -- --big         2 GB, each command and jq once: peak RSS, MB/s, ratios (updates
//                                  the "2 GB" section of bench/results.md)
//   options: --only urls,pick,… (ids in bench/commands.mjs), --tiers real,100,600, --reps N,
//            --no-write (print only). Partial runs never rewrite results.md.
//
// Rows (commands, baselines, targets) live in bench/commands.mjs. HARs come from
// bench/gen-har.mjs (deterministic) and are cached in bench/.cache/. Every timed command reads a
// warm page cache and writes to /dev/null; before timing, each runs once with its output kept
// and its peak RSS measured, and har's output is compared with each baseline's. Players run
// alternately (ABC, CBA …) so drift hits all alike; tables show medians.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { agreement } from './agree.mjs';
import { commands } from './commands.mjs';
import { GENERATOR_VERSION, generateHar } from './gen-har.mjs';
import { alternate, haveTime, median, runPipeline, sh, toolVersion } from './harness.mjs';
import { defaultCases, startupRows, startupTable } from './startup.mjs';
import { checkLines, fmt, inputText, machineText, targetTable, targets, tierName, timingTable } from './report.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const CACHE = join(BENCH, '.cache');
const OUT = join(CACHE, 'out');
const RESULTS = join(BENCH, 'results.md');
/** Hand-written profile notes, copied into results.md after the generated sections. */
const NOTES = join(BENCH, 'notes.md');
const SEED = 6;
const REAL_GENERATED_MB = 10;
const REAL_MIN_BYTES = 1e6;
const BIG_MB = 2000;

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
const tierOf = (text) => (text === 'real' ? 'real' : Number(text));
const TIERS = (option('--tiers') ?? option('--sizes'))?.split(',').map(tierOf) ?? (SMOKE ? ['real'] : BIG ? [BIG_MB] : ['real', 100, 600]);
const WRITE = !flag('--no-write') && !SMOKE && ONLY === null && option('--tiers') === undefined && option('--sizes') === undefined && REPS === null;
// Real captures run in 50–250 ms, where this machine's drift moves a median by 10–20 %: 21 runs
// of each player (11 let ten target rows flip between three runs of the same code).
const defaultReps = (tier) => (tier === 'real' ? 21 : tier >= 600 ? 3 : 5);

const log = (message) => process.stderr.write(`${message}\n`);

// ---------------------------------------------------------------------------------------------
// Environment

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const HAR = join(ROOT, pkg.bin.har);
const KERNEL_DECODE = join(ROOT, pkg.bin['kernel-decode']);
const versions = { jq: toolVersion('jq --version'), gojq: toolVersion('gojq --version') };

if (!existsSync(HAR) || !existsSync(KERNEL_DECODE)) {
  log('bench: the build is missing, running `npm run build`');
  const r = sh(`cd '${ROOT}' && npm run build`);
  if (r.status !== 0 || !existsSync(HAR)) {
    log(r.stdout + r.stderr);
    log('bench: the build failed');
    process.exit(2);
  }
}
if (versions.jq === null) {
  log('bench: jq is not installed. It is the baseline for most rows; on Debian/Ubuntu: apt-get install -y jq');
  if (SMOKE) process.exit(2);
}
if (versions.gojq === null) log('bench: gojq is not installed, so its rows are left out (Debian: apt-get install -y gojq)');
if (!haveTime) log('bench: GNU time (/usr/bin/time) is missing, so peak RSS is not measured; on Debian/Ubuntu: apt-get install -y time');

const harHelp = sh(`node '${HAR}' --help`).stdout;
const hasCommand = (name) => new RegExp(`^\\s+har ${name}\\b`, 'm').test(harHelp);

// The bins as a user runs them, programs (each starts Node from its shell line), not `node BIN`.
const har = (...args) => [HAR, ...args];
const kernelDecode = (...args) => [KERNEL_DECODE, ...args];
const run = (stages, options = {}) => runPipeline(stages, { scratch: CACHE, ...options });
const CTX = {
  har,
  kernelDecode,
  bench: BENCH,
  root: ROOT,
  versions,
  only: ONLY,
  available: {
    shape: hasCommand('shape'),
    ws: hasCommand('ws-messages'),
    notebook: hasCommand('notebook'),
    cells: hasCommand('cells'),
    activity: hasCommand('activity'),
    timeline: hasCommand('timeline'),
    rateLimits: hasCommand('rate-limits'),
    trace: hasCommand('trace'),
    redact: hasCommand('redact'),
  },
  out: OUT,
  run,
};

/**
 * What one page costs the first time a process touches it, in µs: a fresh 64 MiB allocation
 * written once per 4 KiB page, in a child Node, median of 5. Each process of a short run touches
 * thousands of pages (`node -e 0` ~1,900, kernel-decode on a 3 MB capture ~7,000), so this sets
 * how much of a run is the kernel's: 11–17 µs on the machine of the eighth pass, where jq, which
 * touches a third to a fifth as many, loses far less (bench/notes.md, "eighth pass").
 */
function pageTouchMicros() {
  const script = 'const b=new Uint8Array(2**26);const t=process.hrtime.bigint();for(let i=0;i<b.length;i+=4096)b[i]=1;process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e3/(b.length/4096)))';
  const runs = [];
  for (let i = 0; i < 5; i++) {
    // No shell: the script is an argument as it stands.
    const value = Number(spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout);
    if (Number.isFinite(value)) runs.push(value);
  }
  return runs.length === 0 ? null : median(runs);
}

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const commit = toolVersion(`git -C '${ROOT}' rev-parse --short HEAD`) ?? 'unknown';
  const dirty = sh(`git -C '${ROOT}' status --porcelain -- src bench ':!bench/results.md'`).stdout.trim() !== '' ? ' (+ uncommitted changes in src/ or bench/)' : '';
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    nproc: toolVersion('nproc') ?? String(cpus().length),
    model,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    kernel: toolVersion('uname -r') ?? 'unknown',
    load: loadavg().map((x) => x.toFixed(2)).join(' '),
    pageTouch: pageTouchMicros(),
    node: process.version,
    jq: versions.jq ?? 'jq not installed',
    gojq: versions.gojq ?? 'gojq not installed',
    commit: `${commit}${dirty}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Inputs

function generated(sizeMb) {
  mkdirSync(CACHE, { recursive: true });
  const path = join(CACHE, `jupyter-${sizeMb}mb-g${GENERATOR_VERSION}-s${SEED}.har`);
  const metaPath = `${path}.meta.json`;
  const label = `${sizeMb} MB generated`;
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
    if (meta.bytes === statSync(path).size) return { label, path, bytes: meta.bytes, meta };
  }
  log(`bench: generating ${relative(ROOT, path)} (${sizeMb} MB, once)`);
  const started = Date.now();
  const meta = generateHar(path, sizeMb * 1e6, { seed: SEED });
  log(`bench: generated ${meta.bytes} bytes, ${meta.entries} entries, ${meta.frames} frames in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { label, path, bytes: meta.bytes, meta };
}

function inputsOf(tier) {
  if (tier !== 'real') return [generated(tier)];
  const samples = join(ROOT, 'samples');
  const captures = readdirSync(samples)
    .filter((name) => name.endsWith('.har'))
    .sort()
    .map((name) => ({ label: name, path: join(samples, name), bytes: statSync(join(samples, name)).size, meta: null }))
    // The exports people analyse are a few MB; the sub-MB samples are test fixtures.
    .filter((capture) => capture.bytes >= REAL_MIN_BYTES);
  return [...captures, generated(REAL_GENERATED_MB)];
}

// ---------------------------------------------------------------------------------------------
// The bench

const outName = (input, command, name) => join(OUT, `${basename(input.path)}-${command.id}-${name.replace(/[^A-Za-z0-9]+/g, '-')}.txt`);

/** One input, one command: agreement checks, then (unless smoke) alternating timed runs. */
async function benchCommand(tier, input, command, { reps, timed }) {
  const base = { tier, input: input.label, bytes: input.bytes, command };
  if (command.available === false) {
    log(`bench: ${input.label} ${command.title}: not available in this build`);
    return { rows: [{ ...base, name: command.title, baseline: null, unavailable: true }], checks: [] };
  }
  const ctx = { ...CTX, file: input.path };
  const harPlayer = { name: command.title, pipeline: command.har(input.path), maxReps: command.maxReps };
  const harOut = outName(input, command, 'har');
  const first = await run(harPlayer.pipeline, { out: harOut, rss: true });
  if (first.status !== 0) {
    log(`bench: ${input.label} ${command.title} failed (exit ${first.status}): ${first.stderr}`);
    return { rows: [{ ...base, name: command.title, baseline: null, failed: first.stderr || `exit ${first.status}` }], checks: [] };
  }
  const rows = [];
  const checks = [];
  const players = [harPlayer];
  const firstRun = new Map([[harPlayer, first]]);
  const record = (against, check) => {
    if (check === null) return;
    checks.push({ tier, input: input.label, command, against, ...check });
    if (!SMOKE) log(`bench: ${input.label} ${command.title} vs ${against}: ${check.ok ? 'agree' : 'DISAGREE'}: ${check.detail}`);
  };
  for (const b of command.baselines.filter((x) => (x.tiers ?? command.tiers).includes(tier))) {
    // At 2 GB only the baselines a target needs run (jq needs about 2× the file in RAM).
    if (tier === BIG_MB && b.targets?.[tier] === undefined) continue;
    const player = { name: b.name, baseline: b, pipeline: b.stages(input.path), maxReps: b.maxReps };
    const baseOut = outName(input, command, b.name);
    const r = await run(player.pipeline, { out: baseOut, rss: true });
    if (r.status !== 0) {
      const reason = /longer than 0x1fffffe8/.test(r.stderr) ? 'ERR_STRING_TOO_LONG (a JS string holds at most 512 M characters)' : r.stderr.split('\n')[0] || `exit ${r.status}`;
      log(`bench: ${input.label} ${b.name} cannot run: ${reason}`);
      rows.push({ ...base, name: b.name, baseline: b, failed: reason });
      continue;
    }
    record(b.name, await agreement(b.compare, harOut, baseOut, ctx));
    players.push(player);
    firstRun.set(player, r);
  }
  if (command.check) record(command.check.name, await command.check.compare(harOut, ctx));
  if (SMOKE) return { rows: [], checks };
  // At 2 GB the one run that measured RSS is also the timing.
  const samples = timed ? await alternate(players, reps, CACHE) : new Map(players.map((p) => [p, [firstRun.get(p).wall]]));
  const harTime = median(samples.get(harPlayer));
  for (const p of players) {
    const walls = samples.get(p);
    const wall = median(walls);
    const { rss, faults } = firstRun.get(p);
    rows.push({
      ...base,
      name: p.name,
      baseline: p.baseline ?? null,
      n: walls.length,
      wall,
      min: Math.min(...walls),
      max: Math.max(...walls),
      rssStages: rss,
      rss: Math.max(...rss.map((x) => x ?? NaN)),
      faultStages: faults,
      ratio: p === harPlayer ? null : wall / harTime,
    });
    log(`bench: ${input.label} ${p.name}: ${fmt(wall, 3)} s (n=${walls.length}), ${fmt(input.bytes / 1e6 / wall, 0)} MB/s, ${rss.map((x) => fmt(x, 0)).join(' + ')} MiB`);
  }
  return { rows, checks };
}

async function benchTier(tier) {
  const inputs = inputsOf(tier);
  mkdirSync(OUT, { recursive: true });
  const rows = [];
  const checks = [];
  for (const input of inputs) {
    sh(`cat '${input.path}' > /dev/null`);
    for (const command of commands(CTX).filter((c) => c.tiers.includes(tier))) {
      const result = await benchCommand(tier, input, command, { reps: REPS ?? defaultReps(tier), timed: !SMOKE && tier !== BIG_MB });
      rows.push(...result.rows);
      checks.push(...result.checks);
    }
  }
  return { tier, inputs, rows, checks };
}

// ---------------------------------------------------------------------------------------------
// Report

const BIG_HEADING = '## 2 GB';

function tierSection(result) {
  return [`## ${tierName(result.tier)}`, '', inputText(result.inputs), '', timingTable(result.rows), ''].join('\n');
}

function bigSection(m, result, list) {
  return [
    BIG_HEADING,
    '',
    '`npm run bench -- --big`: one run each, not in CI; jq runs once for the commands that have a target against it (it needs about 2× the file in RAM; gojq is left out at this size).',
    '',
    machineText(m),
    '',
    inputText(result.inputs),
    '',
    timingTable(result.rows),
    '',
    targetTable(list),
    '',
  ].join('\n');
}

const STARTUP_HEADING = "## Where a short run's time goes";
const STARTUP_TEXT =
  'bench/startup.mjs: medians in ms of alternating runs of `node -e 0`, jq and har with `HARKNIFE_STARTUP_TIMES=1`, which makes scripts/launch.cjs report each step: Node\'s own start (until the launcher runs), reading the bundle, compiling it from the V8 code cache, its top level (yargs and the modules every command loads), the command until its first write to stdout, and from there to exit.';

async function main() {
  const m = machine();
  const results = [];
  for (const tier of TIERS) results.push(await benchTier(tier));
  const checks = results.flatMap((r) => r.checks);
  const bad = checks.filter((c) => !c.ok);
  const rows = results.flatMap((r) => r.rows);
  if (SMOKE) {
    for (const line of checkLines(checks)) process.stdout.write(`${line}\n`);
    const broken = rows.filter((r) => r.failed && !r.baseline);
    for (const r of broken) process.stdout.write(`FAILED ${r.input} ${r.name}: ${r.failed}\n`);
    process.exit(bad.length === 0 && broken.length === 0 ? 0 : 1);
  }
  const list = targets(rows);
  process.stdout.write(`\n${results.map(tierSection).join('\n')}\n${targetTable(list)}\n`);
  // Real captures are mostly start-up: the steps of a short run, beside `node -e 0` and jq.
  const startup = TIERS.includes('real') && (ONLY === null || ONLY.includes('startup')) ? startupTable(startupRows(defaultCases(ROOT), REPS ?? defaultReps('real'))) : null;
  if (startup !== null) process.stdout.write(`\n${STARTUP_HEADING}\n\n${startup}\n`);
  if (BIG) {
    const section = bigSection(m, results[0], list);
    if (!flag('--no-write')) {
      const old = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# harknife bench results\n\n';
      const at = old.indexOf(BIG_HEADING);
      writeFileSync(RESULTS, `${at >= 0 ? old.slice(0, at) : `${old.trimEnd()}\n\n`}${section}`);
      log(`bench: updated ${relative(ROOT, RESULTS)}`);
    }
  } else if (WRITE) {
    const text = [
      '# harknife bench results',
      '',
      'Written by `npm run bench` (bench/run.mjs, rows in bench/commands.mjs). Each command reads a warm page cache and writes to /dev/null; the players of a row group run alternately; the tables show medians. "har is … faster" is the baseline\'s time ÷ har\'s time (below 1: har is slower). Peak RSS is GNU time\'s maximum resident set size, from the untimed first run (for a pipeline: the largest process, then each process); minor faults are GNU time\'s count of page faults in the same run (for a pipeline: the sum, then each process), which the machine lines price.',
      '',
      machineText(m),
      '',
      ...results.map(tierSection),
      ...(startup === null ? [] : [STARTUP_HEADING, '', STARTUP_TEXT, '', startup, '']),
      '## Targets',
      '',
      targetTable(list),
      '',
      '## Output agreement',
      '',
      ...checkLines(checks),
      '',
      "What is compared: urls and pick, byte for byte with jq's output; shape, dictknife's `--with-type` text rows with those of the JSON.parse+walk proxy (itself identical to dictknife on the dictknife fixtures), and jq's `paths` shape by its set of paths; ws-messages, the frames' count and `data` in order with jq's, and kernel-decode's messages by msg_id with the frames decoded by src/kernel/codec; `kernel-decode FILE`, byte for byte with `har ws-messages FILE | kernel-decode`.",
      '',
      ...(existsSync(NOTES) ? [readFileSync(NOTES, 'utf8')] : []),
    ].join('\n');
    const old = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
    const at = old.indexOf(BIG_HEADING);
    writeFileSync(RESULTS, `${text}${at >= 0 ? `\n${old.slice(at)}` : ''}`);
    log(`bench: wrote ${relative(ROOT, RESULTS)}`);
  }
  if (bad.length > 0) {
    log(`bench: ${bad.length} output disagreement(s)`);
    process.exit(1);
  }
  if (BIG) process.exit(list.every((t) => t.status === 'met') ? 0 : 1);
}

await main();
