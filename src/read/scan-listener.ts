/**
 * What a JsonScanner (scanner.ts) and its listener say to each other: the listener's choices per
 * value, the events of a descended value, the scanner's one error and the limits both keep.
 */
import type { KeyFilter } from './string-simd.js';
import { SKIP_MAX_NESTING } from './wasm-layout.js';

export const enum Action {
  Skip = 0,
  Capture = 1,
  Descend = 2,
}

export const enum ScalarKind {
  String = 1,
  Number = 2,
  True = 3,
  False = 4,
  Null = 5,
}

export interface ScanListener {
  /** A value starts at the current position; `depth` is its nesting depth (root = 0). */
  beginValue(depth: number): Action;
  /** An object key was read in a descended object. */
  onKey(key: string, depth: number): void;
  onOpen(isArray: boolean, depth: number): void;
  onClose(isArray: boolean, depth: number): void;
  /**
   * A scalar in a descended container. For strings, `start`/`end` bound the raw content
   * between the quotes and `escaped` says whether it holds backslash escapes; for the other
   * kinds they bound the token text.
   */
  onScalar(kind: ScalarKind, bytes: Buffer, start: number, end: number, escaped: boolean): void;
  /** The complete bytes of a value whose beginValue returned Capture. */
  onCapture(bytes: Buffer, depth: number): void;
  /**
   * The most bytes a capture may hold, read when one starts; a longer value is validated but
   * not kept, and `onOversized` gets its size instead of `onCapture` its bytes. Absent: no limit.
   */
  readonly captureLimit?: number;
  onOversized?(size: number, depth: number): void;
  /**
   * Descended strings (not keys) with more raw bytes than this are never held whole: instead of
   * `onScalar`, `onLongString` gets their first LONG_STRING_HEAD raw bytes (`head`, which may end
   * inside a character or an escape), their raw size and their length in code points. Read once,
   * when the scanner is made. Absent: no limit.
   */
  readonly stringLimit?: number;
  onLongString?(head: Buffer, size: number, codePoints: number, escaped: boolean): void;
  /**
   * Asked when a descended object opens at `depth`: the only keys whose members the listener
   * wants told about. Members with other keys are validated and skipped without any event (no
   * onKey, no beginValue; stepped over in WebAssembly where it can). null or absent: every member.
   */
  wantedKeys?(depth: number): KeyFilter | null;
}

export class ScanError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
    /** Valid JSON, but past a limit harknife sets (nesting depth), not a syntax error. */
    readonly overLimit = false,
  ) {
    super(`${reason} at byte ${offset}`);
    this.name = 'ScanError';
  }
}

/**
 * Deepest nesting read. Real HARs stay under 50 levels; the limit keeps recursive consumers
 * (JSON.stringify, JSONPath, shape paths) far from stack and memory exhaustion. jq 1.7 stops at
 * 10,000 and jq 1.6 at 256.
 */
export const MAX_NESTING = 1000;
if (MAX_NESTING !== SKIP_MAX_NESTING) throw new Error('the WebAssembly skip has another nesting limit');

/** How much of a string over a listener's stringLimit it is given (enough for any example). */
export const LONG_STRING_HEAD = 4096;

/** Decodes the raw content of a JSON string (between the quotes). */
export function decodeJsonString(bytes: Buffer, start: number, end: number, escaped: boolean): string {
  const raw = bytes.toString('utf8', start, end);
  return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
}

/** Reads nothing: every value, the whole document included, is skipped (still validated). */
export const SKIP_ALL: ScanListener = {
  beginValue: () => Action.Skip,
  onKey: () => undefined,
  onOpen: () => undefined,
  onClose: () => undefined,
  onScalar: () => undefined,
  onCapture: () => undefined,
};
