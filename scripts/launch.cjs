'use strict';
// Starts a bundled bin (dist/bin/NAME.bundle.cjs, built by scripts/bundle.mjs) through a V8 code
// cache, NAME.bundle.cjs.cache beside it: compiling the bundle (yargs and harknife, ~0.5 MB of
// JavaScript) is most of what a short run costs above `node -e 0`, and Node 20 has no module
// compile cache of its own (module.enableCompileCache is Node 22). The cache is written at
// build time; V8 checks it against the source and its own version and flags, and when it is
// missing or rejected (another Node version) the bundle is compiled as usual and the cache
// rewritten after the run, if the directory is writable.
const { isAscii } = require('node:buffer');
const { closeSync, openSync, readFileSync, renameSync, writeSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');

function readCache(path) {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Best effort: a read-only install or a concurrent run just keeps the old state. */
function writeCache(path, data) {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(temporary, 'wx', 0o644);
    try {
      writeSync(fd, data);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch {
    // No cache this time.
  }
}

/**
 * The bin's shell line (scripts/bundle.mjs) started Node without NODE_EXTRA_CA_CERTS and kept its
 * value here; the processes a command starts (the browser of `har record`) get it back.
 */
function restoreCertificates(env) {
  const kept = env.HARKNIFE_NODE_EXTRA_CA_CERTS;
  if (kept === undefined) return;
  env.NODE_EXTRA_CA_CERTS = kept;
  delete env.HARKNIFE_NODE_EXTRA_CA_CERTS;
}
exports.restoreCertificates = restoreCertificates;

function sameFlags(actual, expected) {
  return actual.length === expected.length && actual.every((flag, i) => flag === expected[i]);
}

/** CommonJS's function wrapper (Module.wrap, which would load node:module). */
function wrap(source) {
  return `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
}

/**
 * Runs bin NAME: its bundle starts the process as src/bin/NAME.ts does. After the run (at exit,
 * so the cache also holds the functions this run compiled) a missing or rejected cache is
 * rewritten, by a run with the bin's own V8 flags only (`nodeFlags`, on its shell line): V8 stamps
 * a cache with its flags, so a `node --some-flag NAME.cjs` run would write one that every run of
 * the program rejects.
 */
exports.launch = function launch(name, nodeFlags = []) {
  // bench/startup.mjs: where a short run's time goes (ms since the process started, at each step).
  const marks = process.env.HARKNIFE_STARTUP_TIMES === undefined ? undefined : [['launch', performance.now()]];
  restoreCertificates(process.env);
  const file = join(__dirname, `${name}.bundle.cjs`);
  const cacheFile = `${file}.cache`;
  const cachedData = readCache(cacheFile);
  const bytes = readFileSync(file);
  // scripts/bundle.mjs keeps the bundle ASCII: as Latin-1 it becomes a one-byte string by a copy,
  // where UTF-8 decoding of the same bytes took 5-15 ms of every run.
  const source = isAscii(bytes) ? bytes.latin1Slice(0, bytes.length) : bytes.toString('utf8');
  marks?.push(['read', performance.now()]);
  const script = new Script(wrap(source), { filename: file, cachedData });
  marks?.push(['compile', performance.now()]);
  if ((cachedData === undefined || script.cachedDataRejected === true) && sameFlags(process.execArgv, nodeFlags)) {
    process.once('exit', () => {
      // V8 stamps the cache with its flags. src/cli/start.ts raises --heap-growing-percent for
      // some runs after this compile; a cache stamped with that would be rejected by the next
      // run, which starts without it, and rewritten by every run in turn.
      require('node:v8').setFlagsFromString('--heap-growing-percent=0');
      writeCache(cacheFile, script.createCachedData());
    });
  }
  const module = { exports: {} };
  if (marks !== undefined) {
    // The first write to descriptor 1 (src/cli/stdout.ts writes there; touching process.stdout
    // here would build the stream a run does not otherwise make).
    const fs = require('node:fs');
    const unmarked = fs.writeSync;
    fs.writeSync = function firstWrite(fd, ...args) {
      if (fd === 1) {
        marks.push(['first-write', performance.now()]);
        fs.writeSync = unmarked;
      }
      return unmarked.call(this, fd, ...args);
    };
    process.once('exit', () => {
      marks.push(['exit', performance.now()]);
      process.stderr.write(`harknife-startup ${JSON.stringify({ cacheRejected: script.cachedDataRejected === true, flags: process.execArgv, marks })}\n`);
    });
  }
  // This file's own require: the bundle sits beside it, so relative requires (./vendor/…) resolve
  // alike, and node:module (four more built-in modules to load) is not needed for createRequire.
  script.runInThisContext()(module.exports, require, module, file, __dirname);
  marks?.push(['top-level', performance.now()]);
};
