import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HAR_BIN, ROOT, fixture, runHar, spawnHar } from '../helpers/cli.js';

const SAMPLE = fixture('dictknife-jqfpy', 'sample.har');
const dir = mkdtempSync(join(tmpdir(), 'harknife-cmd-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const hasJq = spawnSync('jq', ['--version']).status === 0;

test('urls: --raw lines, JSON array by default, --unique, --count', async () => {
  assert.equal((await runHar(['urls', '--raw', SAMPLE])).stdout, 'https://example.com/api/items?page=1\nhttps://example.com/api/items\nwss://example.com/socket\n');
  assert.deepEqual(JSON.parse((await runHar(['urls', SAMPLE])).stdout), [
    'https://example.com/api/items?page=1',
    'https://example.com/api/items',
    'wss://example.com/socket',
  ]);
  const twice = await runHar(['urls', '--raw', '--unique', SAMPLE, SAMPLE]);
  assert.equal(twice.stdout.split('\n').length, 4);
  const counted = JSON.parse((await runHar(['urls', '--count', '-c', SAMPLE, SAMPLE, SAMPLE])).stdout) as { url: string; count: number }[];
  assert.deepEqual(counted[0], { url: 'https://example.com/api/items?page=1', count: 3 });
  assert.equal(counted.length, 3);
  assert.equal((await runHar(['urls', '--count', '--raw', SAMPLE])).stdout.split('\n')[0], '1\thttps://example.com/api/items?page=1');
});

test('urls: --unique and --count together are a usage error', async () => {
  assert.equal((await runHar(['urls', '--unique', '--count', SAMPLE])).code, 2);
});

test('urls --raw prints exactly what jq -r .log.entries[].request.url prints', { skip: hasJq ? false : 'jq is not installed' }, () => {
  const entries = Array.from({ length: 500 }, (_, i) => ({
    request: { url: `https://h${i % 7}.test/p/${i}?q=${'é中😀'.repeat(i % 3)}`, method: i % 2 ? 'POST' : 'GET' },
    response: { status: 200 + (i % 5), content: { text: 'x'.repeat(i * 10) } },
  }));
  const path = join(dir, 'many.har');
  writeFileSync(path, JSON.stringify({ log: { version: '1.2', entries } }, null, 2));
  const jq = spawnSync('jq', ['-r', '.log.entries[].request.url', path]).stdout.toString('utf8');
  assert.equal(spawnHar(['urls', '--raw', path]).stdout, jq);
  const jqTsv = spawnSync('jq', ['-r', '.log.entries[] | "\\(.request.url)\\t\\(.request.method)\\t\\(.response.status)"', path]).stdout.toString();
  assert.equal(spawnHar(['pick', '--format', 'tsv', '--no-header', path]).stdout, jqTsv);
});

test('entry filters combine with AND: --url, --method, --status, --mime, --type', async () => {
  const raw = async (...filters: string[]) => (await runHar(['urls', '--raw', ...filters, SAMPLE])).stdout;
  assert.equal(await raw('--method', 'post'), 'https://example.com/api/items\n');
  assert.equal(await raw('--status', '4xx'), 'https://example.com/api/items\n');
  assert.equal(await raw('--status', '100-199,404'), 'https://example.com/api/items\nwss://example.com/socket\n');
  assert.equal(await raw('--type', 'websocket'), 'wss://example.com/socket\n');
  assert.equal(await raw('--mime', 'json'), 'https://example.com/api/items?page=1\n');
  assert.equal(await raw('--url', 'items', '--method', 'GET'), 'https://example.com/api/items?page=1\n');
  assert.equal(await raw('--url', '^nomatch'), '');
  const bad = await runHar(['urls', '--url', '(', SAMPLE]);
  assert.equal(bad.code, 3);
  assert.match(bad.stderr, /^har: bad --url regular expression/);
  assert.equal((await runHar(['urls', '--status', 'abc', SAMPLE])).code, 2, 'a bad option value is a usage error');
  assert.equal((await runHar(['ws-messages', '--opcode', 'x', SAMPLE])).code, 2);
});

test('pick: formats json, ndjson, tsv, csv, table; renames with name@path', async () => {
  const ndjson = (await runHar(['pick', '--format', 'ndjson', SAMPLE])).stdout.trim().split('\n');
  assert.equal(ndjson[1], '{"request":{"url":"https://example.com/api/items","method":"POST"},"response":{"status":404}}');
  const renamed = await runHar(['pick', 'url@request/url', 'status@response/status', 'ip@serverIPAddress', SAMPLE, '--format', 'ndjson']);
  assert.equal(renamed.stdout.split('\n')[1], '{"url":"https://example.com/api/items","status":404,"ip":null}');
  const jqfpyOrder = await runHar(['pick', 'request/url@url', 'response/status@status', SAMPLE, '--format', 'ndjson']);
  assert.equal(jqfpyOrder.stdout.split('\n')[2], '{"url":"wss://example.com/socket","status":101}');
  const tsv = (await runHar(['pick', 'request/method', 'response/status', SAMPLE, '--format', 'tsv'])).stdout;
  assert.equal(tsv, 'request/method\tresponse/status\nGET\t200\nPOST\t404\nGET\t101\n');
  const csv = (await runHar(['pick', 'request/url', 'request/headers[]/name', SAMPLE, '--format', 'csv'])).stdout;
  assert.equal(csv.split('\r\n')[1], 'https://example.com/api/items?page=1,"[""Accept""]"');
  const table = (await runHar(['pick', SAMPLE, '--format', 'table'])).stdout;
  assert.match(table, /request\/url\s+request\/method\s+response\/status/);
  assert.match(table, /wss:\/\/example\.com\/socket\s+GET\s+101/);
  assert.equal((await runHar(['pick', SAMPLE])).stdout, readFileSync(fixture('dictknife-jqfpy', 'jqfpy-pick.stdout'), 'utf8'), 'json when piped');
  assert.match((await runHar(['pick', SAMPLE], { tty: true })).stdout, /┌/, 'a bordered table on a terminal');
  assert.doesNotMatch((await runHar(['pick', SAMPLE], { tty: true, env: { NO_COLOR: '1' } })).stdout, /\u001b\[/, 'NO_COLOR');
});

test('pick: __proto__ in an output path makes an own key, never a prototype change', async () => {
  const result = await runHar(['pick', '__proto__/x@request/method', SAMPLE, '-f', 'ndjson']);
  assert.equal(result.stdout.split('\n')[0], '{"__proto__":{"x":"GET"}}');
  assert.equal(({} as Record<string, unknown>)['x'], undefined);
});

test('query: JSONPath results, --squash --raw, --paths', async () => {
  assert.equal((await runHar(['query', '$..request.url', '--squash', '--raw', SAMPLE])).stdout, 'https://example.com/api/items?page=1\nhttps://example.com/api/items\nwss://example.com/socket\n');
  assert.equal((await runHar(['query', '$.log.entries[?(@.response.status>=400)].request.method', '-c', SAMPLE])).stdout, '["POST"]\n');
  assert.equal((await runHar(['query', '$.log.creator.name', '--paths', '--squash', '--raw', SAMPLE])).stdout, "$['log']['creator']['name']\n");
});

test('query: a filter that tries to run code is refused with exit 3 and runs nothing', async () => {
  for (const expression of [
    '$..[?(@.constructor.constructor("return process")().exit(99))]',
    '$.log.entries[?(@.__proto__)]',
    "$..[?(@['constructor'])]",
  ]) {
    const result = await runHar(['query', expression, SAMPLE]);
    assert.equal(result.code, 3, expression);
    assert.match(result.stderr, /^har: refused JSONPath/);
  }
  const notPath = await runHar(['query', 'log.entries', SAMPLE]);
  assert.equal(notPath.code, 3);
});

test('query: unbalanced brackets, parentheses or quotes are a bad expression (exit 3); inside quotes they are text', async () => {
  for (const expression of ['$[', '$.log.entries[0', "$..[?(@.x=='a)]"]) {
    const result = await runHar(['query', expression, SAMPLE]);
    assert.equal(result.code, 3, expression);
    assert.match(result.stderr, /unbalanced brackets, parentheses or quotes/);
  }
  assert.equal((await runHar(['query', "$..[?(@.name=='x]')]", SAMPLE])).stderr.includes('unbalanced'), false);
});

test('query: a filter meeting null values skips them instead of failing the query', async () => {
  const result = await runHar(['query', '$..[?(@.mimeType=="image/png")]', '--paths', '-c', `${ROOT}samples/notebook6-session.har`]);
  assert.equal(result.code, 0, result.stderr);
  const paths = JSON.parse(result.stdout) as string[];
  assert.ok(paths.length >= 1 && paths.every((p) => p.endsWith("['response']['content']")), result.stdout);
});

test('entries: a table by default on a terminal, JSON when piped, URLs cut to the terminal width', async () => {
  const json = JSON.parse((await runHar(['entries', SAMPLE])).stdout) as { index: number; start_ms: number; method: string; status: number; size: number; url: string }[];
  assert.deepEqual(
    json.map((e) => [e.index, e.start_ms, e.method, e.status, e.size]),
    [[0, 0, 'GET', 200, 1234], [1, 1000, 'POST', 404, 0], [2, 2000, 'GET', 101, 0]],
  );
  const table = (await runHar(['entries', SAMPLE], { tty: true, columns: 95 })).stdout;
  assert.match(table, /…/);
  for (const line of table.trimEnd().split('\n')) {
    const visible = line.replace(/\u001b\[[0-9;]*m/g, '');
    assert.ok(visible.length <= 95, `${visible.length}: ${visible}`);
  }
  const ndjson = (await runHar(['entries', '--format', 'ndjson', '--type', 'websocket', SAMPLE])).stdout;
  assert.equal(ndjson.trim().split('\n').length, 1);
});

test('stats: groups by host, status class, type and mime with p50/p95/max', async () => {
  const report = JSON.parse((await runHar(['stats', SAMPLE])).stdout) as {
    entries: number;
    groups: Record<string, { key: string; count: number; p50_ms: number; max_ms: number }[]>;
  };
  assert.equal(report.entries, 3);
  assert.deepEqual(report.groups['host']!.map((g) => [g.key, g.count, g.p50_ms, g.max_ms]), [['example.com', 3, 10, 44.3]]);
  assert.deepEqual(report.groups['status']!.map((g) => g.key), ['1xx', '2xx', '4xx']);
  const table = (await runHar(['stats', '--format', 'table', SAMPLE])).stdout;
  assert.match(table, /^3 entries/);
  assert.match(table, /example\.com\s+3/);
});

test('help lists every option with examples; unknown commands and options are usage errors with a suggestion', async () => {
  const help = await runHar(['--help']);
  assert.equal(help.code, 0);
  for (const command of ['entries', 'get', 'pick', 'query', 'stats', 'urls']) assert.match(help.stdout, new RegExp(`har ${command}`));
  assert.match(help.stdout, /Exit codes:/);
  const urlsHelp = await runHar(['urls', '--help']);
  assert.match(urlsHelp.stdout, /--unique/);
  assert.match(urlsHelp.stdout, /Examples:/);
  const unknownCommand = await runHar(['urlz']);
  assert.equal(unknownCommand.code, 2);
  assert.match(unknownCommand.stderr, /unknown command "urlz"\. Did you mean urls\?/);
  const unknownOption = await runHar(['urls', '--uniqe', SAMPLE]);
  assert.equal(unknownOption.code, 2);
  assert.match(unknownOption.stderr, /--uniqe \(did you mean --unique\?\)/);
  // `har` alone prints the help (issue 13 #20), as gh does.
  const bare = await runHar([]);
  assert.equal(bare.code, 0);
  assert.equal(bare.stdout, help.stdout);
  const version = await runHar(['--version']);
  assert.equal(version.stdout.trim(), JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version);
});

test('har urls --raw big.har | head -1 exits 0 silently (EPIPE)', async () => {
  const entries = Array.from({ length: 200_000 }, (_, i) => ({ request: { url: `https://x.test/${i}` } }));
  const path = join(dir, 'big.har');
  writeFileSync(path, JSON.stringify({ log: { entries } }));
  const child = spawn(process.execPath, [HAR_BIN, 'urls', '--raw', path]);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const first = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())));
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(first.split('\n')[0], 'https://x.test/0');
  assert.equal(code, 0);
  assert.equal(stderr, '');
});

test('progress goes to stderr only when it is a terminal, and is cleared at the end', async () => {
  const entries = Array.from({ length: 2000 }, (_, i) => ({ request: { url: `https://x.test/${i}` }, response: { content: { text: 'y'.repeat(30_000) } } }));
  const path = join(dir, 'progress.har');
  writeFileSync(path, JSON.stringify({ log: { entries } }));
  const onTerminal = await runHar(['urls', '--raw', path], { stderrTty: true });
  assert.match(onTerminal.stderr, /reading .*progress\.har \d+% \(\d+ of 60 MB\)/);
  assert.ok(onTerminal.stderr.endsWith('\r\u001b[K'));
  assert.equal(onTerminal.stdout.split('\n').length, 2001);
  const piped = await runHar(['urls', '--raw', path]);
  assert.equal(piped.stderr, '');
});
