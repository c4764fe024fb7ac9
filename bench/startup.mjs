#!/usr/bin/env node
// Where a short run's time goes: each bin started with HARKNIFE_STARTUP_TIMES=1 reports, on
// stderr, the milliseconds since its process started at each step of scripts/launch.cjs (Node's
// own start, reading the bundle, compiling it from the code cache, its top level, the first
// write to stdout, exit). Runs alternate with `node -e 0` and jq's equivalent; medians.
//
//   node bench/startup.mjs [--reps N]        prints a markdown table
//   (npm run bench puts the same table in bench/results.md, after the real-capture tier)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JQ } from './commands.mjs';
import { median } from './harness.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const STEPS = ['launch', 'read', 'compile', 'top-level', 'first-write', 'exit'];

function timed(argv, env) {
  const started = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (exit ${r.status}): ${r.stderr}`);
  return { wall, stderr: r.stderr };
}

/** Marks of one run, as ms since the process started, by step name (a step absent stays undefined). */
function marksOf(stderr) {
  const line = stderr.split('\n').find((l) => l.startsWith('harknife-startup '));
  if (line === undefined) throw new Error('no harknife-startup line: is dist/bin/launch.cjs current (npm run build)?');
  return Object.fromEntries(JSON.parse(line.slice('harknife-startup '.length)).marks);
}

/**
 * Each case: a label, har's argv (after `node`), jq's argv or null. Returns rows of medians in ms:
 * wall of node -e 0, jq and har; har's steps as durations.
 */
export function startupRows(cases, reps) {
  return cases.map(({ label, har, jq }) => {
    const samples = { node: [], bareNode: [], jq: [], har: [], marks: [] };
    for (let rep = 0; rep < reps; rep++) {
      const order = rep % 2 === 0 ? ['node', 'bareNode', 'jq', 'har'] : ['har', 'jq', 'bareNode', 'node'];
      for (const who of order) {
        if (who === 'node') samples.node.push(timed(['node', '-e', '0']).wall);
        else if (who === 'bareNode') samples.bareNode.push(timed(['node', '-e', '0'], { NODE_EXTRA_CA_CERTS: undefined }).wall);
        else if (who === 'jq' && jq !== null) samples.jq.push(timed(jq).wall);
        else if (who === 'har') {
          // The bin as a user runs it: a program (its shell line starts Node), not `node BIN`.
          const r = timed(har, { HARKNIFE_STARTUP_TIMES: '1' });
          samples.har.push(r.wall);
          samples.marks.push(marksOf(r.stderr));
        }
      }
    }
    const step = (from, to) => median(samples.marks.map((m) => (m[to] ?? m.exit) - (from === null ? 0 : m[from] ?? m.exit)));
    return {
      label,
      node: median(samples.node),
      bareNode: median(samples.bareNode),
      jq: samples.jq.length > 0 ? median(samples.jq) : null,
      har: median(samples.har),
      boot: step(null, 'launch'),
      read: step('launch', 'read'),
      compile: step('read', 'compile'),
      top: step('compile', 'top-level'),
      work: step('top-level', 'first-write'),
      finish: step('first-write', 'exit'),
    };
  });
}

export function startupTable(rows) {
  const f = (x) => (x === null ? '—' : x.toFixed(0));
  return [
    '| run | `node -e 0` | `node -e 0` without NODE_EXTRA_CA_CERTS | jq | har (wall) | Node start | read bundle | compile (code cache) | top level | to first output | to exit |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.label} | ${f(r.node)} | ${f(r.bareNode)} | ${f(r.jq)} | ${f(r.har)} | ${f(r.boot)} | ${f(r.read)} | ${f(r.compile)} | ${f(r.top)} | ${f(r.work)} | ${f(r.finish)} |`),
  ].join('\n');
}

/** The default cases: `--version`, and urls / kernel-decode on the smallest and largest real capture. */
export function defaultCases(root = ROOT) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const harBin = join(root, pkg.bin.har);
  const kdBin = join(root, pkg.bin['kernel-decode']);
  const samples = ['samples/notebook6-reload.har', 'samples/notebook6-session.har'].map((p) => join(root, p)).filter(existsSync);
  return [
    { label: '`har --version`', har: [harBin, '--version'], jq: null },
    ...samples.flatMap((path) => [
      { label: `\`har urls --raw\` ${basename(path)}`, har: [harBin, 'urls', '--raw', path], jq: ['jq', '-r', JQ.urls, path] },
      { label: `\`kernel-decode FILE\` ${basename(path)}`, har: [kdBin, path], jq: ['jq', '-c', JQ.wsDecode, path] },
    ]),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--reps');
  const reps = at >= 0 ? Number(process.argv[at + 1]) : 11;
  process.stdout.write(`${startupTable(startupRows(defaultCases(), reps))}\n`);
}
