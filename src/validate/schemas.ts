/**
 * The JSON Schemas `har validate` runs through ajv, one object at a time (an entry, a page, the
 * log's own fields), never the whole document.
 *
 * `spec`: HAR 1.2 as written (softwareishard.com/blog/har-12-spec, re-hosted in ahmadnassri/har-spec):
 * required fields and their types; sizes and timings are numbers; send/wait/receive are not
 * negative, the optional timings are -1 or more; `afterRequest`/`beforeRequest` are objects.
 *
 * `schema`: what ahmadnassri/har-schema 2.0.0 (used by har-validator) means, without its bugs: its
 * `"min": -1` and `"optional": true` are not JSON Schema keywords, so ajv ignores them there; here
 * they are `minimum` and "not required". Kept as har-schema has them: `cache` required, integer
 * sizes and status, date-time dates, IPv4/IPv6 `serverIPAddress`, cache entries or null.
 */
type Schema = Record<string, unknown>;

const str = { type: 'string' } as const;
const num = { type: 'number' } as const;
const int = { type: 'integer' } as const;
const bool = { type: 'boolean' } as const;
const pairs = { type: 'array', items: { type: 'object', required: ['name', 'value'], properties: { name: str, value: str, comment: str } } } as const;

function cookies(expires: Schema): Schema {
  return {
    type: 'array',
    items: {
      type: 'object',
      required: ['name', 'value'],
      properties: { name: str, value: str, path: str, domain: str, expires, httpOnly: bool, secure: bool, comment: str },
    },
  };
}

function cacheEntry(hitCount: Schema, dated: Schema): Schema {
  return { type: 'object', required: ['lastAccess', 'eTag', 'hitCount'], properties: { expires: dated, lastAccess: dated, eTag: str, hitCount, comment: str } };
}

function entrySchema(level: 'spec' | 'schema'): Schema {
  const size = level === 'spec' ? num : int;
  const dated = level === 'spec' ? str : { type: 'string', format: 'date-time' };
  const ordinary = { type: 'number', minimum: level === 'spec' ? 0 : -1 };
  const optional = { type: 'number', minimum: -1 };
  const cacheSide = level === 'spec' ? cacheEntry(int, str) : { oneOf: [{ type: 'null' }, cacheEntry(int, dated)] };
  return {
    type: 'object',
    required: ['startedDateTime', 'time', 'request', 'response', 'cache', 'timings'],
    properties: {
      pageref: str,
      startedDateTime: dated,
      time: num,
      request: {
        type: 'object',
        required: ['method', 'url', 'httpVersion', 'cookies', 'headers', 'queryString', 'headersSize', 'bodySize'],
        properties: {
          method: str,
          url: level === 'spec' ? str : { type: 'string', format: 'uri' },
          httpVersion: str,
          cookies: cookies(level === 'spec' ? str : { type: ['string', 'null'], format: 'date-time' }),
          headers: pairs,
          queryString: pairs,
          postData: {
            type: 'object',
            required: ['mimeType'],
            properties: {
              mimeType: str,
              text: str,
              params: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: str, value: str, fileName: str, contentType: str } } },
            },
          },
          headersSize: size,
          bodySize: size,
        },
      },
      response: {
        type: 'object',
        required: ['status', 'statusText', 'httpVersion', 'cookies', 'headers', 'content', 'redirectURL', 'headersSize', 'bodySize'],
        properties: {
          status: size,
          statusText: str,
          httpVersion: str,
          cookies: cookies(level === 'spec' ? str : { type: ['string', 'null'], format: 'date-time' }),
          headers: pairs,
          content: { type: 'object', required: ['size', 'mimeType'], properties: { size, compression: size, mimeType: str, text: str, encoding: str } },
          redirectURL: str,
          headersSize: size,
          bodySize: size,
        },
      },
      cache: { type: 'object', properties: { beforeRequest: cacheSide, afterRequest: cacheSide } },
      timings: {
        type: 'object',
        required: ['send', 'wait', 'receive'],
        properties: { blocked: optional, dns: optional, connect: optional, send: ordinary, wait: ordinary, receive: ordinary, ssl: optional },
      },
      serverIPAddress: level === 'spec' ? str : { type: 'string', anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] },
      connection: str,
      comment: str,
    },
  };
}

function pageSchema(level: 'spec' | 'schema'): Schema {
  return {
    type: 'object',
    required: ['startedDateTime', 'id', 'title', 'pageTimings'],
    properties: {
      startedDateTime: level === 'spec' ? str : { type: 'string', format: 'date-time' },
      id: str,
      title: str,
      pageTimings: { type: 'object', properties: { onContentLoad: { type: 'number', minimum: -1 }, onLoad: { type: 'number', minimum: -1 } } },
    },
  };
}

const creator = { type: 'object', required: ['name', 'version'], properties: { name: str, version: str, comment: str } };

/** The log without its entries. */
function logSchema(): Schema {
  return {
    type: 'object',
    required: ['version', 'creator'],
    properties: { version: str, creator, browser: creator, pages: { type: 'array' }, comment: str },
  };
}

export const SCHEMAS = {
  spec: { entry: entrySchema('spec'), page: pageSchema('spec'), log: logSchema() },
  schema: { entry: entrySchema('schema'), page: pageSchema('schema'), log: logSchema() },
} as const;
