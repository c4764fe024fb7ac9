/**
 * The length in characters (code points) of a JSON string's raw content, counted on the bytes
 * without decoding: UTF-8 lead bytes, each escape (`\n`, `\u00e9`, a `\ud83d\ude00` pair) one.
 * The counter takes the content in pieces, so a string too long to hold is counted as it streams.
 */

function hexDigit(c: number): number {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
}

export class CodePointCounter {
  count = 0;
  /** 0: plain text; 1: after a backslash; 2–5: hex digits of a \u escape still to come, plus one. */
  private escape = 0;
  private unit = 0;
  /** The last character was a \u escape of a high surrogate: a \u low surrogate right after pairs with it. */
  private high = false;

  add(bytes: Uint8Array, start: number, end: number): void {
    let i = start;
    while (i < end) {
      if (this.escape === 0) {
        const c = bytes[i]!;
        if (c === 0x5c) {
          this.escape = 1;
        } else if ((c & 0xc0) !== 0x80) {
          this.count++;
          this.high = false;
        }
      } else if (this.escape === 1) {
        if (bytes[i] === 0x75) {
          this.escape = 5;
          this.unit = 0;
        } else {
          this.escape = 0;
          this.count++;
          this.high = false;
        }
      } else {
        this.unit = this.unit * 16 + hexDigit(bytes[i]!);
        if (--this.escape === 1) {
          this.escape = 0;
          const low = this.unit >= 0xdc00 && this.unit <= 0xdfff;
          if (!(this.high && low)) this.count++;
          this.high = !low && this.unit >= 0xd800 && this.unit <= 0xdbff;
        }
      }
      i++;
    }
  }
}

/** The code point length of one whole string's raw content (`escaped`: it holds backslashes). */
export function codePointLength(bytes: Uint8Array, start: number, end: number, escaped: boolean): number {
  if (!escaped) {
    let n = 0;
    for (let i = start; i < end; i++) if ((bytes[i]! & 0xc0) !== 0x80) n++;
    return n;
  }
  const counter = new CodePointCounter();
  counter.add(bytes, start, end);
  return counter.count;
}
