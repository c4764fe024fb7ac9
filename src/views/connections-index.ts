/**
 * The session views of `har timeline`, `har activity`, `har rate-limits` and `har trace` as a
 * library: each reads HAR files or `har ws-messages` NDJSON (InputSources) in one streaming pass.
 */
export { EventsUntilReadError, sessionEvents, type ConnectionInfo, type MessageEvent, type SessionEvent, type SessionSourceOptions } from './connections-source.js';
export { kernelRequestOf, type KernelAction, type KernelRequest } from './connections-http.js';
export { estimatePartsBytes, pythonJsonBytes, zmqPartsBytes } from './connections-bytes.js';
export { TimelineBuilder, buildTimeline, sessionTimeline, sessionTimelineUntilError } from './timeline-build.js';
export { TIMELINE_ROW_SPEC, timelineTime, type TimelineRecord, type TimelineBusy, type TimelineConnection, type TimelineGap, type TimelineInterrupt, type TimelineRestart, type TimelineShutdown, type TimelineState, type RunningCell } from './timeline-types.js';
export { ACTIVITY_ROW_SPEC, activityRecords, activityText, sessionActivity, type ActivityLine, type ActivityOptions, type ActivityRecord, type KernelActivity } from './activity.js';
export { RateLimitReplay, rateLimitRecords, sessionRateLimits } from './rate-limit.js';
export { DEFAULT_RATE_LIMITS, IopubRateWindow, type LimitStep, type RateLimits } from './rate-limit-window.js';
export { messageSequence } from './rate-limit-notice.js';
export { RATE_LIMIT_ROW_SPEC, type CutSummary, type LimitReport, type RateLimitBytes, type RateLimitCell, type RateLimitNotice, type RateLimitRecord, type ServerApp } from './rate-limit-types.js';
export { buildTrace, buildTraceParts, sessionTrace, sessionTraceUntilError, traceJsonParts, traceOf, traceParts, type TraceEvent, type TraceFile, type TraceParts, type TracePhase } from './trace.js';
