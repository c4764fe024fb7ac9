/**
 * jupyter_server's IOPub rate limiter, line for line: `ZMQChannelsHandler._limit_rate`
 * (jupyter_server 1.x `services/kernels/handlers.py`, 2.x `connection/channels.py`) and
 * Notebook 6's `_on_zmq_reply` (`notebook/services/kernels/handlers.py`). One limiter per
 * WebSocket connection:
 *
 * - a `status: idle` resets everything (queue, counts, both flags);
 * - `status`, `comm_open` and `execute_input` are never counted nor dropped;
 * - every other message expires the queue entries older than the window, is counted (bytes
 *   only for `stream`), and the rates are count / window;
 * - over a limit (`>`) the flag is set and the notice sent once; the flag clears when the rate
 *   falls below 80 % of the limit;
 * - while either flag is set the message is dropped and uncounted again.
 */

export interface RateLimits {
  /** Messages per second; 0 turns the check off (as in the server). */
  msgRate: number;
  /** Bytes per second; 0 turns the check off. */
  dataRate: number;
  /** Seconds. */
  window: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { msgRate: 1000, dataRate: 1_000_000, window: 3 };

const NOT_COUNTED = new Set(['status', 'comm_open', 'execute_input']);

export interface LimitStep {
  counted: boolean;
  dropped: boolean;
  /** The server would send its notice now. */
  msgTripped: boolean;
  dataTripped: boolean;
  msgResumed: boolean;
  dataResumed: boolean;
  /** Rates after counting this message (before it was uncounted as dropped). */
  msgRate: number;
  dataRate: number;
}

export class IopubRateWindow {
  private queue: { expires: number; bytes: number }[] = [];
  private head = 0;
  private msgCount = 0;
  private byteCount = 0;
  msgsExceeded = false;
  dataExceeded = false;

  constructor(private readonly limits: RateLimits) {}

  /** `now` in seconds; `bytes` is what the server would count for a stream message. */
  take(msgType: string, executionState: unknown, now: number, bytes: number): LimitStep {
    const step: LimitStep = { counted: false, dropped: false, msgTripped: false, dataTripped: false, msgResumed: false, dataResumed: false, msgRate: 0, dataRate: 0 };
    if (msgType === 'status' && executionState === 'idle') this.reset();
    if (NOT_COUNTED.has(msgType)) return step;
    while (this.head < this.queue.length && now >= this.queue[this.head]!.expires) {
      const expired = this.queue[this.head++]!;
      this.byteCount -= expired.bytes;
      this.msgCount -= 1;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    const counted = msgType === 'stream' ? bytes : 0;
    this.msgCount += 1;
    this.byteCount += counted;
    this.queue.push({ expires: now + this.limits.window, bytes: counted });
    step.counted = true;
    step.msgRate = this.msgCount / this.limits.window;
    step.dataRate = this.byteCount / this.limits.window;
    const { msgRate, dataRate } = this.limits;
    if (msgRate > 0 && step.msgRate > msgRate) {
      if (!this.msgsExceeded) [this.msgsExceeded, step.msgTripped] = [true, true];
    } else if (this.msgsExceeded && step.msgRate < 0.8 * msgRate) {
      [this.msgsExceeded, step.msgResumed] = [false, true];
    }
    if (dataRate > 0 && step.dataRate > dataRate) {
      if (!this.dataExceeded) [this.dataExceeded, step.dataTripped] = [true, true];
    } else if (this.dataExceeded && step.dataRate < 0.8 * dataRate) {
      [this.dataExceeded, step.dataResumed] = [false, true];
    }
    if (this.msgsExceeded || this.dataExceeded) {
      this.msgCount -= 1;
      this.byteCount -= counted;
      this.queue.pop();
      step.dropped = true;
    }
    return step;
  }

  /** Messages counted in the window now. */
  get windowCount(): number {
    return this.msgCount;
  }

  /** Stream bytes counted in the window now. */
  get windowBytes(): number {
    return this.byteCount;
  }

  /** When the oldest message still in the window was counted (seconds), or null. */
  get oldestCounted(): number | null {
    const oldest = this.queue[this.head];
    return oldest === undefined ? null : oldest.expires - this.limits.window;
  }

  private reset(): void {
    this.queue = [];
    this.head = 0;
    this.msgCount = 0;
    this.byteCount = 0;
    this.msgsExceeded = false;
    this.dataExceeded = false;
  }
}
