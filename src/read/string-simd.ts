/**
 * The scanner's bulk paths in WebAssembly (module: wasm-module.ts). Most bytes of a HAR are
 * inside long strings (bodies, base64, frame data, JSON held in strings) or inside values no
 * command looks at (headers, timings, bodies of entries a command skips); JavaScript looks at
 * one byte, or one token, per step and starts in its interpreter, while WebAssembly is compiled
 * at once. `stringEnd` finds where plain string content ends, 16 bytes at a time, stepping over
 * valid escapes; `skipQuiet` reads the grammar of a skipped or captured value up to its end.
 * Both stop wherever JavaScript must decide (an error, a token cut by a window edge), and the
 * scanner's JavaScript code takes over there with its usual checks, so errors and chunk
 * boundaries work exactly as without WebAssembly. Where WebAssembly or its SIMD proposal is
 * missing, `createWasmScan` returns null and the scanner keeps its JavaScript loops, which give
 * the same results (test/read/scanner.test.ts runs both).
 *
 * Bytes are copied into the module's memory one window at a time, and the copy is reused until
 * the chunk changes.
 */

import { BASE, ESCAPED, FILTER, FILTER_BYTES, OUT_DEPTH, STACK, fillClassTable } from './wasm-layout.js';
import { moduleBytes } from './wasm-module.js';

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

type ScanFunction = (pos: number, end: number) => number;
type SkipFunction = (pos: number, end: number, depth: number, quietDepth: number, state: number) => number;
type MembersFunction = (pos: number, end: number, depth: number, state: number) => number;

/**
 * The keys a listener wants in an object, as the module compares them (raw UTF-8, which is what
 * an unescaped key is); members with other keys are stepped over in WebAssembly. An escaped key
 * is always left to JavaScript, so it is compared decoded, as without a filter.
 */
export class KeyFilter {
  readonly keys: ReadonlySet<string>;
  /** A count, then each key as its length and bytes; null when they do not fit the module's room. */
  readonly table: Uint8Array | null;

  constructor(keys: Iterable<string>) {
    this.keys = new Set(keys);
    const wanted = [...this.keys];
    const encoded = wanted.map((key) => Buffer.from(key, 'utf8'));
    const size = 1 + encoded.reduce((sum, key) => sum + 1 + key.length, 0);
    // A key with U+FFFD could be met as bytes that are not UTF-8 (decoded to U+FFFD): compared raw, it would not match.
    if (encoded.length > 255 || size > FILTER_BYTES || encoded.some((key) => key.length > 255) || wanted.some((key) => key.includes('\ufffd'))) {
      this.table = null;
      return;
    }
    const table = new Uint8Array(size);
    table[0] = encoded.length;
    let at = 1;
    for (const key of encoded) {
      table[at++] = key.length;
      table.set(key, at);
      at += key.length;
    }
    this.table = table;
  }
}
const enum SkipStatus {
  Stopped = 0,
  Finished = 1,
  Cut = 2,
  /** `members`: inside an unwanted member's value, or (5) inside a string of it. */
  InValue = 3,
  InString = 4,
  InValueString = 5,
}

/**
 * Runs the module over one chunk at a time. `reset` must be called whenever the bytes being
 * searched may have changed (every new chunk): the window copy is reused until then.
 */
export class WasmScan {
  private readonly bytes: Uint8Array;
  private readonly out: Int32Array;
  private windowChunk: Uint8Array | null = null;
  private windowStart = 0;
  private windowEnd = 0;
  /** Whether the last `stringEnd` stepped over at least one escape. */
  escaped = false;
  /** After `skipQuiet`: the scanner's depth and state, and whether the skipped value ended. */
  depth = 0;
  state = 0;
  finished = false;
  /** After `skipQuiet` or `members`: stopped inside a string (no escape open), at a byte JavaScript reads on from. */
  inString = false;

  constructor(
    memory: WasmMemory,
    private readonly scan: ScanFunction,
    private readonly skip: SkipFunction,
    private readonly skipMembers: MembersFunction,
    private readonly window: number,
  ) {
    this.bytes = new Uint8Array(memory.buffer);
    this.out = new Int32Array(memory.buffer, OUT_DEPTH, 3);
    fillClassTable(this.bytes);
  }

  reset(): void {
    this.windowChunk = null;
  }

  /** The filter in the module's memory (one instance serves every scanner). */
  private loadedFilter: KeyFilter | null = null;

  /**
   * Where a reader may read its chunks (readChunks' `buffer`): the window itself, so that a chunk
   * read there is searched where it lies instead of being copied in. Only for a private
   * instance: another scanner sharing the module would copy its own bytes over it.
   */
  readBuffer(): Buffer {
    return Buffer.from(this.bytes.buffer, BASE, this.window);
  }

  /** Makes the window hold `from` (copying from there when it does not). */
  private cover(chunk: Uint8Array, from: number, to: number): void {
    if (this.windowChunk === chunk) {
      if (from >= this.windowStart && from < this.windowEnd) return;
    } else if (chunk.buffer === this.bytes.buffer) {
      // Read into the window (readBuffer): chunk index 0 is at its byte offset.
      this.windowChunk = chunk;
      this.windowStart = BASE - chunk.byteOffset;
      this.windowEnd = chunk.length;
      return;
    }
    const end = Math.min(to, from + this.window);
    this.bytes.set(chunk.subarray(from, end), BASE);
    this.windowChunk = chunk;
    this.windowStart = from;
    this.windowEnd = end;
  }

  /**
   * The first index ≥ `from` and < `to` that ends plain content: a quote, a control byte, or a
   * backslash left to the caller; `to` if none. Valid escapes before it set `escaped`.
   */
  stringEnd(chunk: Uint8Array, from: number, to: number): number {
    let escaped = false;
    for (;;) {
      this.cover(chunk, from, to);
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

  /**
   * Reads the skipped value the scanner is inside (it opened at `quietDepth`; `stack` holds the
   * scanner's containers) from `from`, up to `to` at most, and returns where it stopped: at `to`,
   * just after the value's end (`finished`), or at a token JavaScript must read. `depth`, `state`
   * and `stack` are the scanner's afterwards.
   */
  skipQuiet(chunk: Uint8Array, from: number, to: number, depth: number, quietDepth: number, state: number, stack: Uint8Array): number {
    this.bytes.set(stack.subarray(quietDepth, depth), STACK + quietDepth);
    let status: number = SkipStatus.Stopped;
    for (;;) {
      this.cover(chunk, from, to);
      const limit = Math.min(to, this.windowEnd);
      const shift = BASE - this.windowStart;
      const stop = this.skip(from + shift, limit + shift, depth, quietDepth, state) - shift;
      depth = this.out[0]!;
      state = this.out[1]!;
      status = this.out[2]!;
      from = stop;
      if (limit === to) break;
      // A window edge inside the chunk: go on from there, or from the start of the cut token
      // (unless the token fills a whole window: JavaScript reads it).
      if (status === SkipStatus.Stopped && stop === limit) continue;
      if (status === SkipStatus.Cut && stop > this.windowStart) {
        this.windowChunk = null;
        continue;
      }
      break;
    }
    stack.set(this.bytes.subarray(STACK + quietDepth, STACK + Math.max(depth, quietDepth)), quietDepth);
    this.depth = depth;
    this.state = state;
    this.finished = status === SkipStatus.Finished;
    this.inString = status === SkipStatus.InString;
    return from;
  }

  /** After `members`: it stopped inside an unwanted member's value (opened at the object's depth); `depth`, `state` and the stack are where. */
  inValue = false;

  /**
   * Steps over the members of the object holding values at `depth` (the scanner in state
   * KeyOrClose or Key) whose keys `filter` does not want, within the window that holds `from`;
   * returns where it stopped (`from` when it read nothing), with the scanner's state in `state`
   * — and, when `inValue`, its depth in `depth` and containers in `stack`.
   */
  members(chunk: Uint8Array, from: number, to: number, depth: number, state: number, filter: KeyFilter, stack: Uint8Array): number {
    const table = filter.table;
    if (table === null) return from;
    if (this.loadedFilter !== filter) {
      this.bytes.set(table, FILTER);
      this.loadedFilter = filter;
    }
    this.cover(chunk, from, to);
    const limit = Math.min(to, this.windowEnd);
    const shift = BASE - this.windowStart;
    const stop = this.skipMembers(from + shift, limit + shift, depth, state) - shift;
    this.state = this.out[1]!;
    const status = this.out[2]!;
    this.inValue = status === SkipStatus.InValue || status === SkipStatus.InValueString;
    this.inString = status === SkipStatus.InValueString;
    if (this.inValue) {
      this.depth = this.out[0]!;
      stack.set(this.bytes.subarray(STACK + depth, STACK + this.depth), depth);
    }
    return stop;
  }
}

let compiled: { module: object; api: WasmApi } | null | undefined;

/**
 * Defined by scripts/bundle.mjs in the bins: the module's bytes as base64, assembled at build time.
 * Assembling them is 1-2 ms of every short run's start; the compiled library still does it itself.
 */
declare const HARKNIFE_WASM_BASE64: string | undefined;

function wasmBytes(): Uint8Array {
  return typeof HARKNIFE_WASM_BASE64 === 'string' ? Buffer.from(HARKNIFE_WASM_BASE64, 'base64') : moduleBytes();
}

/** tsconfig's lib is es2022 without DOM, which has no WebAssembly declarations: the part used is typed here. */
function webAssembly(): WasmApi | undefined {
  return (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
}

/** The compiled module (assembled and compiled on first use), or null without WebAssembly SIMD. */
export function compiledModule(): object | null {
  if (compiled === undefined) {
    const api = webAssembly();
    try {
      compiled = api === undefined ? null : { module: new api.Module(wasmBytes()), api };
    } catch {
      compiled = null;
    }
  }
  return compiled?.module ?? null;
}

/**
 * Takes the module another thread compiled (a WebAssembly.Module survives postMessage), so a
 * worker starts scanning without assembling and compiling its own.
 */
export function adoptModule(module: object): void {
  const api = webAssembly();
  if (compiled === undefined && api !== undefined) compiled = { module, api };
}

/** A WasmScan with its own memory, or null when this runtime has no WebAssembly SIMD. */
export function createWasmScan(window: number = DEFAULT_WINDOW): WasmScan | null {
  compiledModule();
  if (compiled === null || compiled === undefined) return null;
  const memory = new compiled.api.Memory({ initial: Math.ceil((BASE + window + 16) / PAGE) });
  const { exports } = new compiled.api.Instance(compiled.module, { m: { mem: memory } });
  return new WasmScan(memory, exports['scan'] as ScanFunction, exports['skip'] as SkipFunction, exports['members'] as MembersFunction, window);
}
