/**
 * What counts as a secret by name. One list serves JSON fields, form and query fields, cookies
 * and `key=value` text, so a name is redacted the same way wherever it appears.
 */

/**
 * Headers whose whole value is a credential, compared in lower case (HTTP/2 sends them so).
 * `Authorization` and `Proxy-Authorization` keep their scheme (`Bearer`, `token`, `Basic`);
 * `Cookie` and `Set-Cookie` keep the cookie names and attributes.
 */
export const SECRET_HEADERS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-xsrftoken',
  'x-xsrf-token',
  'x-csrftoken',
  'x-csrf-token',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-access-token',
  'x-amz-security-token',
  'x-goog-api-key',
  'x-jupyter-token',
  'x-gitlab-token',
  'x-vault-token',
];

/** Words that make a field name secret once the name is lower-cased and stripped of `-`, `_`, `.`. */
const SECRET_NAME_PARTS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'accesskey',
  'privatekey',
  'credential',
  'authorization',
  'xsrf',
  'csrf',
  'jwt',
  'cookie',
];
/** Whole names that are secret although they contain none of the words. */
const SECRET_NAMES = new Set(['pwd', 'pass', 'auth', 'sig', 'signature', 'otp']);
/** Words of a name about a secret but not one: `token_type`, `max_tokens`, `passwordLength`, `csrf_cookie_name`. */
const NOT_SECRET_WORDS = new Set(['type', 'count', 'length', 'len', 'expires', 'expiry', 'max', 'min', 'limit', 'usage', 'name', 'url', 'uri', 'path', 'enabled', 'required', 'policy', 'id']);

/** `X-CSRF_tokenType` → ['x', 'csrf', 'token', 'type']. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

export function isSecretName(name: string): boolean {
  if (name.length === 0 || name.length > 64) return false;
  const normal = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (!SECRET_NAMES.has(normal) && !SECRET_NAME_PARTS.some((part) => normal.includes(part))) return false;
  return !words(name).some((word) => NOT_SECRET_WORDS.has(word));
}

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.includes(name.toLowerCase());
}

/** The name alternation used inside `key=value` text: any run of name characters holding a secret word. */
export const SECRET_WORD_SOURCE = `(?:${[...SECRET_NAME_PARTS, 'pwd', 'auth']
  .map((word) => word.replace(/^(api|access|private)key$/, '$1[-_.]?key'))
  .join('|')})`;

/** Values that are code, not secrets, when a name matches in scripts and pages (`token = null`). */
export const NOT_A_VALUE = new Set(['bearer', 'basic', 'token', 'digest', 'null', 'none', 'true', 'false', 'undefined', 'this', 'self', 'nil', 'function', 'new', 'return', 'void']);
