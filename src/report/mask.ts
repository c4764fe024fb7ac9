/**
 * `--redact` before the redaction library exists: the Jupyter token and cookie values are
 * masked wherever the page shows URLs and headers. Names stay visible; values become `…`.
 */
const MASK = '<redacted>';
const SECRET_QUERY = /([?&](?:token|access_token|_xsrf|xsrf|api_key|apikey|password|session_token)=)[^&#]*/gi;
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-xsrftoken', 'x-csrftoken', 'x-api-key', 'x-auth-token']);

export interface Masking {
  url(url: string): string;
  header(name: string, value: string): string;
}

export const NO_MASKING: Masking = { url: (url) => url, header: (_name, value) => value };

export const TOKEN_MASKING: Masking = {
  url: (url) => url.replace(SECRET_QUERY, `$1${MASK}`),
  header(name, value) {
    const lower = name.toLowerCase();
    if (SECRET_HEADERS.has(lower)) return value.replace(/^(\s*(?:token|bearer|basic)\s+)?.*$/i, (_all, scheme: string | undefined) => `${scheme ?? ''}${MASK}`);
    if (lower === 'cookie') return value.replace(/(^|;\s*)([^=;]+)=[^;]*/g, `$1$2=${MASK}`);
    if (lower === 'set-cookie') return value.replace(/^([^=;]+)=[^;]*/, `$1=${MASK}`);
    if (lower === 'referer' || lower === 'location' || lower === 'origin') return TOKEN_MASKING.url(value);
    return value;
  },
};
