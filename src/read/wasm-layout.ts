/**
 * The memory of the scanner's WebAssembly module (src/read/wasm-module.ts assembles its code),
 * shared by that code and the JavaScript that drives it (string-simd.ts): a 256-byte table of
 * byte classes (CLASS_*), the skip results (OUT_*), the key filter (FILTER), the container stack
 * of a skipped value (STACK), then the window of input bytes from BASE.
 */

export const CLASS_ESCAPE = 1;
export const CLASS_HEX = 2;
export const CLASS_SPACE = 4;
export const CLASS_NUMBER = 8;
export const OUT_DEPTH = 256;
export const OUT_STATE = 260;
export const OUT_STATUS = 264;
export const FILTER = 512;
/** Room for the key filter: wanted keys that do not fit are not filtered (JavaScript reads every member). */
export const FILTER_BYTES = 512;
export const STACK = 1024;
/** Where the window starts in wasm memory. */
export const BASE = 2048;
/** Set in scan's result when it stepped over an escape. */
export const ESCAPED = 1 << 30;

/** The byte-class table at the start of the module's memory. */
export function fillClassTable(bytes: Uint8Array): void {
  const mark = (chars: string, bit: number) => {
    for (const c of chars) bytes[c.charCodeAt(0)] = (bytes[c.charCodeAt(0)] ?? 0) | bit;
  };
  mark('"\\/bfnrt', CLASS_ESCAPE);
  mark('0123456789abcdefABCDEF', CLASS_HEX);
  mark(' \t\n\r', CLASS_SPACE);
  mark('0123456789+-.eE', CLASS_NUMBER);
}

/** Nesting limit, as MAX_NESTING in scanner.ts (which checks that they agree). */
export const SKIP_MAX_NESTING = 1000;
