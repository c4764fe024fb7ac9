/**
 * What the HTTP side of a capture says about a session, besides the kernel socket: the
 * notebook document (Jupyter's contents API), which kernel serves which notebook (sessions
 * API) and the kernel specs. Only the newest value of each is kept, so memory does not grow
 * with the capture.
 */
import type { HarEntry } from '../read/har.js';
import { isJsonObject, type JsonObject } from '../kernel/index.js';
import { safeDecode } from '../ws/connection.js';

/** The entry keys `observeEntry` reads, for the reader's projection. */
export const SESSION_ENTRY_FIELDS: readonly (readonly string[])[] = [
  ['startedDateTime'],
  ['request', 'method'],
  ['request', 'postData', 'text'],
  ['response', 'content', 'text'],
  ['response', 'content', 'encoding'],
];

const SESSION_API = /\/api\/(contents|sessions|kernels|kernelspecs)(\/[^?#]*)?(?:[?#]|$)/;

/** Bodies are read only for the Jupyter API entries SessionHttp looks at (a reader's `readValue`). */
export function readSessionValue(entry: Readonly<Record<string, unknown>>, path: readonly string[]): boolean {
  if (path[0] !== 'request' && path[0] !== 'response') return true;
  if (path[1] !== 'postData' && path[1] !== 'content') return true;
  const request = entry.request;
  const url = request !== null && typeof request === 'object' && 'url' in request ? request.url : undefined;
  return typeof url === 'string' && SESSION_API.test(url);
}

/** A notebook as the browser loaded it (`GET /api/contents/<path>`) or saved it (`PUT`). */
export interface NotebookDocument {
  path: string;
  how: 'GET' | 'PUT';
  /** Epoch ms of the entry; the newest document per path wins. */
  time: number;
  file: string;
  entry: number;
  content: JsonObject;
}

export interface KernelSpecInfo {
  name: string;
  display_name: string;
  language: string | null;
}

/** A body that may hold a notebook: kept as text, parsed only if a view asks for its path. */
interface Candidate {
  path: string;
  how: 'GET' | 'PUT';
  time: number;
  file: string;
  entry: number;
  text: string;
  encoding: unknown;
}

export class SessionHttp {
  /** The newest candidate per path: one body each, whatever the number of saves and loads. */
  private readonly candidates = new Map<string, Candidate>();
  private readonly parsed = new Map<string, NotebookDocument | null>();
  /** kernel id → notebook path, from the sessions API. */
  private readonly kernelPaths = new Map<string, string>();
  /** kernel id → kernel spec name, from the sessions and kernels APIs. */
  private readonly kernelNames = new Map<string, string>();
  private readonly specs = new Map<string, KernelSpecInfo>();

  observe(file: string, index: number, entry: HarEntry): void {
    const url = typeof entry.request?.url === 'string' ? entry.request.url : '';
    const api = SESSION_API.exec(url);
    if (api === null) return;
    const method = typeof entry.request?.method === 'string' ? entry.request.method.toUpperCase() : 'GET';
    const status = typeof entry.response?.status === 'number' ? entry.response.status : 0;
    // 304: the browser answered from its cache and the export holds that body. Status 0 is an
    // export that lost the response; a PUT body is still what the browser saved.
    const ok = (status >= 200 && status < 300) || status === 304;
    const time = Date.parse(String(entry.startedDateTime ?? ''));
    const rest = api[2] ?? '';
    if (api[1] === 'contents') {
      if (rest === '' || rest.endsWith('/checkpoints') || /\/checkpoints\//.test(rest)) return;
      const path = safeDecode(rest.slice(1));
      const body = method === 'PUT' && (ok || status === 0) ? entry.request?.postData : method === 'GET' && ok ? entry.response?.content : undefined;
      const text: unknown = body?.text;
      const encoding: unknown = body !== undefined && body !== null && 'encoding' in body ? body.encoding : undefined;
      // A notebook model has cells; content=0 answers, files and directories have none.
      if (typeof text !== 'string' || (encoding !== 'base64' && !text.includes('"cells"'))) return;
      const candidate: Candidate = { path, how: method === 'PUT' ? 'PUT' : 'GET', time: Number.isNaN(time) ? 0 : time, file, entry: index, text, encoding };
      const previous = this.candidates.get(path);
      if (previous === undefined || previous.time <= candidate.time) this.candidates.set(path, candidate);
      return;
    }
    if (!ok || (method !== 'GET' && method !== 'POST' && method !== 'PATCH')) return;
    const body = responseJson(entry);
    if (api[1] === 'kernelspecs') this.observeSpecs(body);
    else for (const model of Array.isArray(body) ? body : [body]) this.observeModel(api[1] === 'sessions', model);
  }

  /** The newest notebook document for a kernel: its session's path, else the only path seen. */
  documentFor(kernelId: string | null): NotebookDocument | null {
    const path = kernelId === null ? undefined : this.kernelPaths.get(kernelId);
    if (path !== undefined) return this.document(path);
    const paths = [...this.candidates.keys()];
    if (paths.length === 1) return this.document(paths[0]!);
    // Several notebooks and no session saying which: only a path no kernel claims can be ours.
    const claimed = new Set(this.kernelPaths.values());
    const unclaimed = paths.filter((p) => !claimed.has(p));
    return unclaimed.length === 1 ? this.document(unclaimed[0]!) : null;
  }

  private document(path: string): NotebookDocument | null {
    const known = this.parsed.get(path);
    if (known !== undefined) return known;
    const candidate = this.candidates.get(path);
    const body = candidate === undefined ? null : parseJson(candidate.text, candidate.encoding);
    const document =
      candidate !== undefined && isJsonObject(body) && isNotebookContent(body.content)
        ? { path, how: candidate.how, time: candidate.time, file: candidate.file, entry: candidate.entry, content: body.content }
        : null;
    this.parsed.set(path, document);
    return document;
  }

  kernelSpec(kernelId: string | null): KernelSpecInfo | null {
    const name = kernelId === null ? undefined : this.kernelNames.get(kernelId);
    if (name === undefined) return null;
    return this.specs.get(name) ?? { name, display_name: name, language: null };
  }

  private observeModel(isSession: boolean, model: unknown): void {
    if (!isJsonObject(model)) return;
    const kernel = isSession ? model.kernel : model;
    if (!isJsonObject(kernel) || typeof kernel.id !== 'string') return;
    if (typeof kernel.name === 'string') this.kernelNames.set(kernel.id, kernel.name);
    const notebook = isJsonObject(model.notebook) ? model.notebook : null;
    const path = typeof model.path === 'string' ? model.path : typeof notebook?.path === 'string' ? notebook.path : null;
    if (isSession && path !== null) this.kernelPaths.set(kernel.id, path);
  }

  private observeSpecs(body: unknown): void {
    if (!isJsonObject(body) || !isJsonObject(body.kernelspecs)) return;
    for (const [name, value] of Object.entries(body.kernelspecs)) {
      const spec = isJsonObject(value) && isJsonObject(value.spec) ? value.spec : null;
      if (spec === null || typeof spec.display_name !== 'string') continue;
      this.specs.set(name, { name, display_name: spec.display_name, language: typeof spec.language === 'string' ? spec.language : null });
    }
  }
}

function isNotebookContent(value: unknown): value is JsonObject {
  return isJsonObject(value) && Array.isArray(value.cells);
}

function responseJson(entry: HarEntry): unknown {
  const content = entry.response?.content;
  return parseJson(content?.text, content?.encoding);
}

function parseJson(text: unknown, encoding: unknown): unknown {
  if (typeof text !== 'string' || text === '') return null;
  try {
    return JSON.parse(encoding === 'base64' ? Buffer.from(text, 'base64').toString('utf8') : text);
  } catch {
    return null;
  }
}

