import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { harChunks } from '../../src/record/write-har.js';
import { startNetworkLog } from '../../src/record/session.js';
import type { FrameRecord } from '../../src/ws/frames.js';
import { iterEntryFrames } from '../../src/ws/frames.js';
import { buildConversations, decodeFrameRecord } from '../../src/kernel/index.js';
import { readTape, tapedConnection } from './tape.js';
import { HarRedaction, checkHar } from '../../src/redact/index.js';
import { bufferSource } from '../../src/read/input.js';

type Json = Record<string, any>;

const SAMPLE = new URL('../../../samples/notebook6-session.har', import.meta.url);

async function replay(redaction?: HarRedaction): Promise<{ text: string; har: Json; live: FrameRecord[]; lostBodies: number }> {
  const tape = readTape();
  const { cdp, play } = tapedConnection(tape);
  const live: FrameRecord[] = [];
  const log = await startNetworkLog(cdp, { onFrame: (frame) => live.push(frame) });
  await play();
  await log.settle();
  const text = [...harChunks(log, { name: 'WebInspector', version: '537.36' }, redaction)].join('');
  return { text, har: JSON.parse(text) as Json, live, lostBodies: log.lostBodies };
}

const recorded = await replay();
const tape = readTape();
const entries: Json[] = recorded.har['log'].entries;
const kernelSockets = entries.filter((e) => e['_resourceType'] === 'websocket' && /\/api\/kernels\/[^/]+\/channels/.test(e['request'].url));

test('the written text is two-space JSON, as DevTools writes it', () => {
  assert.equal(recorded.text, `${JSON.stringify(recorded.har, null, 2)}\n`);
  assert.equal(recorded.har['log'].version, '1.2');
  assert.deepEqual(recorded.har['log'].creator, { name: 'WebInspector', version: '537.36' });
});

test('the reload starts a second page; entries on both sides of it point at their page', () => {
  const pages: Json[] = recorded.har['log'].pages;
  assert.deepEqual(pages.map((p) => p['id']), ['page_1', 'page_2']);
  assert.match(pages[0]!['title'], /\/notebooks\/session\.ipynb\?token=/);
  assert.match(pages[1]!['title'], /\/notebooks\/session\.ipynb$/);
  for (const page of pages) {
    assert.ok(page['pageTimings'].onContentLoad > 0 && page['pageTimings'].onLoad >= page['pageTimings'].onContentLoad, JSON.stringify(page));
    const own = entries.filter((e) => e['pageref'] === page['id']);
    assert.ok(own.some((e) => e['_resourceType'] === 'document'), `${page['id']} has its document`);
    assert.ok(own.some((e) => e['_resourceType'] === 'script'), `${page['id']} has scripts`);
  }
  assert.equal(kernelSockets.length, 2, 'one kernel WebSocket per page load');
  assert.deepEqual(kernelSockets.map((e) => e['pageref']), ['page_1', 'page_2']);
  assert.ok(entries.every((e) => e['pageref'] === 'page_1' || e['pageref'] === 'page_2'));
});

test('entries, requests, responses and timings have the keys of a DevTools export, in its order', () => {
  const sample: Json[] = JSON.parse(readFileSync(SAMPLE, 'utf8')).log.entries;
  const keys = (o: Json | undefined) => Object.keys(o ?? {});
  const contentKeys = (e: Json) => keys(e['response'].content).filter((k) => !['text', 'encoding', 'comment'].includes(k));
  let compared = 0;
  for (const type of ['document', 'stylesheet', 'script', 'xhr', 'websocket']) {
    const theirs = sample.find((e) => e['_resourceType'] === type && e['_fromCache'] === undefined);
    const ours = entries.find((e) => e['_resourceType'] === type && e['_fromCache'] === undefined && e['response'].status !== 304);
    assert.ok(theirs && ours, type);
    assert.deepEqual(keys(ours), keys(theirs), `${type} entry keys`);
    assert.deepEqual(keys(ours['request']), keys(theirs['request']), `${type} request keys`);
    assert.deepEqual(keys(ours['response']), keys(theirs['response']), `${type} response keys`);
    assert.deepEqual(contentKeys(ours), contentKeys(theirs), `${type} content keys`);
    assert.deepEqual(keys(ours['timings']), keys(theirs['timings']), `${type} timing keys`);
    compared++;
  }
  assert.equal(compared, 5);
});

test('sizes follow DevTools: header text lengths, body size = transfer - headers, no compression on localhost', () => {
  const document = entries.find((e) => e['_resourceType'] === 'document')!;
  const response = document['response'];
  const headerText = `${response.httpVersion} ${response.status} ${response.statusText}\r\n${response.headers.map((h: Json) => `${h['name']}: ${h['value']}\r\n`).join('')}\r\n`;
  assert.equal(response.headersSize, headerText.length);
  assert.equal(response.bodySize, response._transferSize - response.headersSize);
  assert.equal(response.content.compression, 0);
  assert.equal(response.content.size, Number(response.headers.find((h: Json) => h['name'] === 'Content-Length').value));
  const request = document['request'];
  const url = new URL(request.url);
  const requestText = `GET ${url.pathname}${url.search} HTTP/1.1\r\n${request.headers.map((h: Json) => `${h['name']}: ${h['value']}\r\n`).join('')}`;
  assert.equal(request.headersSize, requestText.length);
  assert.deepEqual(request.queryString.map((q: Json) => q['name']), ['token']);
  for (const e of entries) assert.ok(e['time'] >= 0 && Number.isFinite(e['time']), `time of ${e['request'].url}`);
});

test('bodies were asked for at loadingFinished: every HTTP response with a body has its text (304s from the cache too)', () => {
  const missing = entries.filter((e) => e['_resourceType'] !== 'websocket' && e['response'].content.text === undefined);
  // A font served from the memory cache is the one body Chromium cannot give (DevTools has none either).
  assert.deepEqual(missing.map((e) => [e['_resourceType'], e['_fromCache']]), [['font', 'memory']]);
  assert.equal(recorded.lostBodies, 1);
  const notModified = entries.filter((e) => e['response'].status === 304);
  assert.ok(notModified.length > 0, 'the reload revalidated cached files');
  assert.ok(notModified.every((e) => typeof e['response'].content.text === 'string' && e['response'].content.text.length > 0));
  const sessions = entries.find((e) => e['request'].method === 'POST' && e['request'].url.endsWith('/api/sessions'))!;
  assert.equal(sessions['request'].postData.mimeType, 'application/json');
  assert.match(sessions['request'].postData.text, /"path":"session\.ipynb"/);
  assert.equal(sessions['request'].bodySize, Buffer.byteLength(sessions['request'].postData.text));
});

test('WebSocket frames are in DevTools form: epoch-second times, opcodes, text payloads', () => {
  for (const socket of kernelSockets) {
    const frames: Json[] = socket['_webSocketMessages'];
    assert.ok(frames.length > 0);
    assert.equal(socket['response'].status, 101);
    let last = 0;
    for (const frame of frames) {
      assert.deepEqual(Object.keys(frame), ['type', 'time', 'opcode', 'data']);
      assert.ok(frame['type'] === 'send' || frame['type'] === 'receive');
      assert.ok(frame['time'] > 1.7e9 && frame['time'] < 1e11, `epoch seconds: ${frame['time']}`);
      assert.ok(frame['time'] >= last);
      last = frame['time'];
      assert.equal(frame['opcode'], 1);
    }
  }
});

test('--live printed exactly what har ws-messages prints for the written file', () => {
  const fromFile: FrameRecord[] = [];
  entries.forEach((entry, i) => {
    for (const item of iterEntryFrames(entry, i)) if (item.kind === 'frame') fromFile.push(item.frame);
  });
  assert.ok(fromFile.length > 20);
  assert.deepEqual(recorded.live, fromFile);
  // and the live records of the real session, as taped, have the same shape and payloads
  assert.deepEqual(
    tape.live.map((r) => [r['type'], r['opcode'], r['data']]),
    fromFile.map((r) => [r.type, r.opcode, r.data]),
  );
});

test('the recording decodes into one finished conversation per cell, on both sides of the reload', () => {
  const report = buildConversations(recorded.live.map((frame) => decodeFrameRecord(frame)));
  const executes = report.conversations.filter((c) => c.msg_type === 'execute_request');
  assert.deepEqual(executes.map((c) => c.code), [...tape.cells.beforeReload, ...tape.cells.afterReload]);
  for (const c of executes) {
    assert.equal(c.status, 'ok', c.code ?? '');
    assert.ok(c.times.reply !== null && c.times.idle !== null, `${c.code}: reply and idle`);
    assert.equal(c.done, true);
  }
  assert.deepEqual(new Set(executes.map((c) => c.connection.entry)).size, 2, 'the cells ran on the two page loads\' sockets');
});

test('written through HarRedaction, the file holds no token or cookie and passes the --check gate, and still decodes', async () => {
  const token = /[?&]token=([0-9a-f]{48})/.exec(recorded.text)?.[1];
  assert.ok(token !== undefined && recorded.text.includes(token), 'the taped session has its token');
  const redaction = new HarRedaction();
  const redacted = await replay(redaction);
  assert.ok(!redacted.text.includes(token), 'no token');
  assert.ok(!/_xsrf=2\|/.test(redacted.text), 'no _xsrf cookie value');
  assert.ok(redaction.report.redactions > 10, `${redaction.report.redactions} redactions`);
  assert.equal(redaction.report.entries, entries.length);
  const check = await checkHar(bufferSource('recorded.har', Buffer.from(redacted.text)));
  assert.equal(check.redactions, 0, JSON.stringify(check.places.slice(0, 5)));
  const frames: FrameRecord[] = [];
  (redacted.har['log'].entries as Json[]).forEach((entry, i) => {
    for (const item of iterEntryFrames(entry, i)) if (item.kind === 'frame') frames.push(item.frame);
  });
  const report = buildConversations(frames.map((frame) => decodeFrameRecord(frame)));
  assert.deepEqual(
    report.conversations.filter((c) => c.msg_type === 'execute_request').map((c) => [c.code, c.status]),
    [...tape.cells.beforeReload, ...tape.cells.afterReload].map((code) => [code, 'ok']),
  );
});
