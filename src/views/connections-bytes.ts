/**
 * The bytes the server's rate limiter counts for a stream message: the ZMQ parts of the kernel
 * message. jupyter_server (`_limit_rate`) sums header, parent_header, metadata, content and
 * buffers; Notebook 6 (`_on_zmq_reply`) also counts the routing identity, the `<IDS|MSG>`
 * delimiter and the HMAC signature.
 *
 * A `v1.kernel.websocket.jupyter.org` frame carries those parts verbatim after its offset table
 * and channel name, so there the count is exact. Legacy frames carry the message re-serialised
 * by the server, so the parts are estimated by serialising the decoded message the way
 * jupyter_client's packer does (`json.dumps(…, ensure_ascii=False)`: `", "` and `": "`).
 */
import type { MessageRecord } from '../kernel/index.js';
import { decodeBase64 } from '../ws/base64.js';

/** `size - offsets[1]`: everything after the channel name. null when the frame is not readable as v1. */
export function zmqPartsBytes(data: string | null, size: number | null): number | null {
  if (data === null || size === null) return null;
  // 24 bytes: the offset count and the first two offsets.
  const head = decodeBase64(data.slice(0, 32));
  if (head === null || head.byteLength < 24) return null;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const count = view.getBigUint64(0, true);
  const first = view.getBigUint64(8, true);
  const second = view.getBigUint64(16, true);
  if (count < 6n || first !== 8n * (count + 1n) || second < first || second > BigInt(size)) return null;
  return size - Number(second);
}

/** Notebook 6 also counts `stream.<name>` (ipykernel's topic), `<IDS|MSG>` and a 64-hex HMAC-SHA256. */
export const NOTEBOOK6_EXTRA_BYTES = (name: string): number => `stream.${name}`.length + '<IDS|MSG>'.length + 64;

/** Estimated bytes of the four JSON parts and the buffers, as the kernel packed them. */
export function estimatePartsBytes(record: MessageRecord): number {
  let total = pythonJsonBytes(record.header) + pythonJsonBytes(record.parent_header) + pythonJsonBytes(record.metadata) + pythonJsonBytes(record.content);
  for (const buffer of record.buffers) total += buffer.size;
  return total;
}

/** UTF-8 length of Python's `json.dumps(value, ensure_ascii=False)`. */
export function pythonJsonBytes(value: unknown): number {
  if (value === null || value === undefined) return 4;
  switch (typeof value) {
    case 'string':
      // Python escapes the same characters as JSON.stringify, in the same number of bytes.
      return Buffer.byteLength(JSON.stringify(value), 'utf8');
    case 'number':
      // A float that Python wrote as 1.0 reads back as 1: a byte short, rare in headers and content.
      return String(value).length;
    case 'boolean':
      return value ? 4 : 5;
    case 'object': {
      if (Array.isArray(value)) {
        if (value.length === 0) return 2;
        return 2 + value.reduce<number>((sum, item) => sum + pythonJsonBytes(item), 0) + 2 * (value.length - 1);
      }
      const keys = Object.keys(value);
      if (keys.length === 0) return 2;
      let total = 2 + 2 * (keys.length - 1);
      for (const key of keys) total += Buffer.byteLength(JSON.stringify(key), 'utf8') + 2 + pythonJsonBytes((value as Record<string, unknown>)[key]);
      return total;
    }
    default:
      return 4;
  }
}
