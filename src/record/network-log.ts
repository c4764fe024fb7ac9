/**
 * The recorder's log: CDP `Network.*` / `Page.*` events in, one RecordedRequest per HAR entry
 * and one page per main-frame navigation out — DevTools' Network panel with "Keep log" on.
 * Response bodies are asked for at `loadingFinished`, before a navigation can drop them.
 */
import type {
  CdpResponse,
  NetworkEventName,
  NetworkEvents,
  RequestWillBeSent,
  RequestWillBeSentExtraInfo,
  ResponseBody,
  ResponseReceivedExtraInfo,
  WebSocketFrameEvent,
} from './cdp-events.js';
import { isExportedUrl, newRecordedRequest, pseudoWallTime, resourceTypeName, type RecordedFrame, type RecordedRequest } from './recorded-request.js';

export interface PageLoad {
  id: number;
  mainRequest: RecordedRequest;
  contentLoadTime: number;
  loadTime: number;
}

export interface NetworkLogOptions {
  /** The main frame's id: a Document request of this frame starts a new page. */
  mainFrameId: string | null;
  /** `Network.getResponseBody` (or the frame's resource content); null when the browser no longer has it. */
  fetchBody(request: Pick<RecordedRequest, 'requestId' | 'frameId' | 'url'>): Promise<ResponseBody | null>;
  /** `Network.getRequestPostData`, for bodies too large to come with the event. */
  fetchPostData(requestId: string): Promise<string | null>;
  /** Called once per WebSocket frame, as it arrives. */
  onFrame?(request: RecordedRequest, frame: RecordedFrame, index: number): void;
  onWarning?(message: string): void;
}

/** Responses without a body to ask for; a 304's body is the cached one, which the browser gives. */
function hasBody(status: number): boolean {
  return status !== 101 && status !== 204 && status !== 205 && !(status >= 300 && status < 400 && status !== 304);
}

export class NetworkLog {
  /** In the order the entries were created; that is the order they are written in. */
  readonly requests: RecordedRequest[] = [];
  readonly pages: PageLoad[] = [];
  private readonly current = new Map<string, RecordedRequest>();
  private readonly earlyRequestExtra = new Map<string, RequestWillBeSentExtraInfo>();
  private readonly earlyResponseExtra = new Map<string, ResponseReceivedExtraInfo>();
  private readonly pending = new Set<Promise<void>>();
  private mainFrameId: string | null;
  private bodiesLost = 0;
  private unseenSocketFrames = 0;
  private stopped = false;

  constructor(private readonly options: NetworkLogOptions) {
    this.mainFrameId = options.mainFrameId;
  }

  get frameCount(): number {
    let count = 0;
    for (const request of this.requests) count += request.frames.length;
    return count;
  }

  /** Frames of WebSockets opened before recording began (attached mid-session): no entry to put them in. */
  get framesOfUnseenSockets(): number {
    return this.unseenSocketFrames;
  }

  /** Response bodies the browser could not give (dropped, or the browser went away first). */
  get lostBodies(): number {
    return this.bodiesLost;
  }

  handle<E extends NetworkEventName>(method: E, params: NetworkEvents[E]): void {
    if (this.stopped) return;
    const handler = this.handlers[method] as (params: NetworkEvents[E]) => void;
    handler(params);
  }

  /** Events from now on are ignored: what is written is what was counted (and shown live). */
  stop(): void {
    this.stopped = true;
  }

  /** Waits for the body and post-data requests already made. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private readonly handlers: { [E in NetworkEventName]: (params: NetworkEvents[E]) => void } = {
    'Network.requestWillBeSent': (p) => this.requestWillBeSent(p),
    'Network.requestWillBeSentExtraInfo': (p) => {
      const request = this.current.get(p.requestId);
      if (request === undefined || request.hasExtraRequestInfo) this.earlyRequestExtra.set(p.requestId, p);
      else applyRequestExtra(request, p);
    },
    'Network.requestServedFromCache': (p) => {
      const request = this.current.get(p.requestId);
      if (request) request.fromMemoryCache = true;
    },
    'Network.resourceChangedPriority': (p) => {
      const request = this.current.get(p.requestId);
      if (request) request.priority = p.newPriority;
    },
    'Network.responseReceived': (p) => {
      const request = this.current.get(p.requestId);
      if (request === undefined) return;
      request.resourceType = resourceTypeName(p.type);
      request.responseReceivedTime = p.timestamp;
      applyResponse(request, p.response);
      this.applyEarlyResponseExtra(request);
    },
    'Network.responseReceivedExtraInfo': (p) => {
      const request = this.current.get(p.requestId);
      if (request === undefined || request.hasExtraResponseInfo) this.earlyResponseExtra.set(p.requestId, p);
      else applyResponseExtra(request, p);
    },
    'Network.dataReceived': (p) => {
      const request = this.current.get(p.requestId);
      if (request === undefined) return;
      request.resourceSize += p.dataLength;
      if (p.encodedDataLength !== -1) request.transferSize += p.encodedDataLength;
    },
    'Network.loadingFinished': (p) => {
      const request = this.current.get(p.requestId);
      if (request === undefined) return;
      this.finish(request, p.timestamp);
      if (p.encodedDataLength >= 0) request.transferSize = p.encodedDataLength;
      if (hasBody(request.status)) this.fetchBody(request);
    },
    'Network.loadingFailed': (p) => {
      const request = this.current.get(p.requestId);
      if (request === undefined) return;
      if (p.type !== undefined) request.resourceType = resourceTypeName(p.type);
      request.error = p.errorText;
      this.finish(request, p.timestamp);
    },
    'Network.webSocketCreated': (p) => {
      if (!isExportedUrl(p.url)) return;
      const request = this.create(p.requestId, p.url);
      request.isWebSocket = true;
      request.resourceType = 'websocket';
      request.initiator = p.initiator ?? null;
    },
    'Network.webSocketWillSendHandshakeRequest': (p) => {
      const request = this.current.get(p.requestId);
      if (request === undefined) return;
      request.method = 'GET';
      request.requestHeaders = p.request.headers;
      setIssueTime(request, p.timestamp, p.wallTime);
    },
    'Network.webSocketHandshakeResponseReceived': (p) => {
      const request = this.current.get(p.requestId);
      if (request === undefined) return;
      const response = p.response;
      request.hasResponse = true;
      request.status = response.status;
      request.statusText = response.statusText;
      request.responseHeaders = response.headers;
      request.responseHeadersText = response.headersText ?? '';
      if (response.requestHeaders) request.requestHeaders = response.requestHeaders;
      if (response.requestHeadersText) request.requestHeadersText = response.requestHeadersText;
      request.responseReceivedTime = p.timestamp;
      request.protocol = 'websocket';
    },
    'Network.webSocketFrameSent': (p) => this.frame(p, 'send'),
    'Network.webSocketFrameReceived': (p) => this.frame(p, 'receive'),
    'Network.webSocketFrameError': (p) => {
      const request = this.current.get(p.requestId);
      if (request === undefined) return;
      this.addFrame(request, { type: 'error', time: pseudoWallTime(request, p.timestamp), opcode: -1, data: p.errorMessage });
    },
    'Network.webSocketClosed': (p) => {
      const request = p.requestId === undefined ? undefined : this.current.get(p.requestId);
      if (request) this.finish(request, p.timestamp);
    },
    'Page.domContentEventFired': (p) => {
      const page = this.pages.at(-1);
      if (page) page.contentLoadTime = p.timestamp;
    },
    'Page.loadEventFired': (p) => {
      const page = this.pages.at(-1);
      if (page) page.loadTime = p.timestamp;
    },
  };

  private requestWillBeSent(p: RequestWillBeSent): void {
    const previous = this.current.get(p.requestId);
    if (previous !== undefined && p.redirectResponse !== undefined) {
      // The same requestId continues after a redirect: the hop so far becomes its own entry.
      previous.responseReceivedTime = p.timestamp;
      applyResponse(previous, p.redirectResponse);
      this.applyEarlyResponseExtra(previous);
      this.finish(previous, p.timestamp);
    }
    if (!isExportedUrl(p.request.url)) {
      this.current.delete(p.requestId);
      return;
    }
    const request = this.create(p.requestId, p.request.url + (p.request.urlFragment ?? ''));
    request.method = p.request.method;
    request.requestHeaders = p.request.headers;
    request.initiator = p.initiator;
    request.priority = p.request.initialPriority ?? null;
    request.resourceType = resourceTypeName(p.type);
    request.frameId = p.frameId ?? null;
    setIssueTime(request, p.timestamp, p.wallTime);
    this.readPostData(request, p);
    const early = this.earlyRequestExtra.get(p.requestId);
    if (early !== undefined) {
      this.earlyRequestExtra.delete(p.requestId);
      applyRequestExtra(request, early);
    }
    const isNavigation = p.type === 'Document' && p.requestId === p.loaderId && (this.mainFrameId === null || p.frameId === this.mainFrameId);
    if (isNavigation) {
      if (this.mainFrameId === null && p.frameId !== undefined) this.mainFrameId = p.frameId;
      const page = this.pages.at(-1);
      if (previous !== undefined && page !== undefined && page.mainRequest === previous) {
        // A redirected navigation stays one page, named after where it ended.
        page.mainRequest = request;
        request.pageId = page.id;
      } else {
        const id = this.pages.length + 1;
        this.pages.push({ id, mainRequest: request, contentLoadTime: -1, loadTime: -1 });
        request.pageId = id;
      }
    }
  }

  private create(requestId: string, url: string): RecordedRequest {
    const request = newRecordedRequest(requestId, this.requests.length, url, this.pages.at(-1)?.id ?? null);
    this.requests.push(request);
    this.current.set(requestId, request);
    return request;
  }

  private frame(p: WebSocketFrameEvent, type: 'send' | 'receive'): void {
    const request = this.current.get(p.requestId);
    if (request === undefined) {
      this.unseenSocketFrames++;
      return;
    }
    request.responseReceivedTime = p.timestamp;
    this.addFrame(request, { type, time: pseudoWallTime(request, p.timestamp), opcode: p.response.opcode, data: p.response.payloadData });
  }

  private addFrame(request: RecordedRequest, frame: RecordedFrame): void {
    request.frames.push(frame);
    this.options.onFrame?.(request, frame, request.frames.length - 1);
  }

  private finish(request: RecordedRequest, time: number): void {
    request.finished = true;
    // DevTools' NetworkRequest.endTime setter: timing data wins over a late event.
    if (request.timing !== null) {
      request.endTime = Math.max(time, request.responseReceivedTime);
    } else {
      request.endTime = time;
      if (request.responseReceivedTime > time) request.responseReceivedTime = time;
    }
  }

  private applyEarlyResponseExtra(request: RecordedRequest): void {
    const early = this.earlyResponseExtra.get(request.requestId);
    if (early === undefined || request.hasExtraResponseInfo) return;
    this.earlyResponseExtra.delete(request.requestId);
    applyResponseExtra(request, early);
  }

  private readPostData(request: RecordedRequest, p: RequestWillBeSent): void {
    if (p.request.postData !== undefined) {
      request.postData = p.request.postData;
    } else if (p.request.postDataEntries !== undefined && p.request.postDataEntries.length > 0) {
      request.postData = p.request.postDataEntries.map((part) => Buffer.from(part.bytes ?? '', 'base64').toString('utf8')).join('');
    } else if (p.request.hasPostData === true) {
      this.track(
        this.options.fetchPostData(p.requestId).then((text) => {
          request.postData = text;
        }),
      );
    }
  }

  private fetchBody(request: RecordedRequest): void {
    this.track(
      this.options.fetchBody(request).then((body) => {
        if (body === null) this.bodiesLost++;
        request.body = body;
      }),
    );
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => {
      this.options.onWarning?.(`internal: ${error instanceof Error ? error.message : String(error)}`);
    });
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }
}

function setIssueTime(request: RecordedRequest, timestamp: number, wallTime: number): void {
  request.issueTime = timestamp;
  request.wallIssueTime = wallTime;
  request.startTime = timestamp;
}

function applyResponse(request: RecordedRequest, response: CdpResponse): void {
  request.hasResponse = true;
  request.status = response.status;
  request.statusText = response.statusText;
  if (!request.hasExtraResponseInfo) {
    request.responseHeaders = response.headers;
    if (response.headersText !== undefined) request.responseHeadersText = response.headersText;
  }
  if (response.requestHeaders !== undefined && !request.hasExtraRequestInfo) request.requestHeaders = response.requestHeaders;
  if (response.requestHeadersText !== undefined) request.requestHeadersText = response.requestHeadersText;
  request.mimeType = response.mimeType;
  request.protocol = response.protocol ?? '';
  request.remoteAddress = remoteAddress(response);
  request.connectionId = String(response.connectionId ?? 0);
  request.fromDiskCache = response.fromDiskCache === true || response.fromPrefetchCache === true;
  request.fromServiceWorker = response.fromServiceWorker === true;
  if (response.encodedDataLength !== undefined && response.encodedDataLength >= 0) request.transferSize = response.encodedDataLength;
  if (response.timing !== undefined) applyTiming(request, response.timing);
}

/** DevTools takes startTime and the headers-received time from the timing data, which is more precise. */
function applyTiming(request: RecordedRequest, timing: NonNullable<CdpResponse['timing']>): void {
  request.startTime = timing.requestTime;
  const headersReceived = timing.requestTime + timing.receiveHeadersEnd / 1000;
  if (request.responseReceivedTime < 0 || request.responseReceivedTime > headersReceived) request.responseReceivedTime = headersReceived;
  if (request.startTime > request.responseReceivedTime) request.responseReceivedTime = request.startTime;
  request.timing = timing;
}

function remoteAddress(response: CdpResponse): string {
  if (response.remoteIPAddress === undefined || response.remoteIPAddress === '') return '';
  const ip = response.remoteIPAddress.includes(':') ? `[${response.remoteIPAddress}]` : response.remoteIPAddress;
  return response.remotePort === undefined ? ip : `${ip}:${response.remotePort}`;
}

function applyRequestExtra(request: RecordedRequest, extra: RequestWillBeSentExtraInfo): void {
  request.hasExtraRequestInfo = true;
  request.requestHeaders = extra.headers;
  request.requestCookies = (extra.associatedCookies ?? []).filter((c) => (c.blockedReasons ?? []).length === 0).map((c) => c.cookie);
}

function applyResponseExtra(request: RecordedRequest, extra: ResponseReceivedExtraInfo): void {
  request.hasExtraResponseInfo = true;
  request.responseHeaders = extra.headers;
  if (extra.headersText !== undefined) request.responseHeadersText = extra.headersText;
}

