/**
 * Cookies as DevTools writes them into a HAR: request cookies are the ones the browser attached
 * (CDP `associatedCookies`), response cookies are parsed from the Set-Cookie header lines.
 */
import type { CdpCookie } from './cdp-events.js';

export interface HarCookie {
  name: string;
  value: string;
  path: string;
  domain: string;
  expires: string | null;
  httpOnly: boolean;
  secure: boolean;
  sameSite?: string;
}

export function requestCookie(cookie: CdpCookie): HarCookie {
  const session = cookie.session === true || cookie.expires < 0;
  const result: HarCookie = {
    name: cookie.name,
    value: cookie.value,
    path: cookie.path,
    domain: cookie.domain,
    expires: session ? null : isoOrNull(cookie.expires * 1000),
    httpOnly: cookie.httpOnly,
    secure: cookie.secure,
  };
  if (cookie.sameSite) result.sameSite = cookie.sameSite;
  return result;
}

/**
 * One Set-Cookie line → a HAR cookie. `defaultDomain` is the request's host (what the browser
 * uses when the line names none); `now` (epoch ms) anchors Max-Age.
 */
export function parseSetCookie(line: string, defaultDomain: string, now: number): HarCookie | null {
  const [pair = '', ...attributes] = line.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return null;
  const cookie: HarCookie = {
    name: pair.slice(0, eq).trim(),
    value: pair.slice(eq + 1).trim(),
    path: '/',
    domain: defaultDomain,
    expires: null,
    httpOnly: false,
    secure: false,
  };
  let maxAge: number | null = null;
  for (const attribute of attributes) {
    const at = attribute.indexOf('=');
    const key = (at === -1 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    const value = at === -1 ? '' : attribute.slice(at + 1).trim();
    if (key === 'path') cookie.path = value;
    else if (key === 'domain') cookie.domain = value;
    else if (key === 'expires') cookie.expires = isoOrNull(Date.parse(value));
    else if (key === 'max-age' && /^-?\d+$/.test(value)) maxAge = Number(value);
    else if (key === 'httponly') cookie.httpOnly = true;
    else if (key === 'secure') cookie.secure = true;
    else if (key === 'samesite' && value !== '') cookie.sameSite = value;
  }
  if (maxAge !== null) cookie.expires = isoOrNull(now + maxAge * 1000);
  return cookie;
}

function isoOrNull(ms: number): string | null {
  if (!Number.isFinite(ms)) return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
