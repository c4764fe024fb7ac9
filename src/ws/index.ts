export { connectionOf, frameItems, entryFrames, iterEntryFrames, isWebSocketEntry, kernelChannelIds, negotiatedProtocol } from './frames.js';
export type { Connection, EntryFrames, FrameItem, FrameProblem, FrameRecord, FrameType } from './frames.js';
export { harTimeToEpochMs, harTimeToIso } from './har-time.js';
export { base64ByteLength, decodeBase64, isStrictBase64 } from './base64.js';
export { streamFrames, type FrameStreamOptions, type FileFrameItem } from './stream.js';
