/**
 * A WebAssembly SIMD scan of plain string content. Most bytes of a HAR are inside long strings
 * (bodies, base64, frame data, JSON held in strings), and JavaScript looks at one byte per step;
 * this looks at 16, and steps over valid escapes (`\n`, `\"`, `\u00e9` …) itself, so that
 * escape-heavy text (a notebook's JSON inside `content.text`) never bounces back to JavaScript.
 * It stops at a quote, a control character (< 0x20), or a backslash it does not vouch for (an
 * invalid escape, or one cut by the end of the window): the scanner's JavaScript code takes over
 * there with its usual checks, so errors and chunk boundaries work exactly as without SIMD.
 *
 * The module is assembled here from its opcodes (about 300 bytes; no build step, no binary in the
 * repository). Bytes are copied into the module's memory one window at a time, after a 256-byte
 * table of byte classes (bit 0: a one-letter escape, bit 1: a hex digit). Where WebAssembly or
 * its SIMD proposal is missing, `createStringFinder` returns null and the scanner keeps its
 * JavaScript loop, which gives the same results (test/read/scanner.test.ts runs both).
 *
 * The function, in the text format (positions are memory addresses; ESC = 1 << 30 is or-ed into
 * the result when an escape was stepped over):
 *
 *   (func $scan (param $pos i32) (param $end i32) (result i32)
 *     (local $v v128) (local $mask i32) (local $limit i32) (local $esc i32) (local $c i32)
 *     (local.set $limit (i32.sub (local.get $end) (i32.const 16)))
 *     (loop $outer
 *       (block $scalar (loop $wide
 *         (br_if $scalar (i32.gt_s (local.get $pos) (local.get $limit)))
 *         (local.set $v (v128.load (local.get $pos)))
 *         (if (local.tee $mask (i8x16.bitmask (v128.or (v128.or
 *               (i8x16.lt_u (local.get $v) (i8x16.splat (i32.const 0x20)))
 *               (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x22))))
 *               (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x5c))))))
 *           (then (local.set $pos (i32.add (local.get $pos) (i32.ctz (local.get $mask))))
 *                 (br $scalar)))
 *         (local.set $pos (i32.add (local.get $pos) (i32.const 16)))
 *         (br $wide)))
 *       (if (i32.ge_s (local.get $pos) (local.get $end))
 *         (then (return (i32.or (local.get $end) (local.get $esc)))))
 *       (local.set $c (i32.load8_u (local.get $pos)))
 *       (if (i32.eq (local.get $c) (i32.const 0x5c)) (then
 *         (if (i32.ge_s (i32.add (local.get $pos) (i32.const 1)) (local.get $end))
 *           (then (return (i32.or (local.get $pos) (local.get $esc)))))
 *         (local.set $c (i32.load8_u offset=1 (local.get $pos)))
 *         (if (i32.and (i32.load8_u (local.get $c)) (i32.const 1)) (then
 *           (local.set $pos (i32.add (local.get $pos) (i32.const 2)))
 *           (local.set $esc (i32.const ESC))
 *           (br $outer)))
 *         (if (i32.eq (local.get $c) (i32.const 0x75)) (then
 *           (if (i32.lt_s (i32.add (local.get $pos) (i32.const 5)) (local.get $end)) (then
 *             (if (i32.and (i32.and (i32.and (i32.and
 *                   (i32.load8_u (i32.load8_u offset=2 (local.get $pos)))
 *                   (i32.load8_u (i32.load8_u offset=3 (local.get $pos))))
 *                   (i32.load8_u (i32.load8_u offset=4 (local.get $pos))))
 *                   (i32.load8_u (i32.load8_u offset=5 (local.get $pos))))
 *                   (i32.const 2))
 *               (then (local.set $pos (i32.add (local.get $pos) (i32.const 6)))
 *                     (local.set $esc (i32.const ESC))
 *                     (br $outer)))))))
 *         (return (i32.or (local.get $pos) (local.get $esc)))))
 *       (if (i32.or (i32.lt_u (local.get $c) (i32.const 0x20)) (i32.eq (local.get $c) (i32.const 0x22)))
 *         (then (return (i32.or (local.get $pos) (local.get $esc)))))
 *       (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
 *       (br $outer))
 *     (unreachable))
 */

/** Bytes copied into wasm memory at a time. */
export const DEFAULT_WINDOW = 1 << 20;
const PAGE = 1 << 16;

interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a small non-negative constant (< 64 fits one byte; 0x5c needs two). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function moduleBytes(): Uint8Array {
  const I32 = 0x7f;
  const V128 = 0x7b;
  const simd = (op: number) => [0xfd, ...uleb(op)];
  const [LOCAL_GET, LOCAL_SET, LOCAL_TEE] = [0x20, 0x21, 0x22];
  const [UNREACHABLE, BLOCK, LOOP, IF, END, BR, BR_IF, RETURN, VOID] = [0x00, 0x02, 0x03, 0x04, 0x0b, 0x0c, 0x0d, 0x0f, 0x40];
  const I32_CONST = 0x41;
  const [I32_EQ, I32_LT_S, I32_LT_U, I32_GT_S, I32_GE_S, I32_CTZ, I32_ADD, I32_SUB, I32_AND, I32_OR] = [0x46, 0x48, 0x49, 0x4a, 0x4e, 0x68, 0x6a, 0x6b, 0x71, 0x72];
  const [V128_LOAD, I8X16_SPLAT, I8X16_EQ, I8X16_LT_U, V128_OR, I8X16_BITMASK] = [0x00, 0x0f, 0x23, 0x26, 0x50, 0x64];
  const [POS, END_ARG, V, MASK, LIMIT, ESC, C] = [0, 1, 2, 3, 4, 5, 6];
  const get = (local: number) => [LOCAL_GET, local];
  const set = (local: number) => [LOCAL_SET, local];
  const constant = (n: number) => [I32_CONST, ...sleb(n)];
  /** i32.load8_u with a constant offset (alignment 1). */
  const load8 = (offset: number) => [0x2d, 0x00, ...uleb(offset)];
  const splatCompare = (byte: number, compare: number) => [...get(V), ...constant(byte), ...simd(I8X16_SPLAT), ...simd(compare)];
  const advance = (by: number) => [...get(POS), ...constant(by), I32_ADD, ...set(POS)];
  const returnPos = (local: number) => [...get(local), ...get(ESC), I32_OR, RETURN];
  const classOfByteAt = (offset: number) => [...get(POS), ...load8(offset), ...load8(0)];
  const code = [
    ...get(END_ARG), ...constant(16), I32_SUB, ...set(LIMIT),
    LOOP, VOID, // $outer
    BLOCK, VOID, LOOP, VOID, // $scalar, $wide
    ...get(POS), ...get(LIMIT), I32_GT_S, BR_IF, 1,
    ...get(POS), ...simd(V128_LOAD), 0x00, 0x00, ...set(V),
    ...splatCompare(0x20, I8X16_LT_U), ...splatCompare(0x22, I8X16_EQ), ...splatCompare(0x5c, I8X16_EQ),
    ...simd(V128_OR), ...simd(V128_OR), ...simd(I8X16_BITMASK), LOCAL_TEE, MASK,
    IF, VOID, ...get(POS), ...get(MASK), I32_CTZ, I32_ADD, ...set(POS), BR, 2, END,
    ...advance(16),
    BR, 0, END, END,
    ...get(POS), ...get(END_ARG), I32_GE_S, IF, VOID, ...returnPos(END_ARG), END,
    ...get(POS), ...load8(0), ...set(C),
    ...get(C), ...constant(0x5c), I32_EQ, IF, VOID,
    ...get(POS), ...constant(1), I32_ADD, ...get(END_ARG), I32_GE_S, IF, VOID, ...returnPos(POS), END,
    ...get(POS), ...load8(1), ...set(C),
    ...get(C), ...load8(0), ...constant(1), I32_AND, IF, VOID,
    ...advance(2), ...constant(1 << 30), ...set(ESC), BR, 2, END,
    ...get(C), ...constant(0x75), I32_EQ, IF, VOID,
    ...get(POS), ...constant(5), I32_ADD, ...get(END_ARG), I32_LT_S, IF, VOID,
    ...classOfByteAt(2), ...classOfByteAt(3), I32_AND, ...classOfByteAt(4), I32_AND, ...classOfByteAt(5), I32_AND,
    ...constant(2), I32_AND, IF, VOID,
    ...advance(6), ...constant(1 << 30), ...set(ESC), BR, 4, END,
    END, END,
    ...returnPos(POS),
    END,
    ...get(C), ...constant(0x20), I32_LT_U, ...get(C), ...constant(0x22), I32_EQ, I32_OR, IF, VOID, ...returnPos(POS), END,
    ...advance(1),
    BR, 0,
    END, // $outer
    UNREACHABLE, END,
  ];
  const vector = (items: number[][]) => [...uleb(items.length), ...items.flat()];
  const name = (text: string) => [...uleb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];
  const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];
  const body = [...vector([[1, V128], [4, I32]]), ...code];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector([[0x60, ...vector([[I32], [I32]]), ...vector([[I32]])]])),
    ...section(2, vector([[...name('m'), ...name('mem'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vector([[0]])),
    ...section(7, vector([[...name('scan'), 0x00, 0]])),
    ...section(10, vector([[...uleb(body.length), ...body]])),
  ]);
}

/** Where the window starts in wasm memory: after the byte-class table. */
const BASE = 256;
const ESCAPED = 1 << 30;

/**
 * Scans string content of one chunk at a time. `reset` must be called whenever the bytes being
 * searched may have changed (every new chunk): the window copy is reused until then.
 */
export class StringFinder {
  private bytes: Uint8Array;
  private windowChunk: Uint8Array | null = null;
  private windowStart = 0;
  private windowEnd = 0;
  /** Whether the last `next` stepped over at least one escape. */
  escaped = false;

  constructor(
    memory: WasmMemory,
    private readonly scan: (pos: number, end: number) => number,
    private readonly window: number,
  ) {
    this.bytes = new Uint8Array(memory.buffer);
    const mark = (chars: string, bit: number) => {
      for (const c of chars) this.bytes[c.charCodeAt(0)] = (this.bytes[c.charCodeAt(0)] ?? 0) | bit;
    };
    mark('"\\/bfnrt', 1);
    mark('0123456789abcdefABCDEF', 2);
  }

  reset(): void {
    this.windowChunk = null;
  }

  /**
   * The first index ≥ `from` and < `to` that ends plain content: a quote, a control byte, or a
   * backslash left to the caller; `to` if none. Valid escapes before it set `escaped`.
   */
  next(chunk: Uint8Array, from: number, to: number): number {
    let escaped = false;
    for (;;) {
      if (this.windowChunk !== chunk || from < this.windowStart || from >= this.windowEnd) {
        const end = Math.min(to, from + this.window);
        this.bytes.set(chunk.subarray(from, end), BASE);
        this.windowChunk = chunk;
        this.windowStart = from;
        this.windowEnd = end;
      }
      const limit = Math.min(to, this.windowEnd);
      const shift = BASE - this.windowStart;
      const result = this.scan(from + shift, limit + shift);
      if (result >= ESCAPED) escaped = true;
      const found = (result & (ESCAPED - 1)) - shift;
      if (found < limit || limit === to) {
        this.escaped = escaped;
        return found;
      }
      from = limit;
    }
  }
}

let compiled: { module: object; api: WasmApi } | null | undefined;

/** A finder with its own memory, or null when this runtime has no WebAssembly SIMD. */
export function createStringFinder(window: number = DEFAULT_WINDOW): StringFinder | null {
  if (compiled === undefined) {
    // tsconfig's lib is es2022 without DOM, which has no WebAssembly declarations: the part used is typed here.
    const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
    try {
      compiled = api === undefined ? null : { module: new api.Module(moduleBytes()), api };
    } catch {
      compiled = null;
    }
  }
  if (compiled === null) return null;
  const memory = new compiled.api.Memory({ initial: Math.ceil((BASE + window + 16) / PAGE) });
  const instance = new compiled.api.Instance(compiled.module, { m: { mem: memory } });
  const scan = instance.exports['scan'] as (pos: number, end: number) => number;
  return new StringFinder(memory, scan, window);
}
