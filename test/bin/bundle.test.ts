import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main as kernelDecodeMain } from '../../src/cli/kernel-decode.js';
import { ROOT, runHar, runMain, type RunResult } from '../helpers/cli.js';

// The package's bins are the esbuild bundles behind a code-cache launcher (scripts/bundle.mjs,
// run by `npm run build`); they must behave exactly like the modules tsc compiles.
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
const BIN_DIR = join(ROOT, 'dist/bin');
const V1 = join(ROOT, 'samples/jupyter-server-v1.har');
const NOTEBOOK6 = join(ROOT, 'samples/notebook6-session.har');

function spawnBin(path: string, argv: string[], cwd = ROOT): RunResult {
  const r = spawnSync(process.execPath, [path, ...argv], { cwd, maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

test('the bins in package.json are the bundles, and they are built', () => {
  assert.deepEqual(pkg.bin, { har: 'dist/bin/har.cjs', 'kernel-decode': 'dist/bin/kernel-decode.cjs' });
  for (const file of ['har.cjs', 'har.bundle.cjs', 'kernel-decode.cjs', 'kernel-decode.bundle.cjs', 'launch.cjs']) {
    assert.ok(existsSync(join(BIN_DIR, file)), `dist/bin/${file} is missing: run npm run build`);
  }
  assert.ok(existsSync(join(ROOT, 'dist/locales/en.json')), "yargs' locales are copied beside the bundle");
});

const HAR_RUNS: string[][] = [
  ['urls', '--raw', V1],
  ['pick', '--format', 'tsv', NOTEBOOK6],
  ['ws-messages', V1],
  ['shape', '--with-type', NOTEBOOK6],
  ['stats', '--format', 'json', NOTEBOOK6],
  ['redact', '--salt', 'bundle', V1],
  // The libraries in dist/bin/vendor/ (re2js here), required from the bundle when first needed.
  ['redact', '--salt', 'bundle', '--also', 'kernel-([0-9a-f]+)', V1],
  ['urls', '--url', 'kernels/[0-9a-f-]+', '--raw', V1],
  ['urls', '--url', '(a)\\1', V1],
  ['notebook', V1],
  ['cells', '--format', 'json', NOTEBOOK6],
  ['report', V1],
  ['validate', V1],
  ['record', '--help'],
  ['--help'],
  ['urls', '--help'],
  ['urls', '--nope', V1],
  ['urls', join(ROOT, 'package.json')],
  ['nosuchcommand'],
];

for (const argv of HAR_RUNS) {
  test(`bundled har ${argv.map((a) => a.replace(ROOT, '')).join(' ')}: same output and exit code as the compiled modules`, async () => {
    const bundled = spawnBin(join(ROOT, pkg.bin['har']!), argv);
    const modules = await runHar(argv, { columns: 120 });
    assert.equal(bundled.code, modules.code, bundled.stderr);
    assert.equal(bundled.stdout, modules.stdout);
    assert.equal(bundled.stderr, modules.stderr);
  });
}

for (const argv of [[V1], ['--conversations', NOTEBOOK6], ['--format', 'transcript', V1]]) {
  test(`bundled kernel-decode ${argv.map((a) => a.replace(ROOT, '')).join(' ')}: same output as the compiled modules`, async () => {
    const bundled = spawnBin(join(ROOT, pkg.bin['kernel-decode']!), argv);
    const modules = await runMain(kernelDecodeMain, argv, { columns: 120 });
    assert.equal(bundled.code, modules.code, bundled.stderr);
    assert.equal(bundled.stdout, modules.stdout);
  });
}

test('a missing or foreign code cache is ignored and written anew; the output does not change', () => {
  const dir = mkdtempSync(join(tmpdir(), 'harknife-bin-'));
  try {
    cpSync(BIN_DIR, join(dir, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'dist/locales'), join(dir, 'locales'), { recursive: true });
    const cache = join(dir, 'bin/har.bundle.cjs.cache');
    const expected = spawnBin(join(BIN_DIR, 'har.cjs'), ['urls', '--raw', V1]).stdout;
    writeFileSync(cache, 'not a V8 code cache');
    assert.equal(spawnBin(join(dir, 'bin/har.cjs'), ['urls', '--raw', V1]).stdout, expected);
    assert.ok(statSync(cache).size > 10_000, 'the rejected cache was replaced');
    rmSync(cache);
    assert.equal(spawnBin(join(dir, 'bin/har.cjs'), ['urls', '--raw', V1]).stdout, expected);
    assert.ok(existsSync(cache), 'a missing cache was written');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A bin run as a program (its shell line picks Node's flags), with the launcher's step report on stderr. */
function runProgram(path: string, argv: string[]): { code: number; report: { cacheRejected: boolean; flags: string[] } | undefined } {
  const r = spawnSync(path, argv, { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, HARKNIFE_STARTUP_TIMES: '1' } });
  const line = /^harknife-startup (.*)$/m.exec(r.stderr)?.[1];
  return { code: r.status ?? -1, report: line === undefined ? undefined : (JSON.parse(line) as { cacheRejected: boolean; flags: string[] }) };
}

test('a cache written by a tight-heap run is accepted by the next run of any command, not rewritten each time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'harknife-bin-'));
  try {
    cpSync(BIN_DIR, join(dir, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'dist/locales'), join(dir, 'locales'), { recursive: true });
    for (const name of ['har', 'kernel-decode']) {
      const cache = join(dir, `bin/${name}.bundle.cjs.cache`);
      const argv = name === 'har' ? ['cells', '-f', 'json', V1] : [V1];
      rmSync(cache);
      // The first run writes the cache (kernel-decode and `har cells` raise V8's heap growth step).
      assert.equal(runProgram(join(dir, `bin/${name}.cjs`), argv).code, 0);
      // A rewrite renames a new file into place: another inode.
      const written = statSync(cache).ino;
      for (const again of [argv, ['--version'], argv]) {
        assert.equal(runProgram(join(dir, `bin/${name}.cjs`), again).code, 0);
        assert.equal(statSync(cache).ino, written, `${name} ${again.join(' ')} rewrote the cache: it rejected it`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("run as a program, each bin has its own V8 flags and the build's cache fits them; a run with other flags leaves the cache alone", () => {
  const flagsOf: Record<string, string[]> = { har: [], 'kernel-decode': ['--interrupt-budget=540672'] };
  const dir = mkdtempSync(join(tmpdir(), 'harknife-bin-'));
  try {
    cpSync(BIN_DIR, join(dir, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'dist/locales'), join(dir, 'locales'), { recursive: true });
    for (const name of ['har', 'kernel-decode']) {
      const bin = join(dir, `bin/${name}.cjs`);
      const argv = name === 'har' ? ['urls', '--raw', V1] : [V1];
      const asBuilt = runProgram(bin, argv);
      assert.equal(asBuilt.code, 0);
      assert.deepEqual(asBuilt.report?.flags, flagsOf[name]);
      assert.equal(asBuilt.report?.cacheRejected, false, `${name}: the build's warm run stamped its cache with other flags`);
      // `node` with flags of its own: V8 rejects the cache, and the launcher must not stamp it with them.
      const cache = join(dir, `bin/${name}.bundle.cjs.cache`);
      const before = statSync(cache).ino;
      const other = spawnSync(process.execPath, ['--max-semi-space-size=4', bin, ...argv], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
        env: { ...process.env, HARKNIFE_STARTUP_TIMES: '1' },
      });
      assert.equal(other.status, 0, other.stderr);
      assert.match(other.stderr, /"cacheRejected":true/);
      assert.equal(statSync(cache).ino, before, `node --max-semi-space-size=4 ${name}.cjs rewrote the cache`);
      assert.deepEqual(runProgram(bin, argv).report?.cacheRejected, false);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The bins start as shell scripts (scripts/bundle.mjs, binText) so that Node starts without
// NODE_EXTRA_CA_CERTS, whose bundle Node 20 parses at every start.
test('run as a program, a bin starts Node without NODE_EXTRA_CA_CERTS; run by node, it is untouched', () => {
  const env = { ...process.env, NO_COLOR: '1', NODE_EXTRA_CA_CERTS: join(ROOT, 'no-such-certificates.pem') };
  for (const name of ['har', 'kernel-decode']) {
    const bin = join(ROOT, pkg.bin[name]!);
    const argv = name === 'har' ? ['urls', '--raw', V1] : [V1];
    const expected = spawnBin(bin, argv).stdout;
    // Node warns on stderr when it could not load the named file: only a run that kept the variable loads it.
    const byNode = spawnSync(process.execPath, [bin, ...argv], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.match(byNode.stderr, /no-such-certificates\.pem/);
    const asProgram = spawnSync(bin, argv, { env, encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(asProgram.status, 0, asProgram.stderr);
    assert.equal(asProgram.stderr, '');
    assert.equal(asProgram.stdout, expected);
  }
});

test('the launcher gives the processes a command starts NODE_EXTRA_CA_CERTS back, and leaves no variable of its own', () => {
  const { restoreCertificates } = createRequire(import.meta.url)(join(BIN_DIR, 'launch.cjs')) as {
    restoreCertificates(env: Record<string, string | undefined>): void;
  };
  const dropped: Record<string, string | undefined> = { PATH: '/bin', HARKNIFE_NODE_EXTRA_CA_CERTS: '/etc/corp-ca.pem' };
  restoreCertificates(dropped);
  assert.deepEqual(dropped, { PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/corp-ca.pem' });
  const neverSet: Record<string, string | undefined> = { PATH: '/bin' };
  restoreCertificates(neverSet);
  assert.deepEqual(neverSet, { PATH: '/bin' });
  // Set but empty is kept as set.
  const empty: Record<string, string | undefined> = { HARKNIFE_NODE_EXTRA_CA_CERTS: '' };
  restoreCertificates(empty);
  assert.deepEqual(empty, { NODE_EXTRA_CA_CERTS: '' });
});

test('a bin run as a program passes every argument through the shell untouched', () => {
  const odd = ['--url', "a b'\"$HOME`x`*?", V1];
  const asProgram = spawnSync(join(ROOT, pkg.bin['har']!), ['urls', ...odd], { encoding: 'utf8' });
  const byNode = spawnBin(join(ROOT, pkg.bin['har']!), ['urls', ...odd]);
  assert.equal(asProgram.status, byNode.code);
  assert.equal(asProgram.stdout, byNode.stdout);
  assert.equal(asProgram.stderr, byNode.stderr);
});
