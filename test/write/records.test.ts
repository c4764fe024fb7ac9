import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { Output } from '../../src/write/output.js';
import { RECORD_FORMATS, tableCells, writeRecords, type RecordFormat, type RecordWriteOptions, type RowSpec } from '../../src/write/records.js';

interface Row {
  name: string;
  n: number | null;
  text: string;
  extra?: unknown;
}

const SPEC: RowSpec<Row> = {
  columns: [
    { header: 'name', value: (r) => r.name },
    { header: 'n', value: (r) => r.n, align: 'right' },
    { header: 'text', value: (r) => r.text, flexible: true },
    { header: 'extra', value: (r) => r.extra },
  ],
};

const ROWS: Row[] = [
  { name: 'a', n: 1, text: 'short' },
  { name: 'é"q', n: 12345, text: 'x'.repeat(80), extra: { k: [1, 'two'] } },
  { name: 'c,d', n: null, text: 'tab\there\nnew line\r\\', extra: true },
];

/** What writeRecords prints, through an Output on a collecting stream. */
async function written<T extends object>(records: Iterable<T> | AsyncIterable<T>, format: RecordFormat, spec: RowSpec<T>, options: RecordWriteOptions = {}): Promise<string> {
  const chunks: Buffer[] = [];
  const out = new Output(new Writable({ write: (chunk: Buffer, _encoding, done) => (chunks.push(chunk), done()) }));
  await writeRecords(out, records, format, spec, options);
  await out.flush();
  return Buffer.concat(chunks).toString('utf8');
}

async function* slowly<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) {
    await new Promise((resolve) => setImmediate(resolve));
    yield item;
  }
}

test('RECORD_FORMATS are the five row formats', () => {
  assert.deepEqual(RECORD_FORMATS, ['json', 'ndjson', 'table', 'tsv', 'csv']);
});

test('json: element by element, exactly JSON.stringify of the whole array, pretty and compact, from arrays and async streams', async () => {
  const many = Array.from({ length: 3000 }, (_, i) => ({ i, s: 'é😀'.repeat(i % 7), nested: { a: [i, null, { b: 'x\ny' }] }, gone: undefined }));
  // JSON writes records whole: the row spec has no say.
  const noColumns: RowSpec<object> = { columns: [] };
  for (const records of [ROWS, many, [{}], [{ a: [] }, { b: {} }]] as object[][]) {
    assert.equal(await written(records, 'json', noColumns), `${JSON.stringify(records, null, 2)}\n`);
    assert.equal(await written(slowly(records), 'json', noColumns, { compact: true }), `${JSON.stringify(records)}\n`);
  }
  assert.equal(await written([], 'json', SPEC), '[]\n');
  assert.equal(await written([], 'json', SPEC, { compact: true }), '[]\n');
});

test('ndjson: one compact JSON line per record, nothing for none', async () => {
  assert.equal(await written(slowly(ROWS), 'ndjson', SPEC), ROWS.map((row) => `${JSON.stringify(row)}\n`).join(''));
  assert.equal(await written([], 'ndjson', SPEC), '');
});

test('tsv: a header, jq @tsv escaping of tab, newline, CR and backslash; null empty, objects as compact JSON', async () => {
  const expected = ['name\tn\ttext\textra', 'a\t1\tshort\t', `é"q\t12345\t${'x'.repeat(80)}\t{"k":[1,"two"]}`, 'c,d\t\ttab\\there\\nnew line\\r\\\\\ttrue', ''].join('\n');
  assert.equal(await written(ROWS, 'tsv', SPEC), expected);
  assert.equal(await written(slowly(ROWS), 'tsv', SPEC, { header: false }), expected.slice(expected.indexOf('\n') + 1));
  assert.equal(await written([], 'tsv', SPEC), 'name\tn\ttext\textra\n');
});

test('csv: RFC 4180 — CRLF rows, fields with comma, quote, CR or LF quoted, quotes doubled', async () => {
  const expected = ['name,n,text,extra', 'a,1,short,', `"é""q",12345,${'x'.repeat(80)},"{""k"":[1,""two""]}"`, '"c,d",,"tab\there\nnew line\r\\",true', ''].join('\r\n');
  assert.equal(await written(ROWS, 'csv', SPEC), expected);
  assert.equal(await written(ROWS, 'csv', SPEC, { header: false }), expected.slice(expected.indexOf('\r\n') + 2));
});

test('table: plain columns, numbers right-aligned, one line per record, no trailing blanks', async () => {
  assert.equal(
    await written(ROWS, 'table', SPEC),
    [
      `name      n  ${'text'.padEnd(80)}  extra`,
      'a         1  short',
      `é"q   12345  ${'x'.repeat(80)}  {"k":[1,"two"]}`,
      `c,d          ${'tab here⏎new line\\x0d\\'.padEnd(80)}  true`,
      '',
    ].join('\n'),
  );
});

test('table: control characters from data are made visible, never written raw', async () => {
  const nasty = '\u001b]0;title\u0007\u001b[2J\r\u009b31m\u007f\u0000\u2028ok';
  const text = await written([{ name: nasty, n: 1, text: 'é' }], 'table', SPEC);
  assert.equal(text.split('\n')[1], '\\x1b]0;title\\x07\\x1b[2J\\x0d\\x9b31m\\x7f\\x00\u2028ok  1  é');
  assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  const decorated = await written([{ name: nasty, n: 1, text: 'é' }], 'table', SPEC, { decorate: true });
  // Decoration adds its own colour codes; none of the data's survive.
  assert.doesNotMatch(decorated.replace(/\u001b\[\d+m/g, ''), /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
});

const visibleWidth = (line: string) => Array.from(line.replace(/\u001b\[\d+m/g, '')).length;

for (const decorate of [false, true]) {
  test(`table${decorate ? ', decorated' : ''}: the flexible column is cut with … so every line fits the width; the others stay whole`, async () => {
    for (const width of [60, 80, 100]) {
      const lines = (await written(ROWS, 'table', SPEC, { width, decorate })).trimEnd().split('\n');
      assert.ok(lines.every((line) => visibleWidth(line) <= width), `${width}: ${lines.map(visibleWidth).join(' ')}`);
      assert.ok(lines.some((line) => visibleWidth(line) === width), `${width}: the cut column takes the room there is`);
      const long = lines.find((line) => line.includes('é"q'))!;
      assert.match(long, /12345 .*x…/);
      assert.match(long, /\{"k":\[1,"two"\]\}/);
    }
    const uncut = await written(ROWS, 'table', SPEC, { decorate });
    assert.ok(uncut.includes('x'.repeat(80)));
  });
}

test('tableCells: the flexible column gives way first (to 12 or its header), then other text columns, then it again; cuts at code points (issue 13 #15)', () => {
  const spec: RowSpec<{ a: string; b: string }> = { columns: [{ header: 'a', value: (r) => r.a }, { header: 'a-long-header-b', value: (r) => r.b, flexible: true }] };
  const cells = tableCells([{ a: 'y'.repeat(50), b: '😀'.repeat(40) }], spec, { width: 20 });
  assert.deepEqual(cells, { head: ['a', 'a-long-head…'], rows: [[`${'y'.repeat(5)}…`, `${'😀'.repeat(11)}…`]] });
  const roomy = tableCells([{ a: 'y'.repeat(10), b: '😀'.repeat(40) }], spec, { width: 40 });
  assert.deepEqual(roomy.rows, [['y'.repeat(10), `${'😀'.repeat(27)}…`]], 'the other column stays whole when there is room');
  const narrow: RowSpec<{ b: string }> = { columns: [{ header: 'b', value: (r) => r.b, flexible: true }] };
  assert.deepEqual(tableCells([{ b: 'é'.repeat(30) }], narrow, { width: 5 }).rows, [[`${'é'.repeat(4)}…`]]);
  assert.deepEqual(tableCells([{ b: 'é'.repeat(30) }], narrow).rows, [['é'.repeat(30)]]);
});
