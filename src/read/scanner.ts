/**
 * A validating, push-based JSON tokenizer over UTF-8 byte chunks.
 *
 * Why not JSON.parse: a HAR of several GB cannot become one V8 string (512 M chars), and
 * building every value costs far more than most commands need. The scanner walks the bytes
 * once; a listener decides per value whether to descend into it (events), capture its raw
 * bytes (for JSON.parse of just that piece) or skip it. Skipped and captured values are still
 * fully validated, so the scanner accepts exactly what JSON.parse accepts.
 */

import { CodePointCounter } from './code-points.js';
import { BACKSLASH, IS_HEX, IS_NUM_CHAR, IS_SIMPLE_ESCAPE, IS_WS, LITERALS, QUOTE, STRING_PLAIN, describeByte, isJsonNumber } from './json-bytes.js';
import { Action, LONG_STRING_HEAD, MAX_NESTING, SKIP_ALL, ScalarKind, ScanError, decodeJsonString, type ScanListener } from './scan-listener.js';
import { DEFAULT_WINDOW, createWasmScan, type KeyFilter, type WasmScan } from './string-simd.js';

const enum State {
  Value = 0,
  ValueOrClose = 1,
  KeyOrClose = 2,
  Key = 3,
  Colon = 4,
  CommaOrClose = 5,
  Done = 6,
  InString = 7,
  InNumber = 8,
  InLiteral = 9,
}

/** String content bytes looked at one by one before handing the rest to WebAssembly. */
const SHORT_RUN = 32;

export interface ScannerOptions {
  /** false: never use WebAssembly (tests compare both paths). */
  simd?: boolean;
  /** A private WebAssembly instance with this window size in bytes (tests use tiny windows). */
  simdWindow?: number;
  /** Bytes of the input before the first chunk written, for error offsets (a read from the middle). */
  offset?: number;
}

/** One instance (and wasm memory) for every scanner: scanning is synchronous, windows are re-checked. */
let sharedWasm: WasmScan | null | undefined;

export class JsonScanner {
  private state: State = State.Value;
  /** After a string finishes: was it an object key? */
  private stringIsKey = false;
  /** The key just read is not one the listener wants (ScanListener.wantedKeys): its value is skipped unannounced. */
  private unwantedMember = false;
  private stringEscaped = false;
  /** Inside a string: 0 normal, 1 after backslash, 2..5 = hex digits of \u still expected + 1. */
  private escapeState = 0;
  /** Parts of a descended string or number token split across chunks. */
  private tokenParts: Buffer[] = [];
  private tokenStart = 0;
  /** Raw bytes of the descended string being read, and its counter once it is over stringLimit. */
  private tokenSize = 0;
  private longString: CodePointCounter | null = null;
  private readonly stringLimit: number;
  /** Where the current number began in the whole input (it may have begun in an earlier chunk). */
  private numberOffset = 0;
  private literal: { text: Buffer; kind: ScalarKind } | null = null;
  private literalIndex = 0;
  private numberText = '';

  /** Container stack: 1 = array, 0 = object. */
  private readonly stack = new Uint8Array(MAX_NESTING);
  /** The listener's wanted keys per open descended object. */
  private readonly filters: (KeyFilter | null)[] = [];
  private depth = 0;

  /** While > -1, events are suppressed until the value opened at this depth ends. */
  private quietDepth = -1;
  private capturing = false;
  private captureParts: Buffer[] = [];
  private captureStart = 0;
  /** Bytes of the capture in captureParts (or dropped), and its limit. */
  private captureSize = 0;
  private captureLimit = Infinity;
  private captureOversized = false;

  /** Bytes consumed before the current chunk. */
  private base = 0;
  private chunk: Buffer = Buffer.alloc(0);

  /** undefined: not looked up yet; null: no WebAssembly (or turned off), use the JavaScript loops. */
  private wasm: WasmScan | null | undefined;

  constructor(
    private readonly listener: ScanListener,
    options: ScannerOptions = {},
  ) {
    this.base = options.offset ?? 0;
    this.stringLimit = listener.stringLimit ?? Infinity;
    if (options.simd === false) this.wasm = null;
    else if (options.simdWindow !== undefined) this.wasm = createWasmScan(options.simdWindow);
  }

  /**
   * A buffer of at least `size` bytes to read the input into, which this scanner then searches
   * in place (its own WebAssembly window, no copy per chunk); null without WebAssembly. Each
   * chunk written must be read there only once the previous one has been written.
   */
  inputBuffer(size: number): Buffer | null {
    if (this.readBuffer !== null) return this.readBuffer.length >= size ? this.readBuffer : null;
    if (this.wasm === null || (this.wasm !== undefined && this.wasm !== sharedWasm)) return null;
    const own = createWasmScan(Math.max(size, DEFAULT_WINDOW));
    this.wasm = own;
    this.readBuffer = own === null ? null : own.readBuffer();
    return this.readBuffer;
  }

  private readBuffer: Buffer | null = null;

  private initWasm(): WasmScan | null {
    sharedWasm ??= createWasmScan();
    this.wasm = sharedWasm;
    return sharedWasm;
  }

  get bytesConsumed(): number {
    return this.base;
  }

  /**
   * Whether the scanner stands where an element of an array at `depth` may begin, after a comma,
   * with no value skipped or captured around it: where a read split at an element boundary
   * hands over (src/read/parallel.ts).
   */
  atElementStart(depth: number): boolean {
    return this.state === State.Value && this.depth === depth && this.stack[depth - 1] === 1 && this.quietDepth === -1 && !this.capturing;
  }

  write(chunk: Buffer): void {
    this.chunk = chunk;
    // The wasm window copy belongs to the previous chunk (or to another scanner).
    this.wasm?.reset();
    const n = chunk.length;
    let i = 0;
    if (this.capturing) this.captureStart = 0;
    if (this.state === State.InString) {
      i = this.continueString(chunk, 0);
      if (i < 0) return this.endChunk(n);
    } else if (this.state === State.InNumber) {
      i = this.continueNumber(chunk, 0);
      if (i < 0) return this.endChunk(n);
    } else if (this.state === State.InLiteral) {
      i = this.continueLiteral(chunk, 0);
      if (i < 0) return this.endChunk(n);
    }
    while (i < n) {
      const c = chunk[i]!;
      if (IS_WS[c] === 1) {
        i++;
        continue;
      }
      if (this.quietDepth >= 0 && this.depth > this.quietDepth) {
        // Inside a skipped or captured container: WebAssembly reads on to its end, or to a
        // token the code below must read.
        const next = this.skipInBulk(chunk, i, n);
        if (next !== i) {
          i = next;
          continue;
        }
      }
      switch (this.state) {
        case State.Value:
        case State.ValueOrClose:
          if (this.state === State.ValueOrClose && c === 0x5d) {
            i = this.closeContainer(1, i);
            break;
          }
          i = this.startValue(chunk, i, c);
          if (i < 0) return this.endChunk(n);
          break;
        case State.KeyOrClose:
        case State.Key:
          if (!this.quiet && this.filters[this.depth - 1] != null) {
            const next = this.skipMembers(chunk, i, n);
            if (next !== i) {
              i = next;
              break;
            }
          }
          if (c === QUOTE) {
            this.stringIsKey = true;
            i = this.startString(chunk, i);
            if (i < 0) return this.endChunk(n);
          } else if (c === 0x7d && this.state === State.KeyOrClose) {
            i = this.closeContainer(0, i);
          } else {
            this.fail(`Unexpected ${describeByte(c)}, expected ${this.state === State.Key ? 'a key' : 'a key or "}"'}`, i);
          }
          break;
        case State.Colon:
          if (c !== 0x3a) this.fail(`Unexpected ${describeByte(c)}, expected ":"`, i);
          this.state = State.Value;
          i++;
          break;
        case State.CommaOrClose: {
          const top = this.stack[this.depth - 1]!;
          if (c === 0x2c) {
            this.state = top === 1 ? State.Value : State.Key;
            i++;
          } else if ((c === 0x5d && top === 1) || (c === 0x7d && top === 0)) {
            i = this.closeContainer(top, i);
          } else {
            this.fail(`Unexpected ${describeByte(c)}, expected "," or "${top === 1 ? ']' : '}'}"`, i);
          }
          break;
        }
        case State.Done:
          this.fail(`Unexpected ${describeByte(c)} after the end of the JSON value`, i);
          break;
        default:
          throw new Error('unreachable scanner state');
      }
    }
    this.endChunk(n);
  }

  /** Signals the end of input; throws ScanError when the document is incomplete. */
  end(): void {
    if (this.state === State.InNumber) {
      const text = this.numberText;
      this.numberText = '';
      this.captureStart = this.chunk.length;
      this.finishNumber(Buffer.from(text, 'latin1'), 0, text.length, this.chunk.length);
    }
    if (this.state !== State.Done) {
      throw new ScanError('Unexpected end of JSON input', this.base);
    }
  }

  private endChunk(n: number): void {
    // Parts kept past this write are copies: the caller may refill the chunk (readChunks' reuseBuffer).
    if (this.capturing && this.captureStart < n) {
      this.captureSize += n - this.captureStart;
      if (this.captureSize > this.captureLimit) {
        // Too big to keep: the rest is only validated and counted.
        this.captureOversized = true;
        this.captureParts = [];
      } else {
        this.captureParts.push(Buffer.from(this.chunk.subarray(this.captureStart, n)));
      }
    }
    this.base += n;
  }

  private fail(reason: string, i: number): never {
    throw new ScanError(reason, this.base + i);
  }

  private get quiet(): boolean {
    return this.quietDepth >= 0;
  }

  /** Returns the index after the token start, or -1 when the chunk ended inside the token. */
  private startValue(chunk: Buffer, i: number, c: number): number {
    if (!this.quiet) {
      const action = this.unwantedMember ? Action.Skip : this.listener.beginValue(this.depth);
      this.unwantedMember = false;
      if (action !== Action.Descend) {
        this.quietDepth = this.depth;
        if (action === Action.Capture) {
          this.capturing = true;
          this.captureParts = [];
          this.captureStart = i;
          this.captureSize = 0;
          this.captureOversized = false;
          this.captureLimit = this.listener.captureLimit ?? Infinity;
        }
      }
    }
    if (c === 0x7b || c === 0x5b) {
      const isArray = c === 0x5b ? 1 : 0;
      if (this.depth === MAX_NESTING) throw new ScanError(`nesting deeper than ${MAX_NESTING} levels`, this.base + i, true);
      this.stack[this.depth++] = isArray;
      if (!this.quiet) {
        this.listener.onOpen(isArray === 1, this.depth - 1);
        if (isArray === 0) this.filters[this.depth - 1] = this.listener.wantedKeys?.(this.depth - 1) ?? null;
      }
      this.state = isArray ? State.ValueOrClose : State.KeyOrClose;
      return i + 1;
    }
    if (c === QUOTE) {
      this.stringIsKey = false;
      return this.startString(chunk, i);
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      this.tokenStart = i;
      this.numberOffset = this.base + i;
      this.numberText = '';
      this.state = State.InNumber;
      return this.continueNumber(chunk, i);
    }
    const literal = LITERALS[c];
    if (literal !== undefined) {
      this.literal = literal;
      this.literalIndex = 0;
      this.tokenStart = i;
      this.state = State.InLiteral;
      return this.continueLiteral(chunk, i);
    }
    this.fail(`Unexpected ${describeByte(c)}, expected a value`, i);
  }

  private skipInBulk(chunk: Buffer, i: number, n: number): number {
    const wasm = this.wasm ?? this.initWasm();
    if (wasm === null) return i;
    const next = wasm.skipQuiet(chunk, i, n, this.depth, this.quietDepth, this.state, this.stack);
    this.depth = wasm.depth;
    this.state = wasm.state as State;
    if (wasm.finished) this.valueDone(next);
    return wasm.inString ? this.readOnInString(chunk, next, n) : next;
  }

  /**
   * WebAssembly stopped inside a skipped string at `at`, with no escape open, in the state the
   * string began in: JavaScript reads on from there (to the chunk's end, where the state stays InString).
   */
  private readOnInString(chunk: Buffer, at: number, n: number): number {
    this.stringIsKey = this.state === State.KeyOrClose || this.state === State.Key;
    this.state = State.InString;
    this.escapeState = 0;
    const next = this.continueString(chunk, at);
    return next < 0 ? n : next;
  }

  /** Steps over the members of the current object the listener does not want (ScanListener.wantedKeys). */
  private skipMembers(chunk: Buffer, i: number, n: number): number {
    const wasm = this.wasm ?? this.initWasm();
    if (wasm === null) return i;
    const next = wasm.members(chunk, i, n, this.depth, this.state, this.filters[this.depth - 1]!, this.stack);
    this.state = wasm.state as State;
    if (!wasm.inValue) return next;
    // Inside a skipped value, as if JavaScript had read its key and begun it.
    this.quietDepth = this.depth;
    this.depth = wasm.depth;
    return wasm.inString ? this.readOnInString(chunk, next, n) : next;
  }

  private closeContainer(isArray: number, i: number): number {
    this.depth--;
    if (!this.quiet) this.listener.onClose(isArray === 1, this.depth);
    this.valueDone(i + 1);
    return i + 1;
  }

  /** Called after a complete value; `end` is the chunk index just past it. */
  private valueDone(end: number): void {
    if (this.quietDepth === this.depth) {
      this.quietDepth = -1;
      if (this.capturing) {
        this.capturing = false;
        const tail = this.chunk.subarray(this.captureStart, end);
        const parts = this.captureParts;
        this.captureParts = [];
        const size = this.captureSize + tail.length;
        if (this.captureOversized || size > this.captureLimit) {
          if (this.listener.onOversized === undefined) throw new ScanError(`a value of ${size} bytes, over the ${this.captureLimit}-byte limit`, this.base + end, true);
          this.listener.onOversized(size, this.depth);
        } else {
          this.listener.onCapture(parts.length === 0 ? tail : Buffer.concat([...parts, tail]), this.depth);
        }
      }
    }
    this.state = this.depth === 0 ? State.Done : State.CommaOrClose;
  }

  private startString(chunk: Buffer, i: number): number {
    this.state = State.InString;
    this.escapeState = 0;
    this.stringEscaped = false;
    this.tokenStart = i + 1;
    this.tokenParts = [];
    this.tokenSize = 0;
    this.longString = null;
    return this.continueString(chunk, i + 1);
  }

  /** Scans string content from `i`; returns the index after the closing quote or -1. */
  private continueString(chunk: Buffer, i: number): number {
    const n = chunk.length;
    let escape = this.escapeState;
    while (i < n) {
      if (escape === 0) {
        // The hot loop of the whole tool: most HAR bytes are inside strings. Short runs are
        // cheapest here; a run longer than SHORT_RUN continues in WebAssembly.
        const stop = i + SHORT_RUN < n ? i + SHORT_RUN : n;
        while (i < stop && STRING_PLAIN[chunk[i]!] === 1) i++;
        if (i === stop && i < n) {
          const wasm = this.wasm ?? this.initWasm();
          if (wasm === null) {
            while (i < n && STRING_PLAIN[chunk[i]!] === 1) i++;
          } else {
            i = wasm.stringEnd(chunk, i, n);
            if (wasm.escaped) this.stringEscaped = true;
          }
        }
        if (i >= n) break;
        const c = chunk[i]!;
        if (c === QUOTE) break;
        if (c !== BACKSLASH) this.fail('Bad control character in string literal', i);
        escape = 1;
        this.stringEscaped = true;
      } else if (escape === 1) {
        const c = chunk[i]!;
        if (c === 0x75) escape = 5;
        else if (IS_SIMPLE_ESCAPE[c] === 1) escape = 0;
        else this.fail('Bad escaped character in string literal', i);
      } else {
        if (IS_HEX[chunk[i]!] !== 1) this.fail('Bad Unicode escape in string literal', i);
        escape = escape === 2 ? 0 : escape - 1;
      }
      i++;
    }
    this.escapeState = escape;
    const keep = !this.quiet;
    if (i >= n) {
      if (keep) {
        this.keepStringPart(chunk, n);
        this.tokenStart = 0;
      }
      return -1;
    }
    if (keep && !this.stringIsKey && (this.longString !== null || this.tokenSize + i - this.tokenStart > this.stringLimit)) {
      this.keepStringPart(chunk, i);
      this.endLongString();
    } else if (keep) {
      let bytes = chunk;
      let start = this.tokenStart;
      let end = i;
      if (this.tokenParts.length > 0) {
        bytes = Buffer.concat([...this.tokenParts, chunk.subarray(this.tokenStart, i)]);
        this.tokenParts = [];
        start = 0;
        end = bytes.length;
      }
      if (this.stringIsKey) {
        const key = decodeJsonString(bytes, start, end, this.stringEscaped);
        const filter = this.filters[this.depth - 1];
        if (filter != null && !filter.keys.has(key)) this.unwantedMember = true;
        else this.listener.onKey(key, this.depth);
      } else {
        this.listener.onScalar(ScalarKind.String, bytes, start, end, this.stringEscaped);
      }
    }
    if (this.stringIsKey) {
      this.state = State.Colon;
    } else {
      this.valueDone(i + 1);
    }
    return i + 1;
  }

  /** Keeps chunk[tokenStart, end) of a descended string, or only counts it once the string is over stringLimit. */
  private keepStringPart(chunk: Buffer, end: number): void {
    const size = end - this.tokenStart;
    this.tokenSize += size;
    if (this.longString !== null) {
      this.longString.add(chunk, this.tokenStart, end);
      const head = this.tokenParts[0]!;
      if (head.length < LONG_STRING_HEAD) this.tokenParts[0] = Buffer.concat([head, chunk.subarray(this.tokenStart, Math.min(end, this.tokenStart + LONG_STRING_HEAD - head.length))]);
      return;
    }
    this.tokenParts.push(Buffer.from(chunk.subarray(this.tokenStart, end)));
    if (this.tokenSize > this.stringLimit && !this.stringIsKey) {
      // From here on the string is counted, not kept, but for its first LONG_STRING_HEAD bytes.
      const counter = new CodePointCounter();
      for (const part of this.tokenParts) counter.add(part, 0, part.length);
      this.longString = counter;
      this.tokenParts = [Buffer.from(Buffer.concat(this.tokenParts).subarray(0, LONG_STRING_HEAD))];
    }
  }

  /** Hands a long string's head, size and length to the listener, which never gets it whole. */
  private endLongString(): void {
    const head = this.tokenParts[0]!;
    const counter = this.longString!;
    this.tokenParts = [];
    this.longString = null;
    this.listener.onLongString!(head, this.tokenSize, counter.count, this.stringEscaped);
  }

  private continueNumber(chunk: Buffer, i: number): number {
    const n = chunk.length;
    const start = i;
    while (i < n && IS_NUM_CHAR[chunk[i]!] === 1) i++;
    if (i >= n) {
      this.numberText += chunk.toString('latin1', start, n);
      return -1;
    }
    if (this.numberText === '') {
      this.finishNumber(chunk, this.tokenStart, i, i);
    } else {
      const text = this.numberText + chunk.toString('latin1', start, i);
      this.numberText = '';
      this.finishNumber(Buffer.from(text, 'latin1'), 0, text.length, i);
    }
    return i;
  }

  /** `chunkEnd` is where the number ends in the current chunk, which a capture needs. */
  private finishNumber(bytes: Buffer, start: number, end: number, chunkEnd: number): void {
    if (!isJsonNumber(bytes, start, end)) {
      const text = bytes.toString('latin1', start, Math.min(end, start + 40));
      throw new ScanError(`Bad number ${JSON.stringify(text)}`, this.numberOffset);
    }
    if (!this.quiet) this.listener.onScalar(ScalarKind.Number, bytes, start, end, false);
    this.valueDone(chunkEnd);
  }

  private continueLiteral(chunk: Buffer, i: number): number {
    const literal = this.literal!;
    const n = chunk.length;
    let k = this.literalIndex;
    while (k < literal.text.length && i < n) {
      if (chunk[i] !== literal.text[k]) this.fail(`Unexpected ${describeByte(chunk[i]!)} in literal`, i);
      i++;
      k++;
    }
    this.literalIndex = k;
    if (k < literal.text.length) return -1;
    if (!this.quiet) this.listener.onScalar(literal.kind, literal.text, 0, literal.text.length, false);
    this.valueDone(i);
    return i;
  }
}

/** Whether `bytes` hold one JSON document harknife reads (valid, at most MAX_NESTING deep), building nothing. */
export function isJsonDocument(bytes: Buffer): boolean {
  try {
    const scanner = new JsonScanner(SKIP_ALL);
    scanner.write(bytes);
    scanner.end();
    return true;
  } catch (error) {
    if (error instanceof ScanError) return false;
    throw error;
  }
}
