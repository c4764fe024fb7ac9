/**
 * Which of the process's streams are terminals (src/cli/io.ts, processIO): told by fstat for
 * pipes, files and /dev/null, so a run that has no terminal never loads node:tty (and node:net).
 * The terminal cases run under util-linux `script`, which gives the command a pseudo-terminal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

const V1 = join(ROOT, 'samples/jupyter-server-v1.har');
const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;

/** A program that writes, into the file named by its argument, what processIO says of fds 0-2. */
function writeProbe(dir: string): string {
  const probe = join(dir, 'probe.mjs');
  writeFileSync(
    probe,
    `import { writeFileSync } from 'node:fs';
import { processIO } from ${JSON.stringify(join(ROOT, 'dist/src/cli/io.js'))};
const io = processIO();
writeFileSync(process.argv[2], JSON.stringify({ stdin: io.stdinIsTTY, stdout: io.stdoutIsTTY, stderr: io.stderrIsTTY }));
`,
  );
  return probe;
}

test('stdin, stdout and stderr that are /dev/null, a pipe or a file are no terminals, and node:tty is never loaded', () => {
  const dir = mkdtempSync(join(tmpdir(), 'harknife-tty-'));
  try {
    const probe = writeProbe(dir);
    const answer = join(dir, 'answer.json');
    const file = openSync(join(dir, 'stderr.txt'), 'w');
    try {
      const r = spawnSync(process.execPath, [probe, answer], { stdio: ['ignore', 'pipe', file] });
      assert.equal(r.status, 0);
    } finally {
      closeSync(file);
    }
    assert.deepEqual(JSON.parse(readFileSync(answer, 'utf8')), { stdin: false, stdout: false, stderr: false });
    // A whole run of each bin, output to /dev/null and to a pipe, stderr to a pipe.
    const loaded = join(dir, 'loaded.cjs');
    writeFileSync(loaded, "process.on('exit', () => require('node:fs').writeSync(2, 'modules: ' + process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).join(',') + '\\n'));\n");
    for (const [bin, argv] of [['har', ['urls', '--raw', V1]], ['kernel-decode', [V1]]] as const) {
      for (const stdout of ['ignore', 'pipe'] as const) {
        const r = spawnSync(process.execPath, ['-r', loaded, join(ROOT, `dist/src/bin/${bin}.js`), ...argv], { stdio: ['ignore', stdout, 'pipe'], encoding: 'utf8', maxBuffer: 1 << 28 });
        assert.equal(r.status, 0, r.stderr);
        const modules = /^modules: (.*)$/m.exec(r.stderr)?.[1]?.split(',') ?? [];
        assert.ok(modules.includes('NativeModule fs'), `no module list from ${bin}: ${r.stderr}`);
        assert.ok(!modules.includes('NativeModule tty'), `${bin} ${argv[0]} with stdout ${stdout} loaded node:tty`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a pseudo-terminal is a terminal, on each stream that is one', { skip: HAS_SCRIPT ? false : 'util-linux script is not installed' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'harknife-tty-'));
  try {
    const probe = writeProbe(dir);
    const cases: [string, Record<string, boolean>][] = [
      ['', { stdin: true, stdout: true, stderr: true }],
      ['< /dev/null > out.txt', { stdin: false, stdout: false, stderr: true }],
      ['2> err.txt | cat', { stdin: true, stdout: false, stderr: false }],
    ];
    for (const [redirect, expected] of cases) {
      const answer = join(dir, 'answer.json');
      rmSync(answer, { force: true });
      const command = `cd '${dir}' && '${process.execPath}' '${probe}' '${answer}' ${redirect}`;
      const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', timeout: 20_000 });
      assert.equal(r.status, 0, `${redirect}: ${r.stdout}${r.stderr}`);
      assert.deepEqual(JSON.parse(readFileSync(answer, 'utf8')), expected, redirect || 'no redirection');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
