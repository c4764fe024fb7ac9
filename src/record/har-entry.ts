/**
 * A RecordedRequest → a HAR entry in DevTools' own shape (devtools-frontend
 * front_end/models/har/Log.ts and Writer.ts): the same fields, the same key order as its
 * export, the same timing arithmetic, bodies with astral characters written as base64.
 */
import type { Headers, ResourceTiming } from './cdp-events.js';
import { parseSetCookie, requestCookie, type HarCookie } from './cookies.js';
import type { PageLoad } from './network-log.js';
import { pseudoWallTime, type RecordedRequest } from './recorded-request.js';

export interface HarHeader {
  name: string;
  value: string;
}

export interface HarTimings {
  blocked: number;
  dns: number;
  ssl: number;
  connect: number;
  send: number;
  wait: number;
  receive: number;
  _blocked_queueing: number;
  _blocked_proxy?: number;
  _workerStart?: number;
  _workerReady?: number;
  _workerFetchStart?: number;
  _workerRespondWithSettled?: number;
}

export interface HarPage {
  startedDateTime: string;
  id: string;
  title: string;
  pageTimings: { onContentLoad: number; onLoad: number };
}

/** Typed loosely on purpose: this is the document that gets written, key order included. */
export type HarEntryJson = Record<string, unknown>;

export function harHeaders(headers: Headers): HarHeader[] {
  const result: HarHeader[] = [];
  for (const [name, value] of Object.entries(headers)) {
    // CDP joins repeated headers (Set-Cookie) with newlines; DevTools writes one item each.
    for (const line of value.split('\n')) result.push({ name, value: line });
  }
  return result;
}

export function harPage(page: PageLoad): HarPage {
  const main = page.mainRequest;
  const eventTime = (time: number) => (time === -1 || main.startTime === -1 ? -1 : (time - main.startTime) * 1000);
  return {
    startedDateTime: isoSeconds(pseudoWallTime(main, main.startTime)),
    id: `page_${page.id}`,
    title: main.url,
    pageTimings: { onContentLoad: eventTime(page.contentLoadTime), onLoad: eventTime(page.loadTime) },
  };
}

export function harEntry(request: RecordedRequest): HarEntryJson {
  const timings = harTimings(request);
  let time = 0;
  for (const t of [timings.blocked, timings.dns, timings.connect, timings.send, timings.wait, timings.receive]) time += Math.max(t, 0);
  const portAt = request.remoteAddress.lastIndexOf(':');
  const connection = portAt === -1 ? undefined : request.remoteAddress.slice(portAt + 1);
  const ip = (portAt === -1 ? request.remoteAddress : request.remoteAddress.slice(0, portAt)).replace(/[[\]]/g, '');
  const entry: HarEntryJson = {
    _initiator: initiator(request),
    _priority: request.priority,
    _resourceType: request.resourceType,
    cache: {},
    connection,
    request: harRequest(request),
    response: harResponse(request),
    serverIPAddress: ip,
    startedDateTime: isoSeconds(pseudoWallTime(request, request.issueTime)),
    time,
    timings,
  };
  if (request.fromMemoryCache || request.fromDiskCache) entry['_fromCache'] = request.fromMemoryCache ? 'memory' : 'disk';
  if (request.connectionId !== '0') entry['_connectionId'] = request.connectionId;
  if (request.pageId !== null) entry['pageref'] = `page_${request.pageId}`;
  if (request.isWebSocket) entry['_webSocketMessages'] = request.frames.map((f) => ({ type: f.type, time: f.time, opcode: f.opcode, data: f.data }));
  return entry;
}

function initiator(request: RecordedRequest): Record<string, unknown> | null {
  const source = request.initiator;
  if (source === null) return null;
  const result: Record<string, unknown> = { type: source.type };
  if (source.url !== undefined) result['url'] = source.url;
  if (source.requestId !== undefined) result['requestId'] = source.requestId;
  if (source.lineNumber !== undefined) result['lineNumber'] = source.lineNumber;
  if (source.stack !== undefined) result['stack'] = source.stack;
  return result;
}

function harRequest(request: RecordedRequest): Record<string, unknown> {
  const url = request.url.split('#', 1)[0] ?? request.url;
  const headersText = requestHeadersText(request, url);
  const result: Record<string, unknown> = {
    method: request.method,
    url,
    httpVersion: httpVersionOf(headersText, request.protocol),
    headers: harHeaders(request.requestHeaders),
    queryString: parseParameters(new URL(url).search.slice(1)),
    cookies: request.requestCookies.map(requestCookie),
    headersSize: headersText === null ? -1 : headersText.length,
    bodySize: request.postData === null ? 0 : Buffer.byteLength(request.postData, 'utf8'),
  };
  if (request.postData !== null) {
    const mimeType = headerValue(request.requestHeaders, 'content-type') ?? '';
    const postData: Record<string, unknown> = { mimeType, text: request.postData };
    if (/^application\/x-www-form-urlencoded/i.test(mimeType)) postData['params'] = parseParameters(request.postData);
    result['postData'] = postData;
  }
  return result;
}

/**
 * CDP gives no request header text for HTTP/1.x; DevTools rebuilds it (request line and header
 * lines) to report headersSize, and so do we. Other protocols have none.
 */
function requestHeadersText(request: RecordedRequest, url: string): string | null {
  if (request.requestHeadersText !== null) return request.requestHeadersText;
  if (!request.hasExtraRequestInfo || !/^http\/1/i.test(request.protocol)) return null;
  const target = new URL(url);
  const lines = [`${request.method} ${target.pathname}${target.search} ${request.protocol.toUpperCase()}`];
  for (const header of harHeaders(request.requestHeaders)) lines.push(`${header.name}: ${header.value}`);
  return `${lines.join('\r\n')}\r\n`;
}

function harResponse(request: RecordedRequest): Record<string, unknown> {
  const headersText = request.responseHeadersText;
  const cached = request.fromMemoryCache || request.fromDiskCache;
  const bodySize = cached || request.status === 304 ? 0 : !headersText ? -1 : request.transferSize - headersText.length;
  const content: Record<string, unknown> = { size: request.resourceSize, mimeType: request.mimeType || 'x-unknown' };
  if (!cached && request.status !== 304 && request.status !== 206 && headersText) content['compression'] = request.resourceSize - bodySize;
  const body = request.body;
  if (body !== null) {
    const encode = !body.base64Encoded && needsEncoding(body.body);
    content['text'] = encode ? Buffer.from(body.body, 'utf8').toString('base64') : body.body;
    if (body.base64Encoded || encode) content['encoding'] = 'base64';
  }
  return {
    status: request.status,
    statusText: request.statusText,
    httpVersion: httpVersionOf(headersText || null, request.protocol),
    headers: harHeaders(request.responseHeaders),
    cookies: responseCookies(request),
    content,
    redirectURL: headerValue(request.responseHeaders, 'location') ?? '',
    headersSize: headersText ? headersText.length : -1,
    bodySize,
    _transferSize: request.transferSize,
    _error: request.error,
    _fetchedViaServiceWorker: request.fromServiceWorker,
  };
}

function responseCookies(request: RecordedRequest): HarCookie[] {
  const lines = headerValue(request.responseHeaders, 'set-cookie');
  if (lines === undefined) return [];
  let host = '';
  try {
    host = new URL(request.url).hostname;
  } catch {
    // keep '' for a URL the WHATWG parser refuses
  }
  const now = pseudoWallTime(request, request.startTime) * 1000;
  return lines.split('\n').flatMap((line) => parseSetCookie(line, host, now) ?? []);
}

/** Port of DevTools' Log.Entry.buildTimings (milliseconds; -1 for phases that did not happen). */
export function harTimings(request: RecordedRequest): HarTimings {
  const timing: ResourceTiming | null = request.timing;
  const queued = request.issueTime < request.startTime ? (request.startTime - request.issueTime) * 1000 : -1;
  const result: HarTimings = { blocked: queued, dns: -1, ssl: -1, connect: -1, send: 0, wait: 0, receive: 0, _blocked_queueing: queued };
  let highest = 0;
  if (timing !== null) {
    const blockedStart = leastNonNegative([timing.dnsStart, timing.connectStart, timing.sendStart]);
    if (blockedStart !== Infinity) result.blocked += blockedStart;
    if (timing.proxyEnd !== -1) result._blocked_proxy = timing.proxyEnd - timing.proxyStart;
    if (result._blocked_proxy !== undefined && result._blocked_proxy > result.blocked) result.blocked = result._blocked_proxy;
    const dnsStart = timing.dnsEnd >= 0 ? blockedStart : 0;
    const dnsEnd = timing.dnsEnd >= 0 ? timing.dnsEnd : -1;
    result.dns = dnsEnd - dnsStart;
    const sslStart = timing.sslEnd > 0 ? timing.sslStart : 0;
    const sslEnd = timing.sslEnd > 0 ? timing.sslEnd : -1;
    result.ssl = sslEnd - sslStart;
    const connectStart = timing.connectEnd >= 0 ? leastNonNegative([dnsEnd, blockedStart]) : 0;
    const connectEnd = timing.connectEnd >= 0 ? timing.connectEnd : -1;
    result.connect = connectEnd - connectStart;
    const sendStart = timing.sendEnd >= 0 ? Math.max(connectEnd, dnsEnd, blockedStart) : 0;
    const sendEnd = timing.sendEnd >= 0 ? timing.sendEnd : 0;
    result.send = Math.max(sendEnd - sendStart, 0);
    highest = Math.max(sendEnd, connectEnd, sslEnd, dnsEnd, blockedStart, 0);
    result._workerStart = timing.workerStart;
    result._workerReady = timing.workerReady;
    result._workerFetchStart = timing.workerFetchStart;
    result._workerRespondWithSettled = timing.workerRespondWithSettled;
  } else if (request.responseReceivedTime === -1) {
    result.blocked = request.endTime === -1 ? -1 : (request.endTime - request.issueTime) * 1000;
    return result;
  }
  const requestTime = timing !== null ? timing.requestTime : request.startTime;
  const waitEnd = (request.responseReceivedTime - requestTime) * 1000;
  result.wait = waitEnd - highest;
  const receiveEnd = request.endTime === -1 ? waitEnd : (request.endTime - requestTime) * 1000;
  result.receive = Math.max(receiveEnd - waitEnd, 0);
  return result;
}

function leastNonNegative(values: number[]): number {
  return values.reduce((best, value) => (value >= 0 && value < best ? value : best), Infinity);
}

/** `name=value&…` without decoding, as DevTools lists query and form parameters. */
function parseParameters(text: string): HarHeader[] {
  if (text === '') return [];
  return text.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return eq === -1 ? { name: pair, value: '' } : { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
  });
}

function headerValue(headers: Headers, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

function httpVersionOf(headersText: string | null, protocol: string): string {
  if (headersText !== null && headersText !== '') {
    const match = /(HTTP\/\d+\.\d+)/.exec(headersText.split('\r\n', 1)[0] ?? '');
    return match?.[1] ?? 'HTTP/0.9';
  }
  const version = protocol.replace(/^http\/2(\.0)?\+quic/, 'http/2+quic');
  return version === 'h2' ? 'http/2.0' : version;
}

/** DevTools base64-encodes text bodies holding surrogates or non-characters. */
function needsEncoding(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const valid = c < 0xd800 || (c >= 0xe000 && c < 0xfdd0) || (c > 0xfdef && c <= 0x10ffff && (c & 0xfffe) !== 0xfffe);
    if (!valid) return true;
  }
  return false;
}

function isoSeconds(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  return Number.isNaN(date.getTime()) ? new Date(0).toISOString() : date.toISOString();
}
