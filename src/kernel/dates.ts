/**
 * Header dates, read leniently: `Z` or an offset, milli- (browser) or microsecond (Python)
 * precision, naive, or missing (before spec 5.1; see
 * https://jupyter-client.readthedocs.io/en/latest/messaging.html#message-header). Naive dates are read as UTC: they are only ever subtracted from another
 * date of the same producer, where the zone cancels out.
 */
const ISO_DATE = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?(Z|[+-]\d\d:?\d\d)?$/i;

/** Epoch milliseconds, with sub-millisecond precision kept; null when absent or unreadable. */
export function parseHeaderDate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = ISO_DATE.exec(value.trim());
  if (match === null) return null;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const whole = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(whole)) return null;
  const ms = fraction === undefined ? 0 : Number(`0.${fraction}`) * 1000;
  return whole + ms - zoneOffsetMs(zone);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}
