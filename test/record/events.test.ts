/** Event orders that a short real session may not show: redirects, extra info first, failures, frame errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NetworkLog } from '../../src/record/network-log.js';
import { harEntry, harTimings } from '../../src/record/har-entry.js';
import { newRecordedRequest } from '../../src/record/recorded-request.js';
import type { ResourceTiming } from '../../src/record/cdp-events.js';

type Json = Record<string, any>;

function newLog(frames: unknown[] = []) {
  return new NetworkLog({
    mainFrameId: 'MAIN',
    fetchBody: async ({ requestId }) => ({ body: `body of ${requestId}`, base64Encoded: false }),
    fetchPostData: async () => 'late post data',
    onFrame: (request, frame, index) => frames.push([request.entryIndex, index, frame.type]),
  });
}

const request = (url: string, extra: Json = {}) => ({ url, method: 'GET', headers: { Accept: '*/*' }, ...extra });
const response = (url: string, status: number, extra: Json = {}) => ({ url, status, statusText: 'X', headers: {}, mimeType: 'text/html', protocol: 'http/1.1', ...extra });

test('a redirect keeps its hop as an entry of its own, and the navigation stays one page named after where it ended', async () => {
  const log = newLog();
  log.handle('Network.requestWillBeSent', { requestId: 'R', loaderId: 'R', frameId: 'MAIN', type: 'Document', request: request('http://h/'), timestamp: 10, wallTime: 1000, initiator: { type: 'other' } });
  log.handle('Network.requestWillBeSent', {
    requestId: 'R', loaderId: 'R', frameId: 'MAIN', type: 'Document', request: request('http://h/tree'), timestamp: 10.5, wallTime: 1000.5, initiator: { type: 'other' },
    redirectResponse: response('http://h/', 302, { headers: { Location: '/tree' } }),
  });
  log.handle('Network.responseReceived', { requestId: 'R', timestamp: 11, type: 'Document', response: response('http://h/tree', 200) });
  log.handle('Network.loadingFinished', { requestId: 'R', timestamp: 11.2, encodedDataLength: 50 });
  await log.settle();
  const [hop, final] = log.requests.map((r) => harEntry(r) as Json);
  assert.equal(hop!['response'].status, 302);
  assert.equal(hop!['response'].redirectURL, '/tree');
  assert.equal(hop!['response'].content.text, undefined, 'no body asked for a redirect');
  assert.equal(final!['response'].content.text, 'body of R');
  assert.equal(log.pages.length, 1);
  assert.equal(log.pages[0]!.mainRequest.url, 'http://h/tree');
  assert.deepEqual([hop!['pageref'], final!['pageref']], ['page_1', 'page_1']);
  assert.equal(hop!['startedDateTime'], new Date(1000 * 1000).toISOString());
});

test('extra info that arrives before its request still lands on it; post data can come later', async () => {
  const log = newLog();
  log.handle('Network.requestWillBeSentExtraInfo', {
    requestId: 'P',
    headers: { Cookie: 'a=1', 'Content-Type': 'application/x-www-form-urlencoded' },
    associatedCookies: [
      { blockedReasons: [], cookie: { name: 'a', value: '1', domain: 'h', path: '/', expires: -1, httpOnly: false, secure: false, session: true } },
      { blockedReasons: ['SameSiteStrict'], cookie: { name: 'b', value: '2', domain: 'h', path: '/', expires: -1, httpOnly: false, secure: false, session: true } },
    ],
  });
  log.handle('Network.responseReceivedExtraInfo', { requestId: 'P', headers: { 'Set-Cookie': 'c=3; Path=/\nd=4' }, headersText: 'HTTP/1.1 200 OK\r\nSet-Cookie: c=3; Path=/\r\nSet-Cookie: d=4\r\n\r\n' });
  log.handle('Network.requestWillBeSent', { requestId: 'P', loaderId: 'L', frameId: 'MAIN', type: 'XHR', request: request('http://h/api?x=1&y', { method: 'POST', hasPostData: true }), timestamp: 1, wallTime: 100, initiator: { type: 'script' } });
  log.handle('Network.responseReceived', { requestId: 'P', timestamp: 1.1, type: 'XHR', response: response('http://h/api', 200, { headers: { 'content-type': 'x' } }) });
  log.handle('Network.loadingFinished', { requestId: 'P', timestamp: 1.2, encodedDataLength: 100 });
  await log.settle();
  const entry = harEntry(log.requests[0]!) as Json;
  assert.deepEqual(entry['request'].cookies.map((c: Json) => c['name']), ['a'], 'blocked cookies are not sent');
  assert.deepEqual(entry['request'].headers, [{ name: 'Cookie', value: 'a=1' }, { name: 'Content-Type', value: 'application/x-www-form-urlencoded' }]);
  assert.deepEqual(entry['request'].postData, { mimeType: 'application/x-www-form-urlencoded', text: 'late post data', params: [{ name: 'late post data', value: '' }] });
  assert.deepEqual(entry['request'].queryString, [{ name: 'x', value: '1' }, { name: 'y', value: '' }]);
  assert.deepEqual(entry['response'].headers.map((h: Json) => h['value']), ['c=3; Path=/', 'd=4'], 'the raw headers of the extra info win');
  assert.deepEqual(entry['response'].cookies.map((c: Json) => c['name']), ['c', 'd']);
  const headersText = 'HTTP/1.1 200 OK\r\nSet-Cookie: c=3; Path=/\r\nSet-Cookie: d=4\r\n\r\n';
  assert.equal(entry['response'].headersSize, headersText.length);
  assert.equal(entry['response'].bodySize, 100 - headersText.length);
  assert.equal(entry['pageref'], undefined, 'no page before the first navigation (as DevTools attached mid-session)');
});

test('failed requests, data: URLs and frame errors', async () => {
  const frames: unknown[] = [];
  const log = newLog(frames);
  log.handle('Network.requestWillBeSent', { requestId: 'D', loaderId: 'L', request: request('data:image/png;base64,AA=='), timestamp: 1, wallTime: 100, initiator: { type: 'parser' } });
  log.handle('Network.requestWillBeSent', { requestId: 'F', loaderId: 'L', type: 'Fetch', request: request('http://h/missing'), timestamp: 1, wallTime: 100, initiator: { type: 'script' } });
  log.handle('Network.loadingFailed', { requestId: 'F', timestamp: 1.5, errorText: 'net::ERR_CONNECTION_REFUSED' });
  log.handle('Network.webSocketCreated', { requestId: 'W', url: 'ws://h/socket' });
  log.handle('Network.webSocketWillSendHandshakeRequest', { requestId: 'W', timestamp: 2, wallTime: 200, request: { headers: { Upgrade: 'websocket' } } });
  log.handle('Network.webSocketHandshakeResponseReceived', { requestId: 'W', timestamp: 2.1, response: { status: 101, statusText: 'Switching Protocols', headers: { 'Sec-WebSocket-Protocol': 'v1.kernel.websocket.jupyter.org' }, headersText: 'HTTP/1.1 101 Switching Protocols\r\n\r\n' } });
  log.handle('Network.webSocketFrameReceived', { requestId: 'W', timestamp: 2.5, response: { opcode: 2, mask: false, payloadData: 'AAEC' } });
  log.handle('Network.webSocketFrameError', { requestId: 'W', timestamp: 3, errorMessage: 'boom' });
  log.handle('Network.webSocketClosed', { requestId: 'W', timestamp: 4 });
  await log.settle();
  assert.deepEqual(log.requests.map((r) => r.url), ['http://h/missing', 'ws://h/socket'], 'data: URLs are not exported');
  const [failed, socket] = log.requests.map((r) => harEntry(r) as Json);
  assert.equal(failed!['response'].status, 0);
  assert.equal(failed!['response']._error, 'net::ERR_CONNECTION_REFUSED');
  assert.equal(failed!['response'].content.mimeType, 'x-unknown');
  assert.equal(failed!['timings'].blocked, 500, 'a request that never got a response was all blocked');
  assert.deepEqual(socket!['_webSocketMessages'], [
    { type: 'receive', time: 200.5, opcode: 2, data: 'AAEC' },
    { type: 'error', time: 201, opcode: -1, data: 'boom' },
  ]);
  const handshake = 'HTTP/1.1 101 Switching Protocols\r\n\r\n'.length;
  assert.equal(socket!['response'].bodySize, -handshake, 'DevTools: transfer size 0 minus the header text');
  assert.equal(socket!['response'].content.compression, handshake);
  assert.deepEqual(socket!['timings'], { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 500, receive: 1500, _blocked_queueing: -1 }, 'wait runs to the last data frame, receive to the close');
  assert.deepEqual(frames, [[1, 0, 'receive'], [1, 1, 'error']]);
  // attached mid-session: a socket whose creation was not seen has no entry; its frames are counted
  log.handle('Network.webSocketFrameReceived', { requestId: 'OLD', timestamp: 5, response: { opcode: 1, mask: false, payloadData: '{}' } });
  assert.equal(log.framesOfUnseenSockets, 1);
  assert.equal(log.frameCount, 2);
});

test('timings follow DevTools\' arithmetic over ResourceTiming (connect counts from the first phase, as DevTools does)', () => {
  const r = newRecordedRequest('T', 0, 'http://h/', null);
  Object.assign(r, { issueTime: 100, startTime: 100.004, responseReceivedTime: 100.05, endTime: 100.06, hasResponse: true });
  const timing: ResourceTiming = {
    requestTime: 100.004, proxyStart: -1, proxyEnd: -1, dnsStart: 1, dnsEnd: 3, connectStart: 3, connectEnd: 10, sslStart: -1, sslEnd: -1,
    workerStart: -1, workerReady: -1, workerFetchStart: -1, workerRespondWithSettled: -1, sendStart: 11, sendEnd: 12, receiveHeadersEnd: 40,
  };
  r.timing = timing;
  const t = harTimings(r);
  const close = (a: number, b: number) => Math.abs(a - b) < 1e-6;
  assert.ok(close(t.blocked, 4 + 1) && close(t._blocked_queueing, 4), JSON.stringify(t));
  assert.ok(close(t.dns, 2) && close(t.connect, 9) && t.ssl === -1 && close(t.send, 2), JSON.stringify(t));
  assert.ok(close(t.wait, 46 - 12) && close(t.receive, 10), JSON.stringify(t));
});

test('after stop(), events change nothing: what is written is what was counted and shown live', async () => {
  const frames: unknown[] = [];
  const log = newLog(frames);
  log.handle('Network.webSocketCreated', { requestId: 'W', url: 'ws://h/socket' });
  log.handle('Network.webSocketFrameSent', { requestId: 'W', timestamp: 1, response: { opcode: 1, mask: true, payloadData: 'a' } });
  log.stop();
  log.handle('Network.webSocketFrameSent', { requestId: 'W', timestamp: 2, response: { opcode: 1, mask: true, payloadData: 'b' } });
  log.handle('Network.requestWillBeSent', { requestId: 'X', loaderId: 'L', request: request('http://h/late'), timestamp: 2, wallTime: 200, initiator: { type: 'other' } });
  assert.equal(log.requests.length, 1);
  assert.equal(log.frameCount, 1);
  assert.deepEqual(frames, [[0, 0, 'send']]);
});
