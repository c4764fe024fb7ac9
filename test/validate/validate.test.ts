import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { bufferSource } from '../../src/read/input.js';
import { validateHar, type Finding, type ValidationLevel } from '../../src/validate/index.js';
import { ROOT, runHar } from '../helpers/cli.js';

const QUIRKS_DIR = `${ROOT}test/fixtures/validate/`;
type Expected = Record<string, Record<ValidationLevel, [string, string, string][]>>;
const expected = JSON.parse(readFileSync(`${QUIRKS_DIR}expected.json`, 'utf8')) as Expected;
const LEVELS: ValidationLevel[] = ['spec', 'schema', 'lenient'];

async function findings(path: string, level: ValidationLevel): Promise<Finding[]> {
  const all: Finding[] = [];
  for await (const finding of validateHar([{ name: path, path }], { level })) all.push(finding);
  return all;
}

test('one quirk file per exporter quirk, each with its expected findings', () => {
  const files = readdirSync(QUIRKS_DIR).filter((name) => name.endsWith('.har')).map((name) => name.slice(0, -4));
  assert.deepEqual(files.sort(), Object.keys(expected).sort());
});

for (const [name, levels] of Object.entries(expected)) {
  test(`quirk file ${name}: the expected findings at each level`, async () => {
    for (const level of LEVELS) {
      const found = await findings(`${QUIRKS_DIR}${name}.har`, level);
      assert.deepEqual(found.map((f) => [f.pointer, f.severity, f.rule]), levels[level], `${name} at ${level}`);
      for (const finding of found) assert.ok(finding.message !== '' && finding.hint !== '', `${name}: message and hint`);
      if (level === 'lenient') for (const finding of found) assert.match(finding.message, /this file is from \S+/);
    }
  });
}

test('every sample passes at the lenient level (exit 0)', async () => {
  const samples = readdirSync(`${ROOT}samples`).filter((name) => name.endsWith('.har'));
  assert.ok(samples.length >= 7);
  for (const sample of samples) {
    const result = await runHar(['validate', '-f', 'json', `${ROOT}samples/${sample}`]);
    assert.equal(result.code, 0, `${sample}: ${result.stdout.slice(0, 500)}`);
    for (const finding of JSON.parse(result.stdout) as Finding[]) assert.equal(finding.severity, 'warning');
  }
});

test('exit codes: 1 invalid, 4 unreadable, 5 not JSON or not a HAR', async () => {
  assert.equal((await runHar(['validate', '--level', 'spec', `${QUIRKS_DIR}playwright-h2.har`])).code, 1);
  assert.equal((await runHar(['validate', `${QUIRKS_DIR}playwright-h2.har`])).code, 0);
  assert.equal((await runHar(['validate', `${QUIRKS_DIR}missing.har`])).code, 4);
  assert.equal((await runHar(['validate', '-'], { stdin: '{"log": ' })).code, 5);
  assert.equal((await runHar(['validate', '-'], { stdin: '{"log": {"version": "1.2"}}' })).code, 5);
  assert.equal((await runHar(['validate', '--level', 'strict', `${QUIRKS_DIR}playwright-h2.har`])).code, 2);
});

test('findings never quote a string from the file', async () => {
  const secret = 'tok-0123456789abcdef';
  const har = { log: { version: secret, creator: { name: 'x', version: '1' }, entries: [{ startedDateTime: secret, time: 1, request: { url: 5, method: secret }, response: {}, cache: {}, timings: { send: secret } }] } };
  const all: Finding[] = [];
  for await (const finding of validateHar([bufferSource('t.har', Buffer.from(JSON.stringify(har)))], { level: 'spec' })) all.push(finding);
  assert.ok(all.length > 5);
  assert.doesNotMatch(JSON.stringify(all), /tok-0123456789abcdef/);
});
