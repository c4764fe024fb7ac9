// Running commands: a pipeline of argv stages spawned directly (no shell, so nothing but the
// commands themselves is timed), stdout to a file or /dev/null, peak RSS per stage from GNU time.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const TIME = '/usr/bin/time';

export function sh(command) {
  const r = spawnSync('bash', ['-c', command], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** The first line a tool prints for `command`, or null when it fails. */
export function toolVersion(command) {
  const r = sh(`${command} 2>&1`);
  return r.status === 0 ? r.stdout.trim().split('\n')[0] : null;
}

export const haveTime = existsSync(TIME) && sh(`${TIME} -f %M true 2>&1`).status === 0;

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};

let counter = 0;

/**
 * Runs a pipeline once. `rss: true` wraps each stage in GNU time (a fork and exec more per stage,
 * so timed runs leave it off and RSS comes from the untimed first run). Resolves to wall seconds,
 * peak RSS per stage in MiB and minor page faults per stage (null when not measured), the exit
 * status and stderr.
 */
export function runPipeline(stages, { out = '/dev/null', rss = false, scratch }) {
  const id = `${process.pid}-${counter++}`;
  const errPath = join(scratch, `stderr-${id}.txt`);
  const timeFiles = stages.map((_, i) => join(scratch, `time-${id}-${i}.txt`));
  const outFd = openSync(out, 'w');
  const errFd = openSync(errPath, 'w');
  const started = process.hrtime.bigint();
  const procs = [];
  let input = 'ignore';
  stages.forEach((argv, i) => {
    const full = rss && haveTime ? [TIME, '-f', '%M %R', '-o', timeFiles[i], ...argv] : argv;
    const last = i === stages.length - 1;
    const child = spawn(full[0], full.slice(1), { stdio: [input, last ? outFd : 'pipe', errFd] });
    // The next stage holds its own copy of the pipe's read end; ours would keep it open.
    if (typeof input === 'object') input.destroy();
    input = last ? null : child.stdout;
    procs.push(child);
  });
  const exits = procs.map((child) => new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)))));
  return Promise.all(exits).then((codes) => {
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    closeSync(outFd);
    closeSync(errFd);
    const stderr = readFileSync(errPath, 'utf8')
      .replace(/Command exited with non-zero status \d+\n?/g, '')
      .trim();
    rmSync(errPath, { force: true });
    // GNU time's last line: peak RSS in KiB and minor faults (lines before it are its notices).
    const measured = timeFiles.map((p) => {
      if (!existsSync(p)) return null;
      const last = /(\d+) (\d+)\s*$/.exec(readFileSync(p, 'utf8'));
      rmSync(p, { force: true });
      return last === null ? null : { rssMiB: Number(last[1]) / 1024, faults: Number(last[2]) };
    });
    // A pipeline fails when any stage does (pipefail).
    const status = codes.find((c) => c !== 0) ?? 0;
    return { wall, rss: measured.map((m) => m?.rssMiB ?? null), faults: measured.map((m) => m?.faults ?? null), status, stderr };
  });
}

/**
 * Alternating timed runs of several players (ABC, CBA, ABC …) so drift hits all alike; a player
 * with `maxReps` stops early. Returns the samples per player.
 */
export async function alternate(players, reps, scratch) {
  const samples = new Map(players.map((p) => [p, []]));
  for (let rep = 0; rep < reps; rep++) {
    const order = rep % 2 === 0 ? players : [...players].reverse();
    for (const p of order) {
      if (samples.get(p).length >= (p.maxReps ?? Infinity)) continue;
      const r = await runPipeline(p.pipeline, { scratch });
      if (r.status !== 0) throw new Error(`${p.name} failed during timing (exit ${r.status}): ${r.stderr}`);
      samples.get(p).push(r.wall);
    }
  }
  return samples;
}
