/**
 * Property tests (fast-check): on generated HARs with secrets in every place redaction knows —
 * headers in any case, cookies, URLs and query strings, JSON and form bodies, base64 bodies,
 * JSON text frames and binary kernel frames, free text — redacting twice equals redacting once,
 * and no planted secret survives.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { joinLegacyBinary, joinV1 } from '../../src/kernel/wire-encode.js';
import { bufferSource } from '../../src/read/input.js';
import { redactHarTo, type RedactOptions } from '../../src/redact/index.js';
import { allStrings } from '../helpers/strings.js';

const secretText = fc.stringMatching(/^[A-Za-z0-9]{12,24}$/).map((text) => `S${text}`);
const filler = fc.stringMatching(/^[a-z ]{0,12}$/);
const headerName = fc.constantFrom('Authorization', 'authorization', 'X-XSRFToken', 'x-api-key', 'COOKIE', 'Cookie', 'Referer', 'Accept');
const fieldName = fc.constantFrom('password', 'api_key', 'access_token', 'clientSecret', '_xsrf', 'token');

interface Planted {
  har: unknown;
  secrets: string[];
}

function message(text: string): Record<string, unknown> {
  return { header: { msg_id: 'm', msg_type: 'stream', session: 's', username: 'u', date: '2026-01-01T00:00:00Z', version: '5.3' }, parent_header: {}, metadata: {}, content: { name: 'stdout', text } };
}

const plantedHar: fc.Arbitrary<Planted> = fc
  .record({
    header: fc.tuple(headerName, secretText),
    field: fc.tuple(fieldName, secretText),
    urlToken: secretText,
    cookie: secretText,
    jwt: fc.tuple(fc.stringMatching(/^[A-Za-z0-9_-]{8,20}$/), fc.stringMatching(/^[A-Za-z0-9_-]{8,20}$/)),
    printed: secretText,
    binary: secretText,
    words: filler,
    wire: fc.constantFrom('legacy', 'v1'),
    base64Body: fc.boolean(),
  })
  .map(({ header, field, urlToken, cookie, jwt, printed, binary, words, wire, base64Body }) => {
    const [name, headerSecret] = header;
    const [field_, fieldSecret] = field;
    const lower = name.toLowerCase();
    const headerValue = lower === 'authorization' ? `Bearer ${headerSecret}` : lower === 'cookie' ? `a=${headerSecret}; b=${cookie}` : lower === 'referer' ? `http://h/?token=${headerSecret}` : lower === 'accept' ? `text/${words}` : headerSecret;
    const jwtText = `eyJ${jwt[0]}.eyJ${jwt[1]}.sig${printed.slice(0, 6)}`;
    const body = JSON.stringify({ [field_]: fieldSecret, note: `${words} ${jwtText}` });
    const parts = [Buffer.from('iopub'), ...Object.values(message(`password=${binary}\n`)).map((part) => Buffer.from(JSON.stringify(part)))];
    const frame = wire === 'v1' ? joinV1(parts) : joinLegacyBinary([Buffer.from(JSON.stringify({ channel: 'iopub', ...message(`password=${binary}\n`) }))]);
    const entry = {
      startedDateTime: '2026-01-01T00:00:00.000Z',
      time: 1,
      request: {
        method: 'POST', url: `http://h/api?token=${urlToken}&q=${encodeURIComponent(words)}`, httpVersion: 'HTTP/1.1',
        headers: [{ name, value: headerValue }], cookies: [{ name: 'sess', value: cookie }], queryString: [{ name: 'token', value: urlToken }],
        postData: { mimeType: 'application/json', text: body }, headersSize: 80, bodySize: body.length,
      },
      response: {
        status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: wire === 'v1' ? [{ name: 'Sec-WebSocket-Protocol', value: 'v1.kernel.websocket.jupyter.org' }] : [], cookies: [], redirectURL: '', headersSize: 40, bodySize: 10,
        content: base64Body
          ? { size: 10, mimeType: 'text/plain', encoding: 'base64', text: Buffer.from(`${words} password=${printed}`).toString('base64') }
          : { size: 10, mimeType: 'text/html', text: `<p data-jupyter-api-token="${urlToken}">${words}</p>` },
      },
      cache: {},
      timings: { send: 0, wait: 1, receive: 0 },
      _webSocketMessages: [
        { type: 'receive', time: 1, opcode: 1, data: JSON.stringify({ channel: 'iopub', ...message(`${words}\npassword=${printed}\n`) }) },
        { type: 'receive', time: 2, opcode: 2, data: Buffer.from(frame).toString('base64') },
      ],
    };
    const har = { log: { version: '1.2', creator: { name: 'gen', version: '1' }, pages: [{ id: 'p', title: `http://h/tree?token=${urlToken}` }], entries: [entry] } };
    const secrets = [fieldSecret, urlToken, cookie, jwtText, printed, binary];
    if (lower !== 'accept') secrets.push(headerSecret);
    return { har, secrets };
  });

async function redact(text: string, options: RedactOptions): Promise<string> {
  let out = '';
  await redactHarTo(bufferSource('p.har', Buffer.from(text)), async (chunk) => void (out += chunk), options);
  return out;
}


test('redacting twice equals redacting once (same salt or another)', async () => {
  await fc.assert(
    fc.asyncProperty(plantedHar, fc.constantFrom('a', 'b'), async ({ har }, salt) => {
      const once = await redact(JSON.stringify(har), { salt: 'a' });
      const twice = await redact(once, { salt });
      assert.equal(twice, once);
    }),
    { numRuns: 150 },
  );
});

test('no planted secret survives, in any encoding redaction knows', async () => {
  await fc.assert(
    fc.asyncProperty(plantedHar, async ({ har, secrets }) => {
      const text = allStrings(await redact(JSON.stringify(har), { salt: 'a' }));
      for (const secret of secrets) assert.ok(!text.includes(secret), `survived: ${secret}`);
    }),
    { numRuns: 150 },
  );
});
