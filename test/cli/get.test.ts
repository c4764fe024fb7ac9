import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, runHar } from '../helpers/cli.js';

const SAMPLE = fixture('dictknife-jqfpy', 'sample.har');

async function get(...args: string[]): Promise<string> {
  const result = await runHar(['get', ...args, SAMPLE]);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

// Expected outputs are jqfpy's own (research §4.5), in jq-compact form.
test('get: [] maps, nested [] gives nested arrays, --squash twice flattens', async () => {
  assert.equal(await get('log/entries[]/request/headers[]/name', '-c'), '[["Accept"],[],["Upgrade"]]\n');
  assert.equal(await get('log/entries[]/request/headers[]/name', '-c', '--squash'), '["Accept"]\n[]\n["Upgrade"]\n');
  assert.equal(await get('log/entries[]/request/headers[]/name', '-c', '--squash', '--squash'), '"Accept"\n"Upgrade"\n');
});

test('get: nulls are hidden under --squash unless --show-none', async () => {
  assert.equal(await get('log/entries[]/response/content/text', '-c'), '["{\\"items\\":[1,2,3]}",null,null]\n');
  assert.equal(await get('log/entries[]/response/content/text', '-c', '--squash'), '"{\\"items\\":[1,2,3]}"\n');
  assert.equal(
    await get('log/entries[]/response/content/text', '-c', '--squash', '--show-none'),
    '"{\\"items\\":[1,2,3]}"\nnull\nnull\n',
  );
});

test('get: ~1 unescapes to /, * takes the first child that has the next key, *[] all of them', async () => {
  assert.equal(await get('log/entries/0/_meta/content~1type', '-c'), '"a~b"\n');
  assert.equal(await get('log/*/name', '-c'), '"WebInspector"\n');
  assert.equal(await get('log/*[]/name', '-c'), '["WebInspector"]\n');
  assert.equal(await get('/log/version', '-c'), '"1.2"\n');
});

test('get: missing keys give nothing, or --default; a squashed object gives its keys', async () => {
  assert.equal(await get('log/missing', '-c'), '');
  assert.equal(await get('log/missing', '-c', '--show-none'), 'null\n');
  assert.equal(await get('log/missing', '-c', '--default', '0'), '0\n');
  assert.equal(await get('log/entries/10/request/url', '-c'), '');
  assert.equal(await get('log/creator', '-c', '--squash'), '"name"\n"version"\n');
});

test('get: where jqfpy crashes (KeyError/TypeError) har yields null or the default', async () => {
  // jqfpy: KeyError '_webSocketMessages' (exit 1)
  assert.equal(await get('log/entries[]/_webSocketMessages[]/data', '-c'), '[null,null,["hello","{\\"a\\":1}","AAEC"]]\n');
  // jqfpy: TypeError 'NoneType' object is not subscriptable
  assert.equal(await get('log/entries/0/timings/ssl/x', '-c', '--show-none'), 'null\n');
  // jqfpy: TypeError list indices must be integers
  assert.equal(await get('log/entries/0/request/headers/name', '-c', '--default', '"-"'), '"-"\n');
  // jqfpy fills misses inside [] with None, not the default; we use the default
  assert.equal(await get('log/entries[]/serverIPAddress', '-c', '--default=-'), '["93.184.216.34","-","-"]\n');
});

test('get: the whole document, and a path that is not under entries', async () => {
  const whole = JSON.parse(await get('', '-c')) as { log: { entries: unknown[] } };
  assert.equal(whole.log.entries.length, 3);
  assert.equal(await get('log/pages', '-c'), '[]\n');
});
