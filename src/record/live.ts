/**
 * `--live`: each WebSocket frame, as it arrives, as the record `har ws-messages` prints for the
 * same frame of the written HAR (same entry index, frame index, connection fields).
 */
import { connectionOf, frameItems, type FrameRecord } from '../ws/frames.js';
import { harHeaders } from './har-entry.js';
import type { RecordedFrame, RecordedRequest } from './recorded-request.js';

export function liveFrameRecord(request: RecordedRequest, frame: RecordedFrame, index: number): FrameRecord | null {
  // connectionOf reads the URL and the 101 response's Sec-WebSocket-Protocol, as from a HAR entry.
  const entryLike = { request: { url: request.url }, response: { headers: harHeaders(request.responseHeaders) } };
  for (const item of frameItems(connectionOf(entryLike, request.entryIndex), index, frame)) {
    if (item.kind === 'frame') return item.frame;
  }
  return null;
}
