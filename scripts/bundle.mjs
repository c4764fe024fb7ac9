#!/usr/bin/env node
// Builds each bin as one CommonJS file with esbuild (dist/bin/NAME.bundle.cjs: harknife and its
// dependencies, no module resolution or per-file loading at start-up) behind a small launcher
// (dist/bin/NAME.cjs, the package's bin) that loads it through a V8 code cache (scripts/launch.cjs),
// then runs each bin once on a sample to write that cache. Modules a command does not use are
// only pre-parsed: esbuild turns `await import()` of a bundled module into a lazy initialiser.
//
//   node scripts/bundle.mjs            (`npm run build` and `prepare` run it after tsc)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, cp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { moduleBytes } from '../dist/src/read/wasm-module.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const OUT = join(ROOT, 'dist/bin');

/**
 * Each bin: its start module (src/bin/NAME.ts, also what tsc compiles), the V8 flags its shell
 * line starts Node with, and a run that warms its code cache.
 *
 * kernel-decode waits eight times V8's default interrupt budget (66 KiB of bytecode) before
 * TurboFan looks at a function. Its runs on a capture of a few MB end before optimised code pays
 * back, and in `har ws-messages | kernel-decode` the compile threads take the core the other
 * process needs: −20 to −25 ms on the v1 and limits captures' pipe, −60 ms on the 100 MB file's
 * (bench/notes.md, "sixth pass"). `har urls` loses 5 ms on a 3 MB capture with it, so har has none.
 */
const BINS = [
  { name: 'har', nodeFlags: [], warm: ['urls', '--raw', 'samples/jupyter-server-v1.har'] },
  { name: 'kernel-decode', nodeFlags: ['--interrupt-budget=540672'], warm: ['samples/jupyter-server-v1.har'] },
];

/**
 * The library loads CommonJS packages (yargs, cli-table3) with `createRequire(import.meta.url)`,
 * which esbuild cannot follow; inside the bundle a plain `require` finds them among its modules.
 */
const bundleRequires = {
  name: 'bundle-create-require',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('createRequire(import.meta.url)')) return undefined;
      return { contents: source.replaceAll('createRequire(import.meta.url)(', 'require('), loader: 'ts' };
    });
  },
};

/**
 * yargs requires node:assert for two checks of its own invariants. Loading node:assert costs every
 * start 4 ms (it builds process.stderr to learn its colours); in the bundle yargs gets these two
 * functions instead, which load the real module only when a check fails, to throw its error.
 */
const YARGS_ASSERT = `
const real = () => require('node:assert');
exports.strictEqual = (actual, expected, message) => { if (!Object.is(actual, expected)) real().strictEqual(actual, expected, message); };
exports.notStrictEqual = (actual, expected, message) => { if (Object.is(actual, expected)) real().notStrictEqual(actual, expected, message); };
`;
const lazyAssertForYargs = {
  name: 'lazy-assert-for-yargs',
  setup(b) {
    b.onResolve({ filter: /^assert$/ }, (args) => (/[\\/]node_modules[\\/]yargs[\\/]/.test(args.importer) ? { path: 'yargs-assert', namespace: 'yargs-assert' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'yargs-assert' }, () => ({ contents: YARGS_ASSERT, loader: 'js' }));
  },
};

/**
 * yargs' CommonJS build requires its help renderer (cliui, with wrap-ansi, string-width and
 * ansi-styles: ~3 ms of every start) while it loads, for text only `--help` and the completion
 * script show, and reads `process.stdout.columns` for the help's width, which builds Node's stdout
 * stream (node:net for a pipe) that harknife does not otherwise use (src/cli/stdout.ts). In the
 * bundle those requires wait for their first call and the width is a getter. Should a new yargs
 * word them otherwise, the bundle keeps them as they are and says so.
 */
const LAZY_IN_YARGS = [
  ...['cliui:require("cliui")', 'stringWidth:require("string-width")', 'requireDirectory:require("require-directory")'].map((eager) => {
    const [key, required] = eager.split(/:(.*)/s);
    return [eager, `${key}:(...a)=>${required}(...a)`];
  }),
  ['stdColumns:void 0!==process.stdout.columns?process.stdout.columns:null', 'get stdColumns(){return void 0!==process.stdout.columns?process.stdout.columns:null}'],
];
const lazyYargsHelp = {
  name: 'lazy-yargs-help',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]yargs[\\/]build[\\/]index\.cjs$/ }, async (args) => {
      let contents = await readFile(args.path, 'utf8');
      for (const [eager, lazy] of LAZY_IN_YARGS) {
        if (!contents.includes(eager)) {
          process.stderr.write(`bundle: yargs no longer has ${eager}; it stays eager\n`);
          continue;
        }
        contents = contents.replace(eager, lazy);
      }
      return { contents, loader: 'js' };
    });
  },
};

/**
 * Libraries only some commands use (redact, validate, report, regex filters), each bundled into
 * its own file, dist/bin/vendor/NAME.cjs, and required from the bin's bundle when a command first
 * needs it. Every run reads the bin's bundle as one string before anything else happens, so these
 * ~1 MB (re2js, ajv, markdown-it and its entities, secretlint's rules) cost every `har urls` the
 * read and UTF-8 decoding; they hold no state shared with harknife's own modules, so a separate
 * copy is safe.
 */
const VENDORED = ['re2js', 'ajv', '@secretlint/secretlint-rule-preset-recommend', 'markdown-it', 'ansi_up'];
const vendorFile = (name) => `vendor/${name.replace(/^@/, '').replaceAll('/', '+')}.cjs`;

const requireVendored = {
  name: 'require-vendored',
  setup(b) {
    const filter = new RegExp(`^(${VENDORED.map((n) => n.replace(/[/@.-]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: `./${vendorFile(args.path)}`, external: true }));
  },
};

/**
 * The package's bin: a file that is both a shell script and CommonJS. Run as a program, /bin/sh
 * reads line 2 (to JavaScript, a string and a comment) and starts Node on the same file without
 * NODE_EXTRA_CA_CERTS: Node 20 parses that bundle of certificates while it starts, before any of
 * our code runs (55 ms of every run where it is set, more than the rest of a short run), and no
 * bin makes a TLS connection. The value moves to HARKNIFE_NODE_EXTRA_CA_CERTS, which
 * scripts/launch.cjs puts back, so the processes a command starts see the user's environment.
 * Run as `node har.cjs`, line 2 does nothing and the variable is left alone. The bin's V8 flags
 * go on the `node` line, and to the launcher, which writes a code cache only for runs with
 * exactly those flags (V8 stamps a cache with the flags it was made under).
 */
function binText(bin) {
  const dropCertificates = 'if [ -n "${NODE_EXTRA_CA_CERTS+set}" ]; then HARKNIFE_NODE_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS; export HARKNIFE_NODE_EXTRA_CA_CERTS; unset NODE_EXTRA_CA_CERTS; fi';
  const node = ['node', ...bin.nodeFlags].join(' ');
  return `#!/bin/sh\n":" //; ${dropCertificates}; exec ${node} "$0" "$@"\nrequire('./launch.cjs').launch(${JSON.stringify(bin.name)}, ${JSON.stringify(bin.nodeFlags)});\n`;
}

/** Options every bundle shares. */
const COMMON = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // The scanner's WebAssembly, assembled here once rather than by every run (src/read/string-simd.ts).
  define: { 'import.meta.url': '__harknifeModuleUrl', HARKNIFE_WASM_BASE64: JSON.stringify(Buffer.from(moduleBytes()).toString('base64')) },
  banner: { js: "const __harknifeModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [bundleRequires, lazyAssertForYargs, lazyYargsHelp],
  legalComments: 'none',
  logLevel: 'warning',
};

await rm(OUT, { recursive: true, force: true });
// The second thread of a parallel read (src/read/parallel.ts starts ./scan-worker.cjs beside the bundle).
await build({ ...COMMON, entryPoints: ['src/read/scan-worker.ts'], outfile: join(OUT, 'scan-worker.cjs') });
for (const bin of BINS) {
  await build({
    ...COMMON,
    entryPoints: [`src/bin/${bin.name}.ts`],
    outfile: join(OUT, `${bin.name}.bundle.cjs`),
    // yargs reads its message translations from __dirname/../locales (copied in the end).
    // `har record` loads playwright-core (a dependency, with its own files and binaries) when a
    // recording starts: it stays outside, and its dynamic import becomes a require, which a
    // script run through vm.Script (the launcher) can do.
    external: ['playwright-core'],
    supported: { 'dynamic-import': false },
    plugins: [...COMMON.plugins, requireVendored],
    // No comments, so the bundle is ASCII (esbuild escapes strings; scripts/launch.cjs reads an
    // ASCII bundle as Latin-1, several times faster than decoding UTF-8).
    minifyWhitespace: true,
  });
  // The launcher wraps the bundle in a function, where a #! line is a syntax error.
  const bundled = join(OUT, `${bin.name}.bundle.cjs`);
  const text = (await readFile(bundled, 'utf8')).replace(/^#!.*\n/, '');
  // esbuild escapes strings but not the text of tagged templates (html`…` in src/report).
  const nonAscii = /[^\x00-\x7f].{0,40}/su.exec(text);
  if (nonAscii !== null) {
    process.stderr.write(`bundle: ${bin.name}'s bundle is not ASCII (write \\u escapes in template text): …${text.slice(Math.max(0, nonAscii.index - 40), nonAscii.index)}${nonAscii[0]}\n`);
    process.exit(1);
  }
  await writeFile(bundled, text);
  const launcher = join(OUT, `${bin.name}.cjs`);
  await writeFile(launcher, binText(bin));
  await chmod(launcher, 0o755);
}
await copyFile(join(ROOT, 'scripts/launch.cjs'), join(OUT, 'launch.cjs'));
for (const name of VENDORED) {
  await build({
    ...COMMON,
    stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: ROOT, sourcefile: `${name}.cjs` },
    outfile: join(OUT, vendorFile(name)),
  });
}
await cp(join(ROOT, 'node_modules/yargs/locales'), join(ROOT, 'dist/locales'), { recursive: true });

for (const bin of BINS) {
  if (!existsSync(join(ROOT, bin.warm.at(-1)))) continue;
  const r = spawnSync(process.execPath, [...bin.nodeFlags, join(OUT, `${bin.name}.cjs`), ...bin.warm], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) {
    process.stderr.write(`bundle: ${bin.name} ${bin.warm.join(' ')} failed (exit ${r.status}): ${r.stderr}\n`);
    process.exit(1);
  }
}
