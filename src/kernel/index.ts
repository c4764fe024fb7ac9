/**
 * The kernel layer as a library: decode frames, rebuild conversations, render them.
 * Message types and guards are also available as the `KernelMessage` namespace, like JupyterLab.
 */
export * as KernelMessage from './messages.js';
export * from './messages.js';
export { modernizeMessage, modernMsgType } from './protocol4.js';
export { decodeFrame, V1_PROTOCOL, type DecodedMessage, type FrameDecode, type WireFormat, type WireFrame } from './codec.js';
export {
  decodeFrameRecord,
  type DecodedRecord,
  type Direction,
  type FrameRecordLike,
  type FrameRef,
  type MalformedRecord,
  type MessageRecord,
  type OtherRecord,
  type RecordContext,
} from './decode-record.js';
export { splitLegacyBinary, splitV1, type Layout } from './wire-layout.js';
export { parseJsonText, type JsonParse } from './json-text.js';
export { parseHeaderDate } from './dates.js';
export { ConversationBuilder, buildConversations, conversationRecords } from './conversation.js';
export type * from './conversation-types.js';
export { DEFAULT_CONVERSATION_OPTIONS } from './conversation-types.js';
export { OutputArea, DisplayRegistry, type NotebookOutput, type StreamOutput, type DisplayDataOutput, type ExecuteResultOutput, type ErrorOutput } from './output-area.js';
export { applyOutputMessage, applyDisplayUpdate, displayId } from './output-messages.js';
export { renderTranscript, renderCell, DEFAULT_TRANSCRIPT_OPTIONS, type TranscriptOptions } from './transcript.js';
export { summarizeRecord, summarizeMessage, MESSAGE_ROW_HEADERS, type MessageRow } from './summary.js';
export { stripAnsi, oneLine } from './text.js';
export { isServerMade, isRateLimitNotice } from './kernel-state.js';
