/** What every command shares through src/cli/common.ts: inputs from files and stdin, and the option declarations. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fixture, runHar } from '../helpers/cli.js';

const SAMPLE = fixture('dictknife-jqfpy', 'sample.har');
const lines = (text: string) => (text === '' ? [] : text.trimEnd().split('\n'));

test('sourcesOf: - among files reads stdin in its place', async () => {
  const result = await runHar(['urls', '--raw', SAMPLE, '-', SAMPLE], { stdin: gzipSync(readFileSync(SAMPLE)) });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(lines(result.stdout).length, 9);
});

test('sourcesOf: no file and a terminal on stdin is a usage error, not a silent wait', async () => {
  const result = await runHar(['urls'], { stdinTty: true });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^har: no input: name a HAR file, or pipe one in/);
});

test('options: a single-value option given twice keeps the last value; list options add up', async () => {
  assert.equal((await runHar(['urls', '--raw', '--url', 'nomatch', '--url', 'page', SAMPLE])).stdout, 'https://example.com/api/items?page=1\n');
  assert.equal((await runHar(['pick', 'request/method', '-f', 'tsv', '-f', 'csv', SAMPLE])).stdout.split('\r\n')[1], 'GET');
  assert.equal((await runHar(['urls', '--raw', '--status', '4xx', SAMPLE, '--status', '1xx'])).stdout, 'https://example.com/api/items\nwss://example.com/socket\n');
  assert.equal((await runHar(['get', 'log/missing', '--default', '1', '--default', '2', SAMPLE])).stdout, '2\n');
});

test('options: an option without its value, or with a value not among its choices, is a usage error (exit 2)', async () => {
  for (const args of [['urls', SAMPLE, '--url'], ['urls', SAMPLE, '--status'], ['pick', SAMPLE, '--format'], ['ws-messages', SAMPLE, '--direction']]) {
    const result = await runHar(args);
    assert.equal(result.code, 2, args.join(' '));
    assert.match(result.stderr, /^har: Not enough arguments following: (url|status|format|direction) \(see 'har (urls|pick|ws-messages) --help'\)\n$/);
  }
  const badChoice = await runHar(['pick', '--format', 'xml', SAMPLE]);
  assert.equal(badChoice.code, 2);
  assert.equal(badChoice.stderr.split('\n')[0], `har: Invalid values: Argument: format, Given: "xml", Choices: "json", "ndjson", "table", "tsv", "csv" (see 'har pick --help')`);
});
