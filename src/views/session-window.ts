/**
 * Requests held only while they are open. Each execute request's messages are gathered in a
 * bucket keyed by its msg_id (the parent of everything it causes); once its reply and its idle
 * status are in, the bucket goes through the ConversationBuilder on its own and is dropped, so
 * memory follows the requests open at one time, not the length of the capture.
 *
 * Kept to the end instead: requests without a reply or an idle (a reload, a capture ending
 * early), output whose request is not in the capture, and requests that showed a display_id
 * (a later update_display_data may still rewrite them). Messages for a request already built
 * are copies (the same iopub message on another connection: dropped by msg_id) or late output
 * (built at the end and added to its cell).
 */
import { buildConversations, isJsonObject, type ConversationOptions, type ConversationReport, type MessageRecord } from '../kernel/index.js';
import { idList, idListHas } from './id-list.js';

interface Bucket {
  kernel_id: string | null;
  /** The execute_request's msg_id (the parent of everything in the bucket). */
  request: string;
  records: MessageRecord[];
  sawIdle: boolean;
  sawReply: boolean;
  /** Showed a display_id: kept until the end for updates from later requests. */
  displays: boolean;
  /** input_request msg_ids still waiting for their input_reply. */
  pendingInputs: string[];
  client: string | null;
}

export type ReportKind = 'request' | 'late';

export class RequestWindow {
  private readonly open = new Map<string, Bucket>();
  private readonly late = new Map<string, Bucket>();
  /**
   * Built requests per kernel, by the request's msg_id, each with the msg_ids of its messages
   * (`idList`): later copies of them are dropped. One short string per request rather than a set
   * entry per message (the set grew with the capture: every message of a 2 GB one), and no key
   * joining kernel and msg_id (a joined string is a wrapper and its parts).
   */
  private readonly built = new Map<string, Map<string, string>>();
  /** kernel + display_id → the request (its msg_id) whose bucket showed it. */
  private readonly displayOwners = new Map<string, string>();
  /** kernel + input_request msg_id → its request's msg_id. */
  private readonly inputOwners = new Map<string, string>();

  constructor(
    private readonly options: ConversationOptions,
    private readonly onReport: (report: ConversationReport, kind: ReportKind) => void,
  ) {}

  add(r: MessageRecord): void {
    if (r.direction === 'send') {
      if (r.msg_type === 'input_reply') this.addInputReply(r);
      else if (r.msg_type === 'execute_request') this.addTo(r.msg_id, r);
      return;
    }
    // Every request a record goes to is of the record's own kernel: requests are named by msg_id alone.
    const parent = r.parent_msg_id;
    if (parent === null) return;
    if (r.msg_type === 'update_display_data') {
      const owner = this.displayOwners.get(displayKey(r));
      if (owner !== undefined && owner !== parent) this.addTo(owner, r);
    }
    this.addTo(parent, r);
  }

  /** Builds every request still open, then the late output. */
  finish(): void {
    for (const [k, bucket] of [...this.open]) this.build(k, bucket, 'request');
    for (const [, bucket] of this.late) this.onReport(buildConversations(bucket.records, this.options), 'late');
    this.late.clear();
  }

  private addTo(request: string, r: MessageRecord): void {
    const k = key(r.kernel_id, request);
    const built = this.built.get(r.kernel_id ?? '')?.get(request);
    if (built !== undefined) {
      if (idListHas(built, r.msg_id)) return;
      const late = this.late.get(k) ?? newBucket(r.kernel_id, request, null);
      this.late.set(k, late);
      late.records.push(r);
      return;
    }
    let bucket = this.open.get(k);
    if (bucket === undefined) {
      bucket = newBucket(r.kernel_id, request, r.direction === 'send' ? r.frame.session_id : null);
      this.open.set(k, bucket);
    }
    if (r.direction === 'send' && r.msg_type === 'execute_request') bucket.client ??= r.frame.session_id;
    bucket.records.push(r);
    this.note(bucket, r);
    if (bucket.sawIdle && bucket.sawReply && !bucket.displays && bucket.pendingInputs.length === 0) this.build(k, bucket, 'request');
  }

  private note(bucket: Bucket, r: MessageRecord): void {
    if (r.direction !== 'receive') return;
    if (r.msg_type === 'status' && r.content.execution_state === 'idle') bucket.sawIdle = true;
    else if (r.msg_type === 'execute_reply') bucket.sawReply = true;
    else if (r.msg_type === 'input_request') {
      bucket.pendingInputs.push(r.msg_id);
      this.inputOwners.set(key(r.kernel_id, r.msg_id), bucket.request);
    } else if ((r.msg_type === 'display_data' || r.msg_type === 'execute_result') && displayId(r) !== null) {
      bucket.displays = true;
      this.displayOwners.set(displayKey(r), bucket.request);
    }
  }

  /**
   * An input_reply belongs to the request of its input_request: its parent, or (Classic Notebook
   * sends an empty parent_header) the latest request of that kernel and client still waiting.
   */
  private addInputReply(r: MessageRecord): void {
    let owner = r.parent_msg_id === null ? undefined : this.inputOwners.get(key(r.kernel_id, r.parent_msg_id));
    if (owner === undefined && r.parent_msg_id === null) {
      const kernel = r.kernel_id ?? '';
      const waiting = [...this.open.values()].filter((b) => (b.kernel_id ?? '') === kernel && b.pendingInputs.length > 0 && b.client === r.frame.session_id);
      owner = waiting[waiting.length - 1]?.request;
    }
    const bucket = owner === undefined ? undefined : this.open.get(key(r.kernel_id, owner));
    if (owner === undefined || bucket === undefined) return;
    const answered = r.parent_msg_id ?? bucket.pendingInputs[bucket.pendingInputs.length - 1];
    bucket.pendingInputs = bucket.pendingInputs.filter((id) => id !== answered);
    if (answered !== undefined) this.inputOwners.delete(key(r.kernel_id, answered));
    this.addTo(owner, r);
  }

  private build(k: string, bucket: Bucket, kind: ReportKind): void {
    this.open.delete(k);
    let built = this.built.get(bucket.kernel_id ?? '');
    if (built === undefined) this.built.set(bucket.kernel_id ?? '', (built = new Map()));
    built.set(bucket.request, idList(bucket.records.map((r) => r.msg_id)));
    this.onReport(buildConversations(bucket.records, this.options), kind);
  }
}

function newBucket(kernelId: string | null, request: string, client: string | null): Bucket {
  return { kernel_id: kernelId, request, records: [], sawIdle: false, sawReply: false, displays: false, pendingInputs: [], client };
}

function key(kernelId: string | null, msgId: string): string {
  return `${kernelId ?? ''}\u0000${msgId}`;
}

function displayId(r: MessageRecord): string | null {
  const transient = r.content.transient;
  return isJsonObject(transient) && typeof transient.display_id === 'string' ? transient.display_id : null;
}

function displayKey(r: MessageRecord): string {
  return `${r.kernel_id ?? ''}\u0000${displayId(r) ?? ''}`;
}
