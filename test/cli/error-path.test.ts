import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { defineCommand } from '../../src/cli/command.js';
import { runProgram } from '../../src/cli/run.js';
import { EXIT_CODE_MEANINGS, ExitCode, InputError } from '../../src/errors.js';
import { bufferSource } from '../../src/read/input.js';
import { scanSource } from '../../src/read/scan-source.js';
import { Action, type ScanListener } from '../../src/read/scan-listener.js';
import { ROOT, runHar, runMain } from '../helpers/cli.js';

class BuggyListener implements ScanListener {
  beginValue(): Action {
    return Action.Descend;
  }
  onKey(key: string): void {
    if (key === 'entries') throw new TypeError('listener bug');
  }
  onOpen(): void {}
  onClose(): void {}
  onScalar(): void {}
  onCapture(): void {}
}

const HAR = Buffer.from('{"log":{"version":"1.2","entries":[]}}');

test('a bug inside a scanner listener passes through the reader untouched', async () => {
  await assert.rejects(scanSource(bufferSource('x.har', HAR), new BuggyListener()), (error: unknown) => {
    assert.ok(!(error instanceof InputError), 'not reported as an unreadable input');
    assert.equal((error as Error).message, 'listener bug');
    return true;
  });
});

test('a thrown bug exits 70 with "internal error", not 4', async () => {
  const buggy = defineCommand<object>({
    command: '$0',
    describe: 'scans with a listener that throws',
    builder: (yargs) => yargs,
    run: () => scanSource(bufferSource('x.har', HAR), new BuggyListener()),
  });
  const main = (argv: string[], io: Parameters<typeof runProgram>[2]) => runProgram({ name: 'buggy', usage: '$0', commands: [], single: buggy, epilogue: '' }, argv, io);
  const result = await runMain(main, []);
  assert.equal(result.code, ExitCode.internal);
  assert.equal(result.stderr, 'buggy: internal error: listener bug\n');
});

test('bad option values are usage errors (2): --opcode x, --status abc; a bad regex stays 3', async () => {
  const sample = `${ROOT}samples/notebook6-session.har`;
  assert.equal((await runHar(['ws-messages', '--opcode', 'x', sample])).code, ExitCode.usage);
  assert.equal((await runHar(['urls', '--status', 'abc', sample])).code, ExitCode.usage);
  assert.equal((await runHar(['urls', '--url', '(', sample])).code, ExitCode.badExpression);
});

test('help and README list the exit codes of ExitCode, with the same meanings', async () => {
  const help = (await runHar(['--help'])).stdout;
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  for (const code of Object.values(ExitCode)) {
    assert.ok(help.includes(`${String(code).padStart(3)}  ${EXIT_CODE_MEANINGS[code]}`), `help: ${code}`);
    assert.match(readme, new RegExp(`^\\| ${code} \\| ${EXIT_CODE_MEANINGS[code].replace(/[()".:]/g, '\\$&')} \\|$`, 'm'), `README: ${code}`);
  }
});
