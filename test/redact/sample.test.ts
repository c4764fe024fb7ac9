/**
 * Issue 12's done-when on the real capture with its secrets intact (samples/notebook6-secrets.*):
 * none of the planted secrets survive anywhere, the output is a valid HAR with every entry and
 * frame, it decodes to the same conversations, and --check is 0 on the output, 1 on the input and
 * on Chrome's own sanitized export of the same session.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { redactHarFile } from '../../src/redact/index.js';
import { main as kernelDecode } from '../../src/cli/kernel-decode.js';
import { allStrings } from '../helpers/strings.js';
import { ROOT, runHar, runMain } from '../helpers/cli.js';

const SAMPLE = `${ROOT}samples/notebook6-secrets.har`;
const SANITIZED = `${ROOT}samples/notebook6-secrets.sanitized.har`;
interface Planted {
  name: string;
  value: string;
  count: number;
  places: string[];
}
const planted = (JSON.parse(readFileSync(`${ROOT}samples/notebook6-secrets.meta.json`, 'utf8')) as { planted: Planted[] }).planted;
const dir = mkdtempSync(join(tmpdir(), 'harknife-redact-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const output = join(dir, 'out.har');
const report = await redactHarFile(SAMPLE, output, { salt: 'test' });
const outputText = readFileSync(output, 'utf8');

interface Har {
  log: { entries: { _webSocketMessages?: unknown[] }[]; pages?: unknown[] };
}
const parse = (text: string): Har => JSON.parse(text) as Har;


test('the sample plants a token, cookies, _xsrf, a JWT and a password, each present in the input', () => {
  const names = planted.map((secret) => secret.name);
  for (const expected of ['jupyter token', 'cookie _xsrf', 'JWT', 'password']) assert.ok(names.includes(expected), expected);
  const input = allStrings(readFileSync(SAMPLE, 'utf8'));
  for (const secret of planted) assert.ok(input.includes(secret.value), `${secret.name} is in the input`);
  const token = planted.find((secret) => secret.name === 'jupyter token')!;
  for (const place of ['/log/pages/0/title', '/log/entries/0/request/url', '/log/entries/0/request/queryString/0/value', '/log/entries/0/response/content/text']) {
    assert.ok(token.places.includes(place), `token at ${place}`);
  }
});

test('the planted list is what the capture script computes from the committed files', async () => {
  const { plantedSecrets } = (await import(`${ROOT}scripts/capture/lib/secrets.mjs`)) as { plantedSecrets: (har: unknown, token: string, cells: unknown[]) => Planted[] };
  const token = planted.find((secret) => secret.name === 'jupyter token')!.value;
  const cells = JSON.parse(readFileSync(`${ROOT}samples/notebook6-secrets.cells.json`, 'utf8')) as unknown[];
  assert.deepEqual(plantedSecrets(JSON.parse(readFileSync(SAMPLE, 'utf8')), token, cells), planted);
});

test('redact leaves none of the planted secrets anywhere, decoded base64 included', () => {
  const text = allStrings(outputText);
  for (const secret of planted) assert.ok(!text.includes(secret.value), `${secret.name} survived redaction`);
  assert.ok(report.redactions >= planted.reduce((sum, secret) => sum + secret.count, 0) / 2);
  assert.doesNotMatch(JSON.stringify(report), new RegExp(planted.map((secret) => secret.value.replace(/[|\\^$.*+?()[\]{}]/g, '\\$&')).join('|')));
});

test('the output keeps every entry, page and frame', () => {
  const before = parse(readFileSync(SAMPLE, 'utf8'));
  const afterRedaction = parse(outputText);
  assert.equal(afterRedaction.log.entries.length, before.log.entries.length);
  assert.equal(afterRedaction.log.pages?.length, before.log.pages?.length);
  const frames = (har: Har): number[] => har.log.entries.map((entry) => entry._webSocketMessages?.length ?? -1);
  assert.deepEqual(frames(afterRedaction), frames(before));
  assert.equal(report.entries, before.log.entries.length);
});

test('the output validates and decodes to the same conversations, secrets aside', async () => {
  const validation = await runHar(['validate', output]);
  assert.equal(validation.code, 0, validation.stdout + validation.stderr);
  const conversations = async (file: string): Promise<string> => (await runMain(kernelDecode, ['--conversations', file])).stdout;
  let input = await conversations(SAMPLE);
  for (const secret of planted) input = input.split(secret.value).join('REDACTED');
  const redacted = (await conversations(output)).replace(/REDACTED-[0-9a-f]{12}/g, 'REDACTED');
  assert.equal(redacted, input);
  assert.ok(input.split('\n').length > 5);
});

test('--check: 0 on the output, 1 on the input and on Chrome\'s sanitized export', async () => {
  const clean = await runHar(['redact', '--check', output]);
  assert.equal(clean.code, 0, clean.stdout);
  assert.equal(clean.stdout, '');
  assert.equal(clean.stderr, "");
  const input = await runHar(['redact', '--check', '-f', 'tsv', SAMPLE]);
  assert.equal(input.code, 1);
  assert.match(input.stdout, /\/log\/entries\/0\/request\/url\tkey=value/);
  const sanitized = await runHar(['redact', '--check', '-f', 'tsv', SANITIZED]);
  assert.equal(sanitized.code, 1);
  // Chrome's sanitized export drops cookies and Authorization but keeps the token and the frames' secrets.
  assert.match(sanitized.stdout, /\/log\/pages\/0\/title\tkey=value/);
  assert.match(sanitized.stdout, /_webSocketMessages\/\d+\/data\/content\/text\tjwt/);
  assert.doesNotMatch(sanitized.stdout, /\tcookie\t/);
});

test('redacting the output again changes nothing', async () => {
  const again = join(dir, 'again.har');
  const second = await redactHarFile(output, again, { salt: 'other' });
  assert.equal(second.redactions, 0);
  assert.equal(readFileSync(again, 'utf8'), outputText);
});

test('the same salt gives the same placeholders; without one, a run has its own key', async () => {
  const same = join(dir, 'same.har');
  await redactHarFile(SAMPLE, same, { salt: 'test' });
  assert.equal(readFileSync(same, 'utf8'), outputText);
  const random = join(dir, 'random.har');
  await redactHarFile(SAMPLE, random);
  assert.notEqual(readFileSync(random, 'utf8'), outputText);
});
