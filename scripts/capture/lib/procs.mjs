// Process bookkeeping for the capture script: start children in their own process group,
// remember every pid they spawned, stop them by pid, and verify that none is left.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';

/** @returns {Promise<number>} a TCP port on 127.0.0.1 that was free a moment ago */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/**
 * @param {number} pid
 * @returns {{ppid: number, pgid: number, start: string, state: string} | null}
 */
export function procStat(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces/parens: fields after the last ')'
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0], ppid: Number(rest[1]), pgid: Number(rest[2]), start: rest[19] };
  } catch {
    return null;
  }
}

/** @param {number} pid @returns {string} */
export function procCmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/**
 * All live descendants of `root` (not including it), from a /proc walk.
 * @param {number} root
 * @returns {Map<number, string>} pid -> start time (to tell a recycled pid apart)
 */
export function descendants(root) {
  /** @type {Map<number, number[]>} */
  const children = new Map();
  /** @type {Map<number, string>} */
  const starts = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = procStat(Number(name));
    if (!st) continue;
    starts.set(Number(name), st.start);
    if (!children.has(st.ppid)) children.set(st.ppid, []);
    children.get(st.ppid)?.push(Number(name));
  }
  /** @type {Map<number, string>} */
  const out = new Map();
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const pid = /** @type {number} */ (stack.pop());
    out.set(pid, starts.get(pid) ?? '');
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/**
 * Live processes whose command line contains `marker` (the run's unique temp dir): this catches helpers
 * that detach from their parent, such as Chromium's crashpad handler.
 * @param {string} marker
 * @returns {Map<number, string>} pid -> start time
 */
export function byCmdline(marker) {
  /** @type {Map<number, string>} */
  const out = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    if (!procCmdline(Number(name)).includes(marker)) continue;
    const st = procStat(Number(name));
    if (st && st.state !== 'Z') out.set(Number(name), st.start);
  }
  return out;
}

/** @param {number} pid @param {string} start @returns {boolean} the same process still exists (zombies count as gone) */
export function alive(pid, start) {
  const st = procStat(pid);
  return !!st && st.start === start && st.state !== 'Z';
}

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/** Tracks every process this run started, plus their descendants as they are seen. */
export class ProcessTracker {
  /** @param {string} marker a string (the run's unique temp dir) in the command line of every process of this run */
  constructor(marker) {
    this.marker = marker;
    /** @type {Map<number, {name: string, start: string}>} */
    this.known = new Map();
    /** @type {import('node:child_process').ChildProcess[]} */
    this.roots = [];
  }

  /**
   * Start a child in its own process group and remember it.
   * @param {string} name
   * @param {string} cmd
   * @param {string[]} args
   * @param {import('node:child_process').SpawnOptions} opts
   */
  start(name, cmd, args, opts) {
    const child = spawn(cmd, args, { ...opts, detached: true });
    if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
    this.known.set(child.pid, { name, start: procStat(child.pid)?.start ?? '' });
    this.roots.push(child);
    child.on('error', () => {});
    return child;
  }

  /** Record the current descendants of every started process (call it while they run). */
  snapshot() {
    for (const child of this.roots) {
      if (child.pid === undefined) continue;
      const rootName = this.known.get(child.pid)?.name ?? '?';
      for (const [pid, start] of descendants(child.pid)) {
        if (!this.known.has(pid)) this.known.set(pid, { name: `${rootName} child: ${procCmdline(pid).slice(0, 80)}`, start });
      }
    }
    for (const [pid, start] of byCmdline(this.marker)) {
      if (!this.known.has(pid)) this.known.set(pid, { name: `helper: ${procCmdline(pid).slice(0, 80)}`, start });
    }
  }

  /** @returns {{pid: number, name: string}[]} known processes that still run */
  leftovers() {
    this.snapshot();
    return [...this.known].filter(([pid, p]) => alive(pid, p.start)).map(([pid, p]) => ({ pid, name: p.name }));
  }

  /**
   * Wait for a started child to exit; after `graceMs` send SIGTERM to it, then SIGKILL, by pid.
   * @param {import('node:child_process').ChildProcess} child
   * @param {number} graceMs
   */
  async stop(child, graceMs = 5000) {
    const pid = /** @type {number} */ (child.pid);
    const info = this.known.get(pid);
    const gone = () => !info || !alive(pid, info.start);
    for (let t = 0; t < graceMs && !gone(); t += 100) await sleep(100);
    if (!gone()) {
      try { process.kill(pid, 'SIGTERM'); } catch {}
      for (let t = 0; t < 5000 && !gone(); t += 100) await sleep(100);
    }
    if (!gone()) {
      try { process.kill(pid, 'SIGKILL'); } catch {}
      for (let t = 0; t < 2000 && !gone(); t += 100) await sleep(100);
    }
  }

  /**
   * Last resort for anything this run started that is still alive: SIGTERM then SIGKILL, each by pid.
   * @returns {Promise<{pid: number, name: string}[]>} what had to be killed
   */
  async reap() {
    for (let t = 0; t < 3000 && this.leftovers().length; t += 100) await sleep(100); // let helpers exit on their own
    const left = this.leftovers();
    for (const { pid } of left) { try { process.kill(pid, 'SIGTERM'); } catch {} }
    for (let t = 0; t < 3000 && this.leftovers().length; t += 100) await sleep(100);
    for (const { pid } of this.leftovers()) { try { process.kill(pid, 'SIGKILL'); } catch {} }
    for (let t = 0; t < 2000 && this.leftovers().length; t += 100) await sleep(100);
    return left;
  }
}

/** @param {string} p */
export const exists = (p) => existsSync(p);
