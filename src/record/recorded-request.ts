/**
 * What the recorder knows about one request (or one WebSocket) as its CDP events arrive: the
 * fields DevTools' `SDK.NetworkRequest` keeps for its HAR writer, and nothing else.
 */
import type { CdpCookie, Headers, Initiator, ResourceTiming, ResponseBody } from './cdp-events.js';

export interface RecordedFrame {
  type: 'send' | 'receive' | 'error';
  /** Epoch seconds (DevTools' pseudo wall time of the CDP timestamp). */
  time: number;
  opcode: number;
  data: string;
}

export interface RecordedRequest {
  requestId: string;
  /** The frame that made the request (for bodies served from the memory cache). */
  frameId: string | null;
  /** Position in the written `log.entries` (entries are kept in the order they were created). */
  entryIndex: number;
  isWebSocket: boolean;
  url: string;
  method: string;
  requestHeaders: Headers;
  requestHeadersText: string | null;
  hasExtraRequestInfo: boolean;
  requestCookies: CdpCookie[];
  postData: string | null;
  initiator: Initiator | null;
  priority: string | null;
  /** DevTools' resource type name: document, script, xhr, websocket, … */
  resourceType: string;
  /** CDP monotonic seconds. */
  issueTime: number;
  /** Epoch seconds at issueTime; null when CDP gave none. */
  wallIssueTime: number | null;
  startTime: number;
  responseReceivedTime: number;
  endTime: number;
  timing: ResourceTiming | null;
  hasResponse: boolean;
  status: number;
  statusText: string;
  responseHeaders: Headers;
  responseHeadersText: string | null;
  hasExtraResponseInfo: boolean;
  mimeType: string;
  protocol: string;
  remoteAddress: string;
  connectionId: string;
  fromDiskCache: boolean;
  fromMemoryCache: boolean;
  fromServiceWorker: boolean;
  transferSize: number;
  resourceSize: number;
  error: string | null;
  finished: boolean;
  body: ResponseBody | null;
  frames: RecordedFrame[];
  pageId: number | null;
}

export function newRecordedRequest(requestId: string, entryIndex: number, url: string, pageId: number | null): RecordedRequest {
  return {
    requestId,
    frameId: null,
    entryIndex,
    isWebSocket: false,
    url,
    method: 'GET',
    requestHeaders: {},
    requestHeadersText: null,
    hasExtraRequestInfo: false,
    requestCookies: [],
    postData: null,
    initiator: null,
    priority: null,
    resourceType: 'other',
    issueTime: -1,
    wallIssueTime: null,
    startTime: -1,
    responseReceivedTime: -1,
    endTime: -1,
    timing: null,
    hasResponse: false,
    status: 0,
    statusText: '',
    responseHeaders: {},
    responseHeadersText: null,
    hasExtraResponseInfo: false,
    mimeType: '',
    protocol: '',
    remoteAddress: '',
    connectionId: '0',
    fromDiskCache: false,
    fromMemoryCache: false,
    fromServiceWorker: false,
    transferSize: 0,
    resourceSize: 0,
    error: null,
    finished: false,
    body: null,
    frames: [],
    pageId,
  };
}

/** DevTools' `pseudoWallTime`: a CDP monotonic time as epoch seconds, anchored at the request's issue. */
export function pseudoWallTime(request: RecordedRequest, monotonic: number): number {
  return request.wallIssueTime === null ? monotonic : request.wallIssueTime - request.issueTime + monotonic;
}

/** CDP `Network.ResourceType` → the name DevTools writes as `_resourceType`. */
export function resourceTypeName(cdpType: string | undefined): string {
  switch (cdpType) {
    case undefined:
      return 'other';
    case 'SignedExchange':
      return 'signed-exchange';
    case 'CSPViolationReport':
      return 'csp-violation-report';
    default:
      return cdpType.toLowerCase();
  }
}

/** DevTools exports http, https, ws and wss requests only (no data:, blob:, chrome-extension:). */
export function isExportedUrl(url: string): boolean {
  return /^(https?|wss?):/i.test(url);
}
