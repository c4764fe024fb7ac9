/**
 * HAR WebSocket frame times: Chrome writes epoch seconds (a float), Playwright epoch
 * milliseconds, and -1 when timing is omitted (as the samples show). No real capture is from before
 * 1973 in seconds-as-ms, so anything above 1e11 is milliseconds.
 */
export function harTimeToEpochMs(time: number): number | null {
  if (!Number.isFinite(time) || time <= 0) return null;
  return time > 1e11 ? time : time * 1000;
}

/** ISO-8601 UTC, millisecond precision; null for missing or impossible times. */
export function harTimeToIso(time: number | null): string | null {
  if (time === null) return null;
  const ms = harTimeToEpochMs(time);
  if (ms === null) return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
