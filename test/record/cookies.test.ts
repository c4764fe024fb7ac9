import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSetCookie, requestCookie } from '../../src/record/cookies.js';

type Json = Record<string, any>;
const SAMPLE = new URL('../../../samples/notebook6-session.har', import.meta.url);

test('Set-Cookie lines parse into the response cookies DevTools exported for them', () => {
  const entries: Json[] = JSON.parse(readFileSync(SAMPLE, 'utf8')).log.entries;
  let compared = 0;
  for (const entry of entries) {
    const lines = entry['response'].headers.filter((h: Json) => h['name'].toLowerCase() === 'set-cookie').map((h: Json) => h['value']);
    if (lines.length === 0) continue;
    const host = new URL(entry['request'].url).hostname;
    const parsed = lines.map((line: string) => parseSetCookie(line, host, Date.parse(entry['startedDateTime'])));
    assert.deepEqual(parsed, entry['response'].cookies);
    compared += lines.length;
  }
  assert.ok(compared >= 2, `compared ${compared} cookies`);
});

test('Max-Age wins over Expires; attributes are case-insensitive; junk lines are skipped', () => {
  const now = Date.UTC(2026, 0, 1);
  assert.deepEqual(parseSetCookie('a=1; Expires=Thu, 31 Dec 2026 15:07:08 GMT; max-age=60; SECURE; samesite=Lax; Path=/x; Domain=.example.org', 'h', now), {
    name: 'a',
    value: '1',
    path: '/x',
    domain: '.example.org',
    expires: '2026-01-01T00:01:00.000Z',
    httpOnly: false,
    secure: true,
    sameSite: 'Lax',
  });
  assert.equal(parseSetCookie('no-equals-sign', 'h', now), null);
  assert.equal(parseSetCookie('=value', 'h', now), null);
});

test('a request cookie from CDP: epoch seconds become a date, session cookies have none', () => {
  const base = { name: 'n', value: 'v', domain: '127.0.0.1', path: '/', httpOnly: true, secure: false };
  assert.equal(requestCookie({ ...base, expires: 1798729628.5 }).expires, '2026-12-31T15:07:08.500Z');
  assert.equal(requestCookie({ ...base, expires: -1, session: true }).expires, null);
  assert.deepEqual(Object.keys(requestCookie({ ...base, expires: -1, sameSite: 'Strict' })), ['name', 'value', 'path', 'domain', 'expires', 'httpOnly', 'secure', 'sameSite']);
});
