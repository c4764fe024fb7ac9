import { after, test } from 'node:test';
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { JsonScanner } from '../../src/read/scanner.js';
import { codePointLength } from '../../src/read/code-points.js';
import { ShapeBuilder, mergeShapes, shapeOfJson } from '../../src/shape/infer.js';
import { randomInt, seededRandom } from '../helpers/random.js';
import { renderRows } from '../../src/shape/render-rows.js';
import { shapeRows, type RowOptions } from '../../src/shape/rows.js';
import { HAR_BIN, fixture, runHar, spawnHar } from '../helpers/cli.js';

/** Every file a test here writes, removed when the file's tests end. */
const dir = mkdtempSync(join(tmpdir(), 'harknife-shape-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLE = fixture('dictknife-jqfpy', 'sample.har');
const A = fixture('shape', 'a.json');
const B = fixture('shape', 'b.json');
const NESTED = fixture('shape', 'nested.json');

const ROWS: RowOptions = {
  vocabulary: 'json',
  optional: 'fixed',
  separator: '/',
  skiplist: false,
  withType: true,
  withExample: true,
  full: false,
  sort: false,
  dictknifeEscape: false,
};

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

test('default vocabulary: JSON type names, fixed ?, JSON Pointer escaping, JSON examples', async () => {
  const result = await runHar(['shape', '--any-json', '--with-type', '--with-example', SAMPLE]);
  assert.equal(result.code, 0, result.stderr);
  const out = lines(result.stdout);
  assert.ok(out.includes('log object'));
  assert.ok(out.includes('?log/entries/[]/_matrix/[]/[] null|integer|number|string 1'), 'one of the three inner arrays is empty');
  assert.ok(out.includes('?log/entries/[]/_priority null|string "High"'), 'missing from one entry: optional');
  assert.ok(out.includes('log/entries/[]/_meta/a~0b boolean true'), '~ is always escaped');
  assert.ok(out.includes('log/entries/[]/_meta/content~1type string "a~b"'));
  assert.ok(out.includes('log/entries/[]/response/redirectURL string ""'), 'no trailing space');
  assert.ok(out.includes('?log/entries/[]/response/_transferSize integer|string 1234'));
  assert.ok(out.includes('log/entries/[]/timings/ssl null|integer null'));
  // first-seen order as dictknife: cookies/[] comes after timings/wait
  assert.ok(out.indexOf('?log/entries/[]/request/cookies/[] object') > out.indexOf('log/entries/[]/timings/wait integer|number 30.25'));
});

test('the fixed ? rule for [] rows: an array path is optional when some value there has no elements', async () => {
  const result = await runHar(['shape', '--any-json'], { stdin: '{"a":[[],[1,2]],"b":[[1],[2]]}' });
  assert.deepEqual(lines(result.stdout), ['a', 'a/[]', '?a/[]/[]', 'b', 'b/[]', 'b/[]/[]']);
  const dictknife = await runHar(['shape', '--any-json', '--compat', 'dictknife'], { stdin: '{"a":[[],[1,2]],"b":[[1],[2]]}' });
  assert.deepEqual(lines(dictknife.stdout), ['a', 'a/[]', 'a/[]/[]', 'b', 'b/[]', 'b/[]/[]'], 'dictknife compares element totals');
});

test('integers and floats by their source token; big integers keep every digit', async () => {
  const input = '{"a":[1.0, 1e3, -1, 12345678901234567890],"b":[12345678901234567890123],"c":[-0, 0.5e-7]}';
  const result = await runHar(['shape', '--any-json', '--with-type', '--with-example'], { stdin: input });
  assert.deepEqual(lines(result.stdout), ['a array', 'a/[] integer|number 1.0', 'b array', 'b/[] integer 12345678901234567890123', 'c array', 'c/[] integer|number -0']);
  const compat = await runHar(['shape', '--any-json', '--compat', 'dictknife', '--with-type', '--with-example', '-o', 'json'], { stdin: '{"b":[12345678901234567890123],"c":[0.5e-7]}' });
  assert.ok(compat.stdout.includes('"example": 12345678901234567890123'));
  assert.ok(compat.stdout.includes('"example": 5e-08'), 'Python float repr');
});

test('default-mode examples are line-safe and cut at 100 characters; --full keeps them whole', async () => {
  const long = 'x'.repeat(150);
  const input = JSON.stringify({ s: 'line1\nline2', t: long, o: { k: [1, 'a'] } });
  const result = await runHar(['shape', '--any-json', '--with-example'], { stdin: input });
  assert.deepEqual(lines(result.stdout), ['o', 'o/k', 'o/k/[] 1', 's "line1\\nline2"', `t "${'x'.repeat(99)}…`]);
  const full = await runHar(['shape', '--any-json', '--with-example', '--full'], { stdin: input });
  assert.ok(lines(full.stdout).includes('o {"k":[1,"a"]}'));
  assert.ok(lines(full.stdout).includes(`t ${JSON.stringify(long)}`));
});

test('--sort: tree order with siblings by code point', async () => {
  const result = await runHar(['shape', '--any-json', '--sort', A, B]);
  assert.deepEqual(lines(result.stdout), [
    'items',
    'items/[]',
    '?items/[]/extra',
    'items/[]/id',
    '?items/[]/name',
    'items/[]/tags',
    '?items/[]/tags/[]',
    '?items/[]/when',
    'version',
  ]);
  const unsorted = await runHar(['shape', '--any-json', A, B]);
  assert.equal(lines(unsorted.stdout).at(-1), '?items/[]/extra', 'first-seen order puts extra last (seen in the second file)');
});

test('--under shapes a sub-tree: paths and ? relative to the values there; --squash and --skiplist', async () => {
  const result = await runHar(['shape', '--any-json', '--with-type', '--under', 'log/entries/[]/request', SAMPLE]);
  const out = lines(result.stdout);
  assert.equal(out[0], 'bodySize integer');
  assert.ok(out.includes('?postData object'));
  assert.ok(out.includes('?cookies/[] object'));
  assert.ok(!out.some((line) => line.startsWith('log/')));
  const headers = await runHar(['shape', '--any-json', '--skiplist', '--under', '/log/entries/[]/request/headers/[]/', SAMPLE]);
  assert.deepEqual(lines(headers.stdout), ['name', 'value']);
  const none = await runHar(['shape', '--any-json', '--under', 'log/nothing/here', SAMPLE]);
  assert.equal(none.code, 0);
  assert.equal(none.stdout, '');
  const bad = await runHar(['shape', '--any-json', '--under', 'a~b', SAMPLE]);
  assert.equal(bad.code, 3);
});

test('--under a path with no values says so on stderr', async () => {
  const result = await runHar(['shape', '--any-json', '--under', 'nope', SAMPLE]);
  assert.equal(result.code, 0);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, 'har: no values at --under nope\n');
  assert.equal((await runHar(['shape', '--any-json', '--under', 'log/creator', SAMPLE])).stderr, '');
});

test('--expand-json: JSON inside strings is shaped under (json); --under can hop into it', async () => {
  const result = await runHar(['shape', '--any-json', '--expand-json', '--with-type', NESTED]);
  const out = lines(result.stdout);
  assert.ok(out.includes('frames/[]/data string'));
  assert.ok(out.includes('?frames/[]/data/(json) object|array'), '3 of 5 strings are JSON');
  assert.ok(out.includes('?frames/[]/data/(json)/header object'));
  assert.ok(out.includes('frames/[]/data/(json)/header/msg_type string'));
  assert.ok(out.includes('?frames/[]/data/(json)/content/text string'));
  assert.ok(out.includes('?frames/[]/data/(json)/[] integer|number'));
  const under = await runHar(['shape', '--any-json', '--expand-json', '--with-type', '--with-example', '--under', 'frames/[]/data/(json)/header', NESTED]);
  assert.deepEqual(lines(under.stdout), ['msg_id string "x1"', 'msg_type string "status"']);
  const sample = await runHar(['shape', '--any-json', '--expand-json', '--with-type', SAMPLE]);
  assert.ok(lines(sample.stdout).includes('log/entries/[]/_webSocketMessages/[]/data/(json)/a integer'));
  assert.ok(lines(sample.stdout).includes('log/entries/[]/response/content/text/(json)/items/[] integer'));
});

test('-o json|csv|tsv|md|yaml in the default vocabulary', async () => {
  const json = await runHar(['shape', '--any-json', '--with-type', '--with-example', '-o', 'json', A]);
  const rows = JSON.parse(json.stdout) as { path: string; type: string | string[]; example?: unknown }[];
  assert.ok(json.stdout.endsWith(']\n'));
  assert.deepEqual(rows[2], { path: 'items/[]/id', type: 'integer', example: 1 });
  const csv = await runHar(['shape', '--any-json', '--with-type', '--with-example', '-o', 'csv', A]);
  assert.equal(lines(csv.stdout)[0], 'path,type,example\r');
  assert.ok(csv.stdout.includes('?items/[]/when,string,2024-01-01\r\n'));
  const tsv = await runHar(['shape', '--any-json', '--with-type', '-o', 'tsv', A]);
  assert.ok(tsv.stdout.startsWith('path\ttype\nitems\tarray\n'));
  const md = await runHar(['shape', '--any-json', '--with-type', '--with-example', '-o', 'md', A]);
  assert.ok(md.stdout.startsWith('| path | type | example |\n| :--- | :--- | ---: |\n'));
  const yaml = await runHar(['shape', '--any-json', '--with-type', '--with-example', '-o', 'yaml', A]);
  assert.ok(yaml.stdout.includes("- path: ?items/[]/when\n  type: string\n  example: '2024-01-01'\n"), 'a date-like string is quoted');
  assert.ok(yaml.stdout.includes("- path: version\n  type: string\n  example: '1'\n"));
});

test('several inputs pool their counts; stdin and gzip read like files', async () => {
  const both = await runHar(['shape', '--any-json', '--with-type', A, B]);
  assert.ok(lines(both.stdout).includes('items/[]/id integer|string'));
  const gz = join(dir, 'sample.har.gz');
  writeFileSync(gz, gzipSync(readFileSync(SAMPLE)));
  const plain = await runHar(['shape', '--any-json', '--with-type', '--with-example', SAMPLE]);
  const zipped = await runHar(['shape', '--any-json', '--with-type', '--with-example', gz]);
  const piped = await runHar(['shape', '--any-json', '--with-type', '--with-example', '-'], { stdin: readFileSync(SAMPLE) });
  assert.equal(zipped.stdout, plain.stdout);
  assert.equal(piped.stdout, plain.stdout);
});

test('--diff lists added, removed and retyped paths and exits 1; identical shapes exit 0', async () => {
  const result = await runHar(['shape', '--any-json', '--diff', A, B]);
  assert.equal(result.code, 1);
  assert.deepEqual(lines(result.stdout), [
    '+ items/[]/extra: optional boolean',
    '~ items/[]/id: integer -> integer|string',
    '~ items/[]/name: string -> optional string',
    '~ items/[]/tags/[]: optional string -> string',
    '- items/[]/when: optional string',
  ]);
  const json = await runHar(['shape', '--any-json', '--diff', '-o', 'json', A, B]);
  assert.equal(json.code, 1);
  assert.deepEqual((JSON.parse(json.stdout) as { change: string }[]).map((c) => c.change), ['added', 'changed', 'changed', 'changed', 'removed']);
  const same = await runHar(['shape', '--any-json', '--diff', SAMPLE, SAMPLE]);
  assert.equal(same.code, 0);
  assert.equal(same.stdout, '');
  const one = await runHar(['shape', '--any-json', '--diff', SAMPLE]);
  assert.equal(one.code, 2);
});

test('--stats: presence n/N, nulls, type histogram, distinct and top values, ranges, examples', async () => {
  const result = await runHar(['shape', '--any-json', '--stats', '-o', 'json', SAMPLE]);
  assert.equal(result.code, 0, result.stderr);
  const stats = JSON.parse(result.stdout) as Record<string, unknown>[];
  const at = (path: string) => stats.find((row) => row['path'] === path)!;
  assert.deepEqual(at('log/entries/[]/request/method'), {
    path: 'log/entries/[]/request/method',
    optional: false,
    count: 3,
    of: 3,
    nulls: 0,
    types: { string: 3 },
    distinct: 2,
    top: [
      { value: 'GET', count: 2 },
      { value: 'POST', count: 1 },
    ],
    minLength: 3,
    maxLength: 4,
    examples: ['"GET"', '"POST"'],
  });
  const priority = at('log/entries/[]/_priority');
  assert.equal(priority['optional'], true);
  assert.equal(priority['count'], 2);
  assert.equal(priority['of'], 3);
  assert.equal(priority['nulls'], 1);
  const time = at('log/entries/[]/_webSocketMessages/[]/time');
  assert.deepEqual(time['types'], { integer: 1, number: 2 });
  assert.equal(time['min'], 1704067202.123);
  assert.equal(time['max'], 1704067203);
  const headers = at('log/entries/[]/request/headers/[]');
  assert.equal(headers['nonEmpty'], 2);
  assert.equal(at('log/entries/[]/request/headers')['maxItems'], 1);

  const text = await runHar(['shape', '--any-json', '--stats', SAMPLE]);
  const row = lines(text.stdout).find((line) => line.startsWith('log/entries/[]/request/method '))!;
  assert.match(row, /3\/3 +string×3 +2 +"GET"×2 "POST"×1 +len 3\.\.4/);
  const tty = await runHar(['shape', '--any-json', '--stats', SAMPLE], { tty: true });
  assert.ok(tty.stdout.includes('┌'), 'cli-table3 borders on a terminal');
  const multiline = await runHar(['shape', '--any-json', '--stats'], { stdin: '{"s":"a\\nb"}' });
  assert.ok(lines(multiline.stdout)[1]!.includes('"a\\nb"'), 'examples are line-safe');
});

test('bad input: one line with the location; exit 5 for not JSON, 4 for unreadable', async () => {
  const bad = await runHar(['shape', '--any-json'], { stdin: '{"a": [1, 2,, 3]}' });
  assert.equal(bad.code, 5);
  assert.match(bad.stderr, /^har: <stdin>: not valid JSON: .* \(byte 12\)\n$/);
  const empty = await runHar(['shape', '--any-json'], { stdin: '' });
  assert.equal(empty.code, 5);
  const missing = await runHar(['shape', '--any-json', '/nonexistent/x.har']);
  assert.equal(missing.code, 4);
  writeFileSync(join(dir, 'bad.json'), '{\n  "a": tru\n}');
  const located = await runHar(['shape', '--any-json', join(dir, 'bad.json')]);
  assert.equal(located.code, 5);
  assert.match(located.stderr, /line 2 column/);
});

test('library: chunk boundaries do not matter, and mergeShapes equals reading both', () => {
  const text = readFileSync(SAMPLE);
  const whole = shapeOfJson([text], { examples: true });
  const builder = new ShapeBuilder({ examples: true });
  const scanner = new JsonScanner(builder.listener());
  for (let i = 0; i < text.length; i += 7) scanner.write(text.subarray(i, i + 7));
  scanner.end();
  const render = (shape: typeof whole) => renderRows(shapeRows(shape, ROWS), 'text', { compat: false, withType: true, withExample: true, full: false });
  assert.equal(render(builder.shape), render(whole));

  const a = readFileSync(A);
  const b = readFileSync(B);
  assert.equal(render(mergeShapes(shapeOfJson([a], { examples: true }), shapeOfJson([b], { examples: true }))), render(shapeOfJson([a, b], { examples: true })));
});

test('streams in bounded memory: a 40 MB document under a 40 MB heap', () => {
  const file = join(dir, 'big.har');
  const entry = (i: number) =>
    JSON.stringify({
      startedDateTime: '2024-01-01T00:00:00.000Z',
      request: { method: i % 3 === 0 ? 'POST' : 'GET', url: `https://example.com/api/${i}`, headers: [{ name: 'Accept', value: '*/*' }] },
      response: { status: i % 7 === 0 ? 404 : 200, content: { size: 2000, text: 'y'.repeat(2000 + (i % 13)) } },
      time: i % 2 === 0 ? i : i + 0.5,
    });
  const parts: string[] = [];
  for (let i = 0; i < 18_000; i++) parts.push(entry(i));
  writeFileSync(file, `{"log":{"version":"1.2","entries":[${parts.join(',')}]}}`);
  const result = spawnSync(process.execPath, ['--max-old-space-size=40', HAR_BIN, 'shape', '--with-type', file], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.ok(result.stdout.includes('log/entries/[]/time integer|number\n'));
  assert.ok(result.stdout.includes('log/entries/[]/response/content/text string\n'));
});

/** Runs har in a child under a heap cap; its peak RSS (bytes) is written at exit by a preloaded probe. */
function cappedHar(argv: string[], heapMb: number): { status: number | null; stdout: string; stderr: string; rss: number } {
  const probe = join(dir, 'rss-probe.mjs');
  const report = join(dir, `rss-${process.hrtime.bigint()}.txt`);
  writeFileSync(probe, "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.RSS_REPORT, String(process.resourceUsage().maxRSS * 1024)));\n");
  const result = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, '--import', probe, HAR_BIN, ...argv], { encoding: 'utf8', env: { ...process.env, RSS_REPORT: report }, maxBuffer: 1 << 26 });
  let rss = Infinity;
  try {
    rss = Number(readFileSync(report, 'utf8'));
  } catch {
    // The child died before its exit hook (out of memory): no figure.
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, rss };
}

test('issue 13 #5: a 100 MB string is counted, never held: examples, stats and lengths under a 48 MB heap and 200 MiB RSS', () => {
  const file = join(dir, 'big-url.har');
  const size = 100 * 2 ** 20;
  writeFileSync(file, `{"log":{"entries":[{"request":{"url":"http://big.test/${'a'.repeat(size)}é"},"response":{"status":200}}]}}`);
  try {
    const run = cappedHar(['shape', '--stats', '-f', 'json', '--under', 'log/entries/[]/request', file], 48);
    assert.equal(run.status, 0, run.stderr.slice(0, 500));
    const [url] = JSON.parse(run.stdout) as { path: string; minLength: number; maxLength: number; examples: string[] }[];
    assert.deepEqual([url!.path, url!.minLength, url!.maxLength], ['url', size + 17, size + 17]);
    assert.equal(url!.examples[0], `"http://big.test/${'a'.repeat(44)}"…`);
    assert.ok(run.rss < 200 * 2 ** 20, `peak RSS ${Math.round(run.rss / 2 ** 20)} MiB`);
    const examples = cappedHar(['shape', '--with-type', '--with-example', '-f', 'json', file], 48);
    assert.equal(examples.status, 0, examples.stderr.slice(0, 500));
    const rows = JSON.parse(examples.stdout) as { path: string; example?: string }[];
    const example = rows.find((row) => row.path === 'log/entries/[]/request/url')!.example!;
    assert.equal(example, `http://big.test/${'a'.repeat(4096 - 16)}…`, 'the example is the first 4 KiB, marked cut');
    assert.ok(examples.rss < 200 * 2 ** 20, `peak RSS ${Math.round(examples.rss / 2 ** 20)} MiB`);
  } finally {
    rmSync(file, { force: true });
  }
});

test('issue 13 #5: --expand-json says once that strings too long to expand are left as plain strings', async () => {
  const file = join(dir, 'big-frame.har');
  const frame = JSON.stringify({ type: 'receive', time: 1, opcode: 1, data: JSON.stringify({ text: 'x'.repeat(17 * 2 ** 20) }) });
  const small = JSON.stringify({ type: 'receive', time: 2, opcode: 1, data: '{"msg_type":"status"}' });
  writeFileSync(file, `{"log":{"entries":[{"request":{"url":"ws://h/"},"_webSocketMessages":[${frame},${small},${frame}]}]}}`);
  try {
    const result = await runHar(['shape', '--expand-json', '--with-type', file]);
    assert.equal(result.code, 0);
    assert.equal(
      result.stderr,
      `har: ${file}: 2 string(s) over 16 MiB left as plain strings, not expanded by --expand-json (the first: ${17 * 2 ** 20 + 15} bytes at log/entries/[]/_webSocketMessages/[]/data)\n`,
    );
    assert.ok(lines(result.stdout).includes('log/entries/[]/_webSocketMessages/[]/data/(json)/msg_type string'), 'shorter strings are still expanded');
    assert.ok(!result.stdout.includes('(json)/text'));
  } finally {
    rmSync(file, { force: true });
  }
});

test('the real binary: har shape exits 0 and prints to stdout', () => {
  const result = spawnHar(['shape', '--any-json', '--compat', 'dictknife', '--skiplist', SAMPLE]);
  assert.equal(result.code, 0);
  assert.ok(result.stdout.startsWith('log\nlog/creator\n'));
});

test('string lengths are counted in characters from the raw bytes, escapes included (fuzzed)', () => {
  const random = seededRandom(4);
  const alphabet = ['a', 'é', '中', '😀', '\n', '"', '\\', '\u0001', '\ud800', '\udc00', '/', '\u2028'];
  for (let round = 0; round < 2000; round++) {
    let text = '';
    for (let i = randomInt(random, 12); i > 0; i--) text += alphabet[randomInt(random, alphabet.length)]!;
    // JSON.stringify writes lone surrogates as \udxxx; mix in \u escapes of plain characters too.
    let raw = JSON.stringify(text).slice(1, -1);
    if (random() < 0.3) raw = raw.replace(/a/g, '\\u0061').replace(/😀/g, '\\ud83d\\ude00');
    const bytes = Buffer.from(raw, 'utf8');
    const expected = [...(JSON.parse(`"${raw}"`) as string)].length;
    assert.equal(codePointLength(bytes, 0, bytes.length, raw.includes('\\')), expected, raw);
  }
});
