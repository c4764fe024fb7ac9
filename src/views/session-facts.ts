/**
 * Per-request facts the conversation records do not carry, gathered while the messages are fed
 * to the ConversationBuilder: the kernel's own header dates (JupyterLab's `recordTiming`
 * metadata), the connection each output arrived on (to find output recovered from a later
 * connection) and output sizes. State is kept per execute request and per kernel only.
 */
import { isJsonObject, type JsonObject, type MessageRecord } from '../kernel/index.js';
import { jsonBytes } from './json-bytes.js';

/** One WebSocket connection: the HAR entry (per input file) and its client session. */
export interface ConnectionRef {
  file: string;
  entry: number | null;
  session_id: string | null;
}

/** IOPub messages that change an output area (JupyterLab's OutputArea handles these). */
export const OUTPUT_TYPES: ReadonlySet<string> = new Set(['stream', 'display_data', 'execute_result', 'error', 'clear_output', 'update_display_data']);

interface OutputArrival {
  bytes: number;
  /** Connection numbers (see SessionFacts.connectionOf): one, unless delivered on several. */
  connections: number[];
}

export interface RequestFacts {
  /** Connection number of the execute_request's send frame; null while it is not seen. */
  connection: number | null;
  /** `iopub.status.busy`, `iopub.execute_input`, `shell.execute_reply.started`, `shell.execute_reply`, `iopub.status.idle`. */
  timing: Record<string, string>;
  outputs: Map<string, OutputArrival>;
  /** From execute_input: what ran, even when the capture missed the request. */
  code: string | null;
  executionCount: number | null;
}

export interface Recovery {
  /** Output messages that reached the capture only on another connection than the request's. */
  outputs: number;
  connections: ConnectionRef[];
}

export class SessionFacts {
  private readonly requests = new Map<string, RequestFacts>();
  private readonly connectionNumbers = new Map<string, number>();
  private readonly connections: ConnectionRef[] = [];
  private readonly kernelInfo = new Map<string, JsonObject>();
  /** Per kernel, the msg_ids of requests released (the request's own string: no joined key per request). */
  private readonly released = new Map<string, Set<string>>();

  observe(fileIndex: number, file: string, r: MessageRecord): void {
    const connection = this.connectionOf(fileIndex, file, r);
    if (r.direction === 'send') {
      if (r.msg_type === 'execute_request') {
        const facts = this.facts(r.kernel_id, r.msg_id);
        facts.connection ??= connection;
      }
      return;
    }
    if (r.msg_type === 'kernel_info_reply' && r.channel === 'shell') this.kernelInfo.set(r.kernel_id ?? '', r.content);
    if (r.parent_msg_id === null || r.parent_msg_type !== 'execute_request') return;
    const facts = this.facts(r.kernel_id, r.parent_msg_id);
    const date = typeof r.header.date === 'string' ? r.header.date : null;
    if (r.channel === 'iopub' && r.msg_type === 'status' && date !== null) {
      const state = r.content.execution_state;
      if (state === 'busy' || state === 'idle') facts.timing[`iopub.status.${state}`] ??= date;
    } else if (r.channel === 'iopub' && r.msg_type === 'execute_input') {
      if (date !== null) facts.timing['iopub.execute_input'] ??= date;
      if (typeof r.content.code === 'string') facts.code ??= r.content.code;
      if (typeof r.content.execution_count === 'number') facts.executionCount ??= r.content.execution_count;
    } else if (r.channel === 'shell' && r.msg_type === 'execute_reply') {
      if (typeof r.metadata.started === 'string') facts.timing['shell.execute_reply.started'] ??= r.metadata.started;
      if (date !== null) facts.timing['shell.execute_reply'] ??= date;
    } else if (r.channel === 'iopub' && OUTPUT_TYPES.has(r.msg_type)) {
      const arrival = facts.outputs.get(r.msg_id);
      if (arrival === undefined) facts.outputs.set(r.msg_id, { bytes: contentBytes(r.content), connections: [connection] });
      else if (!arrival.connections.includes(connection)) arrival.connections.push(connection);
    }
  }

  /** Forgets a request once its cell is made; later copies of its messages are not gathered again. */
  release(kernelId: string | null, msgId: string): void {
    this.requests.delete(requestKey(kernelId, msgId));
    let released = this.released.get(kernelId ?? '');
    if (released === undefined) this.released.set(kernelId ?? '', (released = new Set()));
    released.add(msgId);
  }

  request(kernelId: string | null, msgId: string): RequestFacts | null {
    return this.requests.get(requestKey(kernelId, msgId)) ?? null;
  }

  /** The kernel's last kernel_info_reply content, if the capture has one. */
  kernelInfoReply(kernelId: string | null): JsonObject | null {
    return this.kernelInfo.get(kernelId ?? '') ?? null;
  }

  /** Output messages that never arrived on the request's own connection, and where they did. */
  recovery(facts: RequestFacts): Recovery | null {
    if (facts.connection === null) return null;
    let outputs = 0;
    const elsewhere = new Set<number>();
    for (const arrival of facts.outputs.values()) {
      if (arrival.connections.includes(facts.connection)) continue;
      outputs++;
      for (const c of arrival.connections) elsewhere.add(c);
    }
    if (outputs === 0) return null;
    return { outputs, connections: [...elsewhere].sort((a, b) => a - b).map((n) => this.connections[n]).filter((c) => c !== undefined) };
  }

  /** A small number per connection (input file, HAR entry, client session), so outputs stay light. */
  private connectionOf(fileIndex: number, file: string, r: MessageRecord): number {
    const key = `${fileIndex}\u0000${r.frame.entry ?? ''}\u0000${r.frame.session_id ?? ''}`;
    let n = this.connectionNumbers.get(key);
    if (n === undefined) {
      n = this.connections.push({ file, entry: r.frame.entry, session_id: r.frame.session_id }) - 1;
      this.connectionNumbers.set(key, n);
    }
    return n;
  }

  private facts(kernelId: string | null, msgId: string): RequestFacts {
    const key = requestKey(kernelId, msgId);
    let facts = this.requests.get(key);
    // A released request's later messages (copies, late output) update a throw-away record.
    if (this.released.get(kernelId ?? '')?.has(msgId) === true) return { connection: null, timing: {}, outputs: new Map(), code: null, executionCount: null };
    if (facts === undefined) {
      facts = { connection: null, timing: {}, outputs: new Map(), code: null, executionCount: null };
      this.requests.set(key, facts);
    }
    return facts;
  }
}

/** What an output message weighs: stream text, or its JSON bundle (UTF-8 bytes). */
function contentBytes(content: JsonObject): number {
  if (typeof content.text === 'string') return Buffer.byteLength(content.text);
  const { data } = content;
  return jsonBytes(isJsonObject(data) ? data : content);
}

function requestKey(kernelId: string | null, msgId: string): string {
  return `${kernelId ?? ''}\u0000${msgId}`;
}
