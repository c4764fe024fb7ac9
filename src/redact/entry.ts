/**
 * One HAR entry (or the log fields around the entries) redacted in place, part by part: the
 * request and response know their headers, cookies, query, bodies and sizes; the frames their
 * wire formats; everything else (`_initiator`, `pages[]`, custom fields) is any JSON.
 */
import { isPlainObject } from '../util/values.js';
import { negotiatedProtocol } from '../ws/connection.js';
import { redactBase64Payload, redactTextPayload } from './body.js';
import { redactFrames } from './frames.js';
import { isPlaceholder } from './placeholder.js';
import type { Owner, Redactor } from './redactor.js';
import { pointerPart } from '../util/pointer.js';
import { isSecretHeader, isSecretName } from './rules.js';

type JsonObject = Record<string, unknown>;

/** Credentials keep their scheme: `Bearer xyz` → `Bearer REDACTED-…`. */
const SCHEME = /^([A-Za-z][\w-]*\s+)(\S.*)$/s;

function redactHeaderValue(redactor: Redactor, name: string, value: string, pointer: string, owner: Owner): string {
  const lower = name.toLowerCase();
  const secret = (text: string, rule: string, cookieName?: string): string => redactor.secret(text, rule, pointer, owner, cookieName ?? name);
  if (lower === 'cookie') {
    return value.replace(/(^|;\s*)([^=;\s]+)=([^;]*)/g, (match, lead: string, cookie: string, cookieValue: string) =>
      cookieValue === '' || redactor.isKept(cookie) ? match : `${lead}${cookie}=${secret(cookieValue, 'cookie', cookie)}`,
    );
  }
  if (lower === 'set-cookie') {
    // Chrome joins several Set-Cookie headers with newlines.
    return value.replace(/(^|\n)\s*([^=;\s]+)=([^;\n]*)/g, (match, lead: string, cookie: string, cookieValue: string) =>
      cookieValue === '' || redactor.isKept(cookie) ? match : `${lead}${cookie}=${secret(cookieValue, 'cookie', cookie)}`,
    );
  }
  if (lower === 'authorization' || lower === 'proxy-authorization') {
    const scheme = SCHEME.exec(value);
    if (scheme) return isPlaceholder(scheme[2]!) ? value : scheme[1]! + secret(scheme[2]!, 'header');
  }
  return secret(value, 'header');
}

/** `headers[]`: secret headers lose their values, the others (Referer, Location, …) are free text. */
function redactHeaders(redactor: Redactor, headers: unknown, pointer: string, owner: Owner): void {
  if (!Array.isArray(headers)) return;
  headers.forEach((header, i) => {
    const at = `${pointer}/${i}`;
    if (!isPlainObject(header)) return redactor.json(headers, i, at, owner);
    const name = header.name;
    for (const key of Object.keys(header)) {
      const value = header[key];
      if (key === 'value' && typeof name === 'string' && typeof value === 'string' && value !== '' && (isSecretHeader(name) || isSecretName(name)) && !redactor.isKept(name)) {
        header.value = redactHeaderValue(redactor, name, value, `${at}/value`, owner);
      } else if (key !== 'name') {
        redactor.json(header, key, `${at}/${pointerPart(key)}`, owner);
      }
    }
  });
}

/**
 * `{name, value}` lists: `cookies[]` lose every value (rule `cookie`); `queryString[]` and
 * `postData.params[]` the values of secret names (rule `field`); the rest is free text.
 */
function redactNamedValues(redactor: Redactor, list: unknown, pointer: string, owner: Owner, rule: 'cookie' | 'field'): void {
  if (!Array.isArray(list)) return;
  list.forEach((pair, i) => {
    const at = `${pointer}/${i}`;
    if (!isPlainObject(pair)) return redactor.json(list, i, at, owner);
    const name = typeof pair.name === 'string' ? pair.name : '';
    const secretName = (rule === 'cookie' || isSecretName(name)) && !redactor.isKept(name);
    for (const key of Object.keys(pair)) {
      const value = pair[key];
      if (key === 'value' && typeof value === 'string' && value !== '' && secretName) {
        pair.value = redactor.secret(value, rule, `${at}/value`, owner, name);
      } else if (key !== 'name') {
        redactor.json(pair, key, `${at}/${pointerPart(key)}`, owner);
      }
    }
  });
}

function setIfMeasured(target: JsonObject, key: string, value: number): void {
  if (typeof target[key] === 'number' && (target[key] as number) >= 0) target[key] = value;
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function redactRequest(redactor: Redactor, request: JsonObject, pointer: string): void {
  const headersOwner: Owner = { dirty: false };
  for (const key of Object.keys(request)) {
    const at = `${pointer}/${pointerPart(key)}`;
    const value = request[key];
    if (key === 'headers') redactHeaders(redactor, value, at, headersOwner);
    else if (key === 'cookies') redactNamedValues(redactor, value, at, headersOwner, 'cookie');
    else if (key === 'queryString') redactNamedValues(redactor, value, at, { dirty: false }, 'field');
    else if (key === 'postData' && isPlainObject(value)) redactPostData(redactor, request, value, at);
    else redactor.json(request, key, at, { dirty: false });
  }
  redactor.finally(() => {
    if (headersOwner.dirty) setIfMeasured(request, 'headersSize', -1);
  });
}

function redactPostData(redactor: Redactor, request: JsonObject, postData: JsonObject, pointer: string): void {
  const mimeType = typeof postData.mimeType === 'string' ? postData.mimeType : '';
  for (const key of Object.keys(postData)) {
    const at = `${pointer}/${pointerPart(key)}`;
    if (key === 'text') {
      const onBytes = (bytes: number, before: number): void => setIfMeasured(request, 'bodySize', (request.bodySize as number) + bytes - before);
      if (postData.encoding === 'base64') redactBase64Payload(redactor, postData, 'text', mimeType, at, onBytes);
      else redactTextPayload(redactor, postData, 'text', mimeType, at, (text, before) => onBytes(utf8Length(text), utf8Length(before)));
    } else if (key === 'params') {
      redactNamedValues(redactor, postData.params, at, { dirty: false }, 'field');
    } else {
      redactor.json(postData, key, at, { dirty: false });
    }
  }
}

function redactResponse(redactor: Redactor, response: JsonObject, pointer: string): void {
  const headersOwner: Owner = { dirty: false };
  const bodyOwner: Owner = { dirty: false };
  for (const key of Object.keys(response)) {
    const at = `${pointer}/${pointerPart(key)}`;
    const value = response[key];
    if (key === 'headers') redactHeaders(redactor, value, at, headersOwner);
    else if (key === 'cookies') redactNamedValues(redactor, value, at, headersOwner, 'cookie');
    else if (key === 'content' && isPlainObject(value)) redactContent(redactor, value, at, bodyOwner);
    else redactor.json(response, key, at, { dirty: false });
  }
  redactor.finally(() => {
    if (headersOwner.dirty) setIfMeasured(response, 'headersSize', -1);
    // The transfer size counts compressed bytes (and, for _transferSize, headers): unknowable now.
    if (bodyOwner.dirty) setIfMeasured(response, 'bodySize', -1);
    if (headersOwner.dirty || bodyOwner.dirty) setIfMeasured(response, '_transferSize', -1);
  });
}

function redactContent(redactor: Redactor, content: JsonObject, pointer: string, bodyOwner: Owner): void {
  const mimeType = typeof content.mimeType === 'string' ? content.mimeType : '';
  for (const key of Object.keys(content)) {
    const at = `${pointer}/${pointerPart(key)}`;
    if (key !== 'text') {
      redactor.json(content, key, at, { dirty: false });
      continue;
    }
    const onBytes = (bytes: number, before: number): void => {
      bodyOwner.dirty = true;
      setIfMeasured(content, 'size', (content.size as number) + bytes - before);
    };
    if (content.encoding === 'base64') redactBase64Payload(redactor, content, 'text', mimeType, at, onBytes);
    else redactTextPayload(redactor, content, 'text', mimeType, at, (text, before) => onBytes(utf8Length(text), utf8Length(before)));
  }
}

/** Redacts one entry in place (only `keys` of it, when given); call `redactor.flush()` afterwards. */
export function redactEntry(redactor: Redactor, entry: JsonObject, pointer: string, keys: Iterable<string> = Object.keys(entry)): void {
  for (const key of keys) {
    const at = `${pointer}/${pointerPart(key)}`;
    const value = entry[key];
    if (key === 'request' && isPlainObject(value)) redactRequest(redactor, value, at);
    else if (key === 'response' && isPlainObject(value)) redactResponse(redactor, value, at);
    else if (key === '_webSocketMessages' && Array.isArray(value)) redactFrames(redactor, value, negotiatedProtocol(entry), at);
    else redactor.json(entry, key, at, { dirty: false });
  }
}
