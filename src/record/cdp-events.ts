/**
 * The parts of the Chrome DevTools Protocol `Network` and `Page` events the recorder reads
 * (https://chromedevtools.github.io/devtools-protocol/tot/Network/). Declared here rather than
 * imported from playwright-core so that the HAR builder stays a pure function of recorded
 * events, testable without a browser, and so that loading it never loads playwright-core.
 */

export type Headers = Record<string, string>;

export interface Initiator {
  type: string;
  url?: string;
  lineNumber?: number;
  columnNumber?: number;
  requestId?: string;
  stack?: unknown;
}

export interface ResourceTiming {
  requestTime: number;
  proxyStart: number;
  proxyEnd: number;
  dnsStart: number;
  dnsEnd: number;
  connectStart: number;
  connectEnd: number;
  sslStart: number;
  sslEnd: number;
  workerStart: number;
  workerReady: number;
  workerFetchStart: number;
  workerRespondWithSettled: number;
  sendStart: number;
  sendEnd: number;
  receiveHeadersEnd: number;
}

export interface CdpRequest {
  url: string;
  urlFragment?: string;
  method: string;
  headers: Headers;
  postData?: string;
  hasPostData?: boolean;
  postDataEntries?: { bytes?: string }[];
  initialPriority?: string;
}

export interface CdpResponse {
  url: string;
  status: number;
  statusText: string;
  headers: Headers;
  headersText?: string;
  mimeType: string;
  requestHeaders?: Headers;
  requestHeadersText?: string;
  connectionId?: number;
  remoteIPAddress?: string;
  remotePort?: number;
  fromDiskCache?: boolean;
  fromServiceWorker?: boolean;
  fromPrefetchCache?: boolean;
  encodedDataLength?: number;
  timing?: ResourceTiming;
  protocol?: string;
}

export interface CdpCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  /** Epoch seconds; -1 (or `session: true`) for a session cookie. */
  expires: number;
  httpOnly: boolean;
  secure: boolean;
  session?: boolean;
  sameSite?: string;
  partitionKey?: unknown;
}

export interface RequestWillBeSent {
  requestId: string;
  loaderId: string;
  documentURL?: string;
  request: CdpRequest;
  timestamp: number;
  wallTime: number;
  initiator: Initiator;
  redirectResponse?: CdpResponse;
  type?: string;
  frameId?: string;
}

export interface RequestWillBeSentExtraInfo {
  requestId: string;
  associatedCookies?: { blockedReasons?: string[]; cookie: CdpCookie }[];
  headers: Headers;
}

export interface ResponseReceived {
  requestId: string;
  timestamp: number;
  type: string;
  response: CdpResponse;
}

export interface ResponseReceivedExtraInfo {
  requestId: string;
  headers: Headers;
  statusCode?: number;
  headersText?: string;
}

export interface DataReceived {
  requestId: string;
  timestamp: number;
  dataLength: number;
  encodedDataLength: number;
}

export interface LoadingFinished {
  requestId: string;
  timestamp: number;
  encodedDataLength: number;
}

export interface LoadingFailed {
  requestId: string;
  timestamp: number;
  type?: string;
  errorText: string;
  canceled?: boolean;
}

export interface WebSocketCreated {
  requestId: string;
  url: string;
  initiator?: Initiator;
}

export interface WebSocketWillSendHandshakeRequest {
  requestId: string;
  timestamp: number;
  wallTime: number;
  request: { headers: Headers };
}

export interface WebSocketHandshakeResponseReceived {
  requestId: string;
  timestamp: number;
  response: {
    status: number;
    statusText: string;
    headers: Headers;
    headersText?: string;
    requestHeaders?: Headers;
    requestHeadersText?: string;
  };
}

export interface WebSocketFrameEvent {
  requestId: string;
  timestamp: number;
  response: { opcode: number; mask: boolean; payloadData: string };
}

export interface WebSocketFrameError {
  requestId: string;
  timestamp: number;
  errorMessage: string;
}

export interface TimestampEvent {
  requestId?: string;
  timestamp: number;
}

/** Event name → payload, for the events the network log handles. */
export interface NetworkEvents {
  'Network.requestWillBeSent': RequestWillBeSent;
  'Network.requestWillBeSentExtraInfo': RequestWillBeSentExtraInfo;
  'Network.requestServedFromCache': { requestId: string };
  'Network.resourceChangedPriority': { requestId: string; newPriority: string };
  'Network.responseReceived': ResponseReceived;
  'Network.responseReceivedExtraInfo': ResponseReceivedExtraInfo;
  'Network.dataReceived': DataReceived;
  'Network.loadingFinished': LoadingFinished;
  'Network.loadingFailed': LoadingFailed;
  'Network.webSocketCreated': WebSocketCreated;
  'Network.webSocketWillSendHandshakeRequest': WebSocketWillSendHandshakeRequest;
  'Network.webSocketHandshakeResponseReceived': WebSocketHandshakeResponseReceived;
  'Network.webSocketFrameSent': WebSocketFrameEvent;
  'Network.webSocketFrameReceived': WebSocketFrameEvent;
  'Network.webSocketFrameError': WebSocketFrameError;
  'Network.webSocketClosed': TimestampEvent;
  'Page.domContentEventFired': TimestampEvent;
  'Page.loadEventFired': TimestampEvent;
}

export type NetworkEventName = keyof NetworkEvents;

export const NETWORK_EVENT_NAMES: readonly NetworkEventName[] = [
  'Network.requestWillBeSent',
  'Network.requestWillBeSentExtraInfo',
  'Network.requestServedFromCache',
  'Network.resourceChangedPriority',
  'Network.responseReceived',
  'Network.responseReceivedExtraInfo',
  'Network.dataReceived',
  'Network.loadingFinished',
  'Network.loadingFailed',
  'Network.webSocketCreated',
  'Network.webSocketWillSendHandshakeRequest',
  'Network.webSocketHandshakeResponseReceived',
  'Network.webSocketFrameSent',
  'Network.webSocketFrameReceived',
  'Network.webSocketFrameError',
  'Network.webSocketClosed',
  'Page.domContentEventFired',
  'Page.loadEventFired',
];

/** A response body as `Network.getResponseBody` returns it. */
export interface ResponseBody {
  body: string;
  base64Encoded: boolean;
}
