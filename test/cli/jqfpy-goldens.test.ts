import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fixture, runHar } from '../helpers/cli.js';

const SAMPLE = fixture('dictknife-jqfpy', 'sample.har');

/**
 * Each jqfpy golden (command + exact stdout from the real tool) and the har command that must
 * reproduce it. `parsed`: jqfpy's -c prints Python's ", " / ": " separators and ours is jq's,
 * so those goldens are compared line by line after JSON parsing.
 */
const GOLDENS: { name: string; jqfpy: string; har: string[]; compare: 'bytes' | 'parsed' }[] = [
  {
    name: 'jqfpy-urls',
    jqfpy: '$ jqfpy get("log/entries[]/request/url") sample.har',
    har: ['get', 'log/entries[]/request/url', SAMPLE],
    compare: 'bytes',
  },
  {
    name: 'jqfpy-urls-squash-raw',
    jqfpy: '$ jqfpy --squash --raw get("log/entries[]/request/url") sample.har',
    har: ['get', 'log/entries[]/request/url', '--squash', '--raw', SAMPLE],
    compare: 'bytes',
  },
  {
    name: 'jqfpy-pick',
    jqfpy: '$ jqfpy [h.pick("request/url","request/method","response/status", d=d) for d in get("log/entries[]")] sample.har',
    har: ['pick', '--format', 'json', SAMPLE],
    compare: 'bytes',
  },
  {
    name: 'jqfpy-pick-squash-c',
    jqfpy: '$ jqfpy -c --squash [h.pick("request/url","request/method","response/status", d=d) for d in get("log/entries[]")] sample.har',
    har: ['pick', '--format', 'ndjson', SAMPLE],
    compare: 'parsed',
  },
];

for (const golden of GOLDENS) {
  test(`${golden.name}: har ${golden.har.slice(0, -1).join(' ')} reproduces jqfpy`, async () => {
    assert.equal(readFileSync(fixture('dictknife-jqfpy', `${golden.name}.cmd`), 'utf8').trim(), golden.jqfpy);
    const expected = readFileSync(fixture('dictknife-jqfpy', `${golden.name}.stdout`), 'utf8');
    const result = await runHar(golden.har);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    if (golden.compare === 'bytes') {
      assert.equal(result.stdout, expected);
    } else {
      const lines = (text: string) => text.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
      assert.deepEqual(lines(result.stdout), lines(expected));
      assert.ok(!result.stdout.includes('", "'), 'jq-style compact separators');
    }
  });
}

test('every jqfpy golden in the fixtures has a case', () => {
  const listed = readFileSync(fixture('dictknife-jqfpy', 'README.md'), 'utf8');
  assert.ok(listed.includes('jqfpy'));
  const names = ['jqfpy-pick-squash-c', 'jqfpy-pick', 'jqfpy-urls-squash-raw', 'jqfpy-urls'];
  assert.deepEqual(GOLDENS.map((g) => g.name).sort(), names.sort());
});
