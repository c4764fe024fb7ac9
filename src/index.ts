/**
 * harknife as a library: the same readers, selectors and analyses the `har` CLI wires together.
 */
export { ExitCode, HarknifeError, UsageError, ExpressionError, InputError, FormatError } from './errors.js';
export { JsonScanner } from './read/scanner.js';
export { ScanError, Action, ScalarKind, decodeJsonString, type ScanListener } from './read/scan-listener.js';
export { ValueBuilder, parseChunks, type JsonValue } from './read/build.js';
export { readChunks, inputSources, bufferSource, type InputSource } from './read/input.js';
export { readHar, readHarBatches, readEntries, readEntryBatches, projectionOf, type EntryItem, type HarEntry, type HarItem, type HarLogHeader, type EntryProjection, type ReadHarOptions } from './read/har.js';
export { readDocument, WHOLE_DOCUMENT_LIMIT } from './read/document.js';
export { compilePath, evaluatePath, compilePick, pick, type CompiledPath, type PickSpec } from './select/path.js';
export { compileFilter, parseStatus, type EntryFilterOptions, type EntryPredicate } from './select/filter.js';
export { runQuery, checkQuery, type QueryMatch } from './select/query.js';
export { summarizeEntry, type EntrySummary } from './analyse/entry-summary.js';
export { StatsCollector, percentile, type StatsReport, type GroupStats } from './analyse/stats.js';
export * as Kernel from './kernel/index.js';
export * as WebSocketFrames from './ws/index.js';
export { decodeFrame, decodeFrameRecord, buildConversations, ConversationBuilder, renderTranscript, KernelMessage } from './kernel/index.js';
export { streamFrames, iterEntryFrames, type FrameRecord } from './ws/index.js';
export * as Shape from './shape/index.js';
export * as Views from './views/index.js';
export { redactHarFile, redactHar, redactHarTo, checkHar, HarRedaction, isPlaceholder, type RedactOptions, type RedactionReport, type RedactionPlace, type Sink } from './redact/index.js';
export { validateHar, VALIDATION_LEVELS, type Finding, type ValidationLevel, type ValidateOptions } from './validate/index.js';
export { record, startNetworkLog, NetworkLog, BrowserMissingError, type RecordOptions, type RecordResult, type TabInfo } from './record/index.js';
export * as Report from './report/index.js';
