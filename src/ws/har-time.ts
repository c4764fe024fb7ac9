/**
 * HAR WebSocket frame times: Chrome writes epoch seconds (a float), Playwright epoch
 * milliseconds, and -1 when timing is omitted (as the samples show). No real capture is from before
 * 1973 in seconds-as-ms, so anything above 1e11 is milliseconds.
 */
export function harTimeToEpochMs(time: number): number | null {
  if (!Number.isFinite(time) || time <= 0) return null;
  return time > 1e11 ? time : time * 1000;
}

/** The second last formatted by harTimeToIso, and its text up to the milliseconds. */
let lastSecond = Number.NaN;
let lastPrefix = '';

/**
 * ISO-8601 UTC, millisecond precision (what Date#toISOString gives); null for missing or
 * impossible times. toISOString costs microseconds a call and this runs once per frame, while
 * frames come in bursts within a second: the text up to the second is reused.
 */
export function harTimeToIso(time: number | null): string | null {
  if (time === null) return null;
  const ms = harTimeToEpochMs(time);
  if (ms === null) return null;
  // As Date does: fractions of a millisecond are dropped.
  const whole = Math.floor(ms);
  const second = Math.floor(whole / 1000);
  if (second !== lastSecond) {
    const date = new Date(whole);
    if (Number.isNaN(date.getTime())) return null;
    const iso = date.toISOString();
    lastSecond = second;
    lastPrefix = iso.slice(0, -4);
    return iso;
  }
  const milli = whole - second * 1000;
  return `${lastPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}
