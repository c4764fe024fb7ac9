import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kernelRequestOf } from '../../src/views/connections-http.js';
import type { HarEntry } from '../../src/read/har.js';

function entry(method: string, url: string): HarEntry {
  return { startedDateTime: '2026-01-01T00:00:00.000Z', time: 12.5, request: { method, url }, response: { status: 204 } } as unknown as HarEntry;
}

test('the REST requests that act on kernels and sessions, and nothing else', () => {
  const base = 'http://127.0.0.1:8888';
  const cases: [string, string, string | null, string | null, string | null][] = [
    ['POST', `${base}/api/kernels/abc/interrupt?token=x`, 'interrupt', 'abc', null],
    ['POST', `${base}/user/ada/api/kernels/abc/restart`, 'restart', 'abc', null],
    ['DELETE', `${base}/api/kernels/abc`, 'shutdown', 'abc', null],
    ['POST', `${base}/api/kernels`, 'start', null, null],
    ['DELETE', `${base}/api/sessions/s1`, 'session-delete', null, 's1'],
    ['POST', `${base}/api/sessions`, 'session-start', null, null],
    ['GET', `${base}/api/kernels/abc`, null, null, null],
    ['GET', `${base}/api/kernels/abc/interrupt`, null, null, null],
    ['POST', `${base}/api/contents/x.ipynb`, null, null, null],
  ];
  for (const [method, url, action, kernel, session] of cases) {
    const request = kernelRequestOf('f.har', 3, entry(method, url));
    assert.deepEqual(request === null ? null : [request.action, request.kernel_id, request.session_id], action === null ? null : [action, kernel, session], `${method} ${url}`);
  }
  const interrupt = kernelRequestOf('f.har', 3, entry('post', `${base}/api/kernels/abc/interrupt?token=secret`))!;
  assert.deepEqual([interrupt.method, interrupt.path, interrupt.ms, interrupt.status, interrupt.duration_ms], ['POST', '/api/kernels/abc/interrupt', Date.parse('2026-01-01T00:00:00.000Z'), 204, 12.5]);
});

test('entries without a method or URL, or with a bad URL, are not kernel requests', () => {
  assert.equal(kernelRequestOf('f.har', 0, {} as HarEntry), null);
  assert.equal(kernelRequestOf('f.har', 0, entry('POST', 'http://[bad')), null);
});
