// The `secrets` scenario's ground truth: every throwaway secret the capture planted or the server
// handed out, with the JSON pointers of every string of the HAR it occurs in. Tests of `har redact`
// read this list from the .meta.json and look for each value in the redacted output.

/** @param {string} key */
const escapePointer = (key) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Every string of `value` with its JSON pointer; base64 bodies and binary frames are also yielded
 * decoded (as latin1 text) under the pointer with a `#base64` suffix.
 * @param {any} value @param {string} pointer
 * @returns {Generator<[string, string]>}
 */
function* strings(value, pointer = '') {
  if (typeof value === 'string') {
    yield [pointer, value];
    if (/^[A-Za-z0-9+/]{16,}={0,2}$/.test(value)) yield [`${pointer}#base64`, Buffer.from(value, 'base64').toString('latin1')];
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* strings(v, `${pointer}/${escapePointer(k)}`);
  }
}

/** @param {any} har @param {string} secret @returns {string[]} */
function placesOf(har, secret) {
  const places = [];
  for (const [pointer, text] of strings(har)) if (text.includes(secret)) places.push(pointer);
  return places;
}

/**
 * @param {any} har the DevTools export with sensitive data, before any post-processing
 * @param {string} token the server's token
 * @param {any[]} record the cells of the run, with the outputs the UI showed
 */
export function plantedSecrets(har, token, record) {
  /** @type {{name: string, how: string, value: string}[]} */
  const secrets = [{ name: 'jupyter token', how: 'the server token (page URL ?token=, page HTML, Authorization header of the %%javascript fetch)', value: token }];
  const cookies = new Map();
  for (const entry of har.log.entries) {
    for (const cookie of [...(entry.request?.cookies ?? []), ...(entry.response?.cookies ?? [])]) {
      if (typeof cookie.value === 'string' && cookie.value.length >= 8) cookies.set(`${cookie.name}=${cookie.value}`, cookie);
    }
  }
  for (const cookie of cookies.values()) {
    const how = cookie.name === '_xsrf' ? 'the _xsrf cookie, also sent as X-XSRFToken' : 'a server session cookie';
    secrets.push({ name: `cookie ${cookie.name}`, how, value: cookie.value });
  }
  const printed = JSON.stringify(record.map((cell) => cell.outputs ?? []));
  const jwt = printed.match(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
  const password = printed.match(/password=([\w-]+)/);
  if (!jwt || !password) throw new Error('the secrets cell did not print a JWT and a password line');
  secrets.push({ name: 'JWT', how: 'printed by a cell (session JWT: …)', value: jwt[0] });
  secrets.push({ name: 'password', how: 'printed by a cell (password=…)', value: /** @type {string} */ (password[1]) });
  return secrets.map((secret) => {
    const places = placesOf(har, secret.value);
    if (places.length === 0) throw new Error(`planted secret "${secret.name}" does not occur in the HAR`);
    return { ...secret, count: places.length, places };
  });
}
