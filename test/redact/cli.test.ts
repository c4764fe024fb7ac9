import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ROOT, runHar } from '../helpers/cli.js';

const SAMPLE = `${ROOT}samples/notebook6-secrets.har`;
const dir = mkdtempSync(join(tmpdir(), 'harknife-redact-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const token = (JSON.parse(readFileSync(`${ROOT}samples/notebook6-secrets.meta.json`, 'utf8')) as { planted: { name: string; value: string }[] }).planted.find((s) => s.name === 'jupyter token')!.value;

test('stdin to stdout, and never to a terminal', async () => {
  const piped = await runHar(['redact', '--salt', 's', '-'], { stdin: readFileSync(SAMPLE) });
  assert.equal(piped.code, 0, piped.stderr);
  assert.ok(!piped.stdout.includes(token));
  assert.equal((JSON.parse(piped.stdout) as { log: { entries: unknown[] } }).log.entries.length, 44);
  const terminal = await runHar(['redact', SAMPLE], { tty: true });
  assert.equal(terminal.code, 2);
  assert.match(terminal.stderr, /terminal/);
});

test('--in-place replaces the input through a rename; -o onto the input is refused', async () => {
  const file = join(dir, 'inplace.har');
  copyFileSync(SAMPLE, file);
  const refused = await runHar(['redact', file, '-o', file]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--in-place/);
  assert.equal(readFileSync(file, 'utf8'), readFileSync(SAMPLE, 'utf8'));
  const result = await runHar(['redact', '--in-place', file]);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(!readFileSync(file, 'utf8').includes(token));
  assert.deepEqual(readdirSync(dir).filter((name) => name.includes('.tmp')), []);
});

test('several inputs into a directory, with a report file', async () => {
  const out = join(dir, 'out');
  mkdirSync(out);
  const second = join(dir, 'second.har');
  copyFileSync(`${ROOT}samples/notebook6-secrets.sanitized.har`, second);
  const report = join(dir, 'report.json');
  const result = await runHar(['redact', SAMPLE, second, '-o', out, '--report', report]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(readdirSync(out).sort(), ['notebook6-secrets.har', 'second.har']);
  const written = JSON.parse(readFileSync(report, 'utf8')) as { files: string[]; redactions: number };
  assert.ok(written.redactions > 0);
  assert.doesNotMatch(readFileSync(report, 'utf8'), new RegExp(token));
  assert.equal((await runHar(['redact', SAMPLE, second])).code, 2);
});

test('bad input: exit 4 or 5, one line, and no output or temporary file left', async () => {
  const bad = join(dir, 'bad.har');
  writeFileSync(bad, '{"log": {"entries": [{"request": ');
  const out = join(dir, 'bad-out.har');
  const result = await runHar(['redact', bad, '-o', out]);
  assert.equal(result.code, 5);
  assert.equal(result.stderr.trim().split('\n').length, 1);
  assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith('bad-out') || name.includes('.tmp')), []);
  assert.equal((await runHar(['redact', join(dir, 'missing.har'), '-o', out])).code, 4);
  assert.equal((await runHar(['redact', '--also', '(', SAMPLE, '-o', out])).code, 3);
  const unwritable = await runHar(['redact', SAMPLE, '-o', join(dir, 'no-such-dir', 'x.har')]);
  assert.equal(unwritable.code, 70);
  assert.match(unwritable.stderr, /^har: .*x\.har: cannot write \(ENOENT\)\n$/);
});
