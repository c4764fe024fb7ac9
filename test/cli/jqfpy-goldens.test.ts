import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { runHar } from '../helpers/cli.js';
import { GOLDEN_DIR, fixtureGoldens } from '../helpers/fixture-goldens.js';

const SAMPLE = `${GOLDEN_DIR}/sample.har`;

/**
 * The har command that must reproduce each jqfpy command line of the fixtures. `parsed`: jqfpy's
 * -c prints Python's ", " / ": " separators and ours is jq's, so those goldens are compared line
 * by line after JSON parsing.
 */
const HAR_FOR_JQFPY: Record<string, { har: string[]; compare: 'bytes' | 'parsed' }> = {
  'get("log/entries[]/request/url") sample.har': { har: ['get', 'log/entries[]/request/url', SAMPLE], compare: 'bytes' },
  '--squash --raw get("log/entries[]/request/url") sample.har': { har: ['get', 'log/entries[]/request/url', '--squash', '--raw', SAMPLE], compare: 'bytes' },
  '[h.pick("request/url","request/method","response/status", d=d) for d in get("log/entries[]")] sample.har': { har: ['pick', '--format', 'json', SAMPLE], compare: 'bytes' },
  '-c --squash [h.pick("request/url","request/method","response/status", d=d) for d in get("log/entries[]")] sample.har': {
    har: ['pick', '--format', 'ndjson', SAMPLE],
    compare: 'parsed',
  },
};

const goldens = fixtureGoldens();
const jqfpyGoldens = goldens.filter((golden) => golden.tool === 'jqfpy');

for (const golden of jqfpyGoldens) {
  const harCase = HAR_FOR_JQFPY[golden.args];
  test(`${golden.name}: har ${harCase?.har.slice(0, -1).join(' ') ?? '(no case)'} reproduces ${golden.command}`, async () => {
    assert.ok(harCase, `no har command for the golden ${golden.name}: ${golden.command}`);
    assert.ok(golden.expected !== null, `${golden.name}.stdout is missing`);
    const result = await runHar(harCase.har);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    if (harCase.compare === 'bytes') {
      assert.equal(result.stdout, golden.expected);
    } else {
      const lines = (text: string) => text.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
      assert.deepEqual(lines(result.stdout), lines(golden.expected));
      assert.ok(!result.stdout.includes('", "'), 'jq-style compact separators');
    }
  });
}

test('the fixtures folder and the cases agree: every jqfpy golden has a har case and every case a golden', () => {
  assert.ok(jqfpyGoldens.length > 0, `no jqfpy goldens in ${GOLDEN_DIR}`);
  assert.deepEqual(jqfpyGoldens.map((golden) => golden.args).sort(), Object.keys(HAR_FOR_JQFPY).sort());
});

test('every golden in the fixtures folder is a jqfpy or dictknife shape command with its stdout, and every stdout has a command', () => {
  assert.deepEqual(goldens.filter((golden) => golden.tool === null).map((golden) => golden.command), []);
  assert.deepEqual(goldens.filter((golden) => golden.expected === null).map((golden) => golden.name), []);
  const outputs = readdirSync(GOLDEN_DIR).filter((file) => file.endsWith('.stdout')).map((file) => file.slice(0, -'.stdout'.length));
  assert.deepEqual(outputs.sort(), goldens.map((golden) => golden.name).sort());
});
