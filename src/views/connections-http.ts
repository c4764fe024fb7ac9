/**
 * The REST requests that act on a kernel or a session (jupyter_server's `/api/kernels` and
 * `/api/sessions` handlers): interrupt, restart, shutdown, start. Everything else in a HAR is
 * not part of a session's timeline.
 */
import type { HarEntry } from '../read/har.js';
import { field } from '../ws/connection.js';
import { safeDecode } from '../ws/connection.js';

export type KernelAction = 'interrupt' | 'restart' | 'shutdown' | 'start' | 'session-start' | 'session-delete';

export interface KernelRequest {
  file: string;
  entry: number;
  action: KernelAction;
  method: string;
  /** Path of the request URL, without the query (which may hold a token). */
  path: string;
  /** From the URL; null for requests that do not name the kernel (start, sessions). */
  kernel_id: string | null;
  /** `/api/sessions/<id>`: the session id (the kernel is not in the URL). */
  session_id: string | null;
  /** Epoch ms of startedDateTime. */
  ms: number | null;
  status: number | null;
  duration_ms: number | null;
}

const KERNEL_PATH = /\/api\/kernels\/([^/?#]+)(?:\/(interrupt|restart))?\/?$/;
const KERNELS_PATH = /\/api\/kernels\/?$/;
const SESSION_PATH = /\/api\/sessions\/([^/?#]+)\/?$/;
const SESSIONS_PATH = /\/api\/sessions\/?$/;

export function kernelRequestOf(file: string, index: number, entry: HarEntry): KernelRequest | null {
  const method = field(field(entry, 'request'), 'method');
  const url = field(field(entry, 'request'), 'url');
  if (typeof method !== 'string' || typeof url !== 'string') return null;
  let path: string;
  try {
    path = new URL(url, 'http://relative.invalid/').pathname;
  } catch {
    return null;
  }
  const verb = method.toUpperCase();
  const found = classify(verb, path);
  if (found === null) return null;
  const started = Date.parse(String(field(entry, 'startedDateTime')));
  const status = field(field(entry, 'response'), 'status');
  const time = field(entry, 'time');
  return {
    file,
    entry: index,
    action: found.action,
    method: verb,
    path,
    kernel_id: found.kernel_id,
    session_id: found.session_id,
    ms: Number.isFinite(started) ? started : null,
    status: typeof status === 'number' && status > 0 ? status : null,
    duration_ms: typeof time === 'number' && time >= 0 ? Math.round(time * 1000) / 1000 : null,
  };
}

function classify(verb: string, path: string): { action: KernelAction; kernel_id: string | null; session_id: string | null } | null {
  const kernel = KERNEL_PATH.exec(path);
  if (kernel !== null) {
    const id = safeDecode(kernel[1]!);
    if (kernel[2] === 'interrupt' && verb === 'POST') return { action: 'interrupt', kernel_id: id, session_id: null };
    if (kernel[2] === 'restart' && verb === 'POST') return { action: 'restart', kernel_id: id, session_id: null };
    if (kernel[2] === undefined && verb === 'DELETE') return { action: 'shutdown', kernel_id: id, session_id: null };
    return null;
  }
  if (KERNELS_PATH.test(path) && verb === 'POST') return { action: 'start', kernel_id: null, session_id: null };
  const session = SESSION_PATH.exec(path);
  if (session !== null && verb === 'DELETE') return { action: 'session-delete', kernel_id: null, session_id: safeDecode(session[1]!) };
  if (SESSIONS_PATH.test(path) && verb === 'POST') return { action: 'session-start', kernel_id: null, session_id: null };
  return null;
}

