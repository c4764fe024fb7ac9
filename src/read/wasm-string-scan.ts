/**
 * `scan(pos, end)`, function 0 of the scanner's WebAssembly module (wasm-module.ts assembles the
 * module): where plain string content ends, for the scanner's long strings and for `skip`.
 *
 * `scan` looks at 16 bytes a step. A step without a backslash (nor one carried over from the
 * step before) goes on, or stops at its first quote or control byte. A step with backslashes
 * works out which of its bytes are escaped without leaving the vector loop: simdjson's odd-run
 * trick on the 16-bit backslash mask (with ODD = 0xAAAA and `carry` set when the step before
 * ended in an unfinished escape):
 *
 *     potential = backslashes & ~carry
 *     x         = (((potential << 1) | ODD) - potential) ^ ODD
 *     escaped   = (x ^ (backslashes | carry)) & 0xFFFF      // bytes that follow an escaping backslash
 *     carry     = ((x & backslashes) >> 15) & 1             // the last byte opens an escape
 *
 * Each escaped byte must be a simple escape (class CLASS_ESCAPE: " \ / b f n r t); the first that
 * is not (a \u, or an invalid escape) and the first quote or control byte that is not escaped
 * end the step's run: the byte-by-byte loop below takes over at the first of them (at the
 * backslash, for an escape), and it is what checks the four hex digits of \u and leaves bad
 * escapes, control bytes and the window's end to JavaScript. A window's end inside an escape
 * also hands the escape's backslash to that loop. JSON strings of JSON text (kernel frames,
 * notebook bodies) hold an escape every few dozen bytes; stepping over them in the vector loop
 * reads such strings 12–15 % faster than leaving it for each one (bench/notes.md, "Ninth pass").
 *
 *   byte by byte, from $pos (positions are memory addresses; ESC = 1 << 30 is or-ed into the
 *   result when an escape was stepped over):
 *     $pos >= $end:             return $end | $esc
 *     \ + one of "\/bfnrt:      $pos += 2, $esc = ESC, back to the vector loop
 *     \u + four hex digits:     $pos += 6, $esc = ESC, back to the vector loop
 *     \ otherwise, a control byte or a quote: return $pos | $esc
 *     any other byte:           $pos += 1, back to the vector loop
 */

import { Code, I32, RETURN, UNREACHABLE, V128, add, and, byteAt, ch, ctz, eq, eqz, geS, get, gtS, int, ltS, ltU, ne, or, set, shl, shrU, sub, uleb, xor, type Expr } from './wasm-assembler.js';
import { CLASS_ESCAPE, CLASS_HEX, ESCAPED } from './wasm-layout.js';

/** scan's locals after its two parameters, as (count, type) groups: one v128, then twelve i32. */
export const SCAN_LOCALS = [[1, V128], [12, I32]];

/** The body of `scan`; see the comment at the top. */
export function scanCode(): number[] {
  const [POS, END_ARG, V, LIMIT, ESC, C, BACKSLASHES, STOPS, CARRY, X, ESCAPES, M, BAD, STOP, N] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
  const ODD = 0xaaaa;
  const k = new Code();
  const simd = (opcode: number): Expr => [0xfd, ...uleb(opcode)];
  const [V128_LOAD, I8X16_SPLAT, I8X16_EQ, I8X16_LT_U, V128_OR, I8X16_BITMASK] = [0x00, 0x0f, 0x23, 0x26, 0x50, 0x64];
  /** One bit per byte of the 16 at POS (in V) that compares so with `byte`. */
  const lanes = (byte: number, compare: number): Expr => [...get(V), ...int(byte), ...simd(I8X16_SPLAT), ...simd(compare)];
  const bitmask = (vector: Expr): Expr => [...vector, ...simd(I8X16_BITMASK)];
  const not = (a: Expr): Expr => xor(a, int(-1));
  const returnAt = (local: number) => k.emit(or(get(local), get(ESC)), [RETURN]);
  const stepBy = (n: number) => k.emit(set(POS, add(get(POS), int(n))));
  const stepEscape = (length: number) => {
    stepBy(length);
    k.emit(set(ESC, int(ESCAPED)));
    k.br('outer');
  };
  const hexAt = (offset: number): Expr => byteAt(byteAt(get(POS), offset));
  k.emit(set(LIMIT, sub(get(END_ARG), int(16))));
  k.loop('outer', () => {
    k.block('scalar', () =>
      k.loop('wide', () => {
        k.brIf('scalar', gtS(get(POS), get(LIMIT)));
        k.emit(set(V, [...get(POS), ...simd(V128_LOAD), 0x00, 0x00]));
        k.emit(set(BACKSLASHES, bitmask(lanes(0x5c, I8X16_EQ))));
        k.emit(set(STOPS, bitmask([...lanes(0x20, I8X16_LT_U), ...lanes(0x22, I8X16_EQ), ...simd(V128_OR)])));
        k.when(eqz(or(get(BACKSLASHES), get(CARRY))), () => {
          k.when(get(STOPS), () => {
            k.emit(set(POS, add(get(POS), ctz(get(STOPS)))));
            k.br('scalar');
          });
          stepBy(16);
          k.br('wide');
        });
        k.emit(set(M, and(get(BACKSLASHES), not(get(CARRY)))));
        k.emit(set(X, xor(sub(or(shl(get(M), int(1)), int(ODD)), get(M)), int(ODD))));
        k.emit(set(ESCAPES, and(xor(get(X), or(get(BACKSLASHES), get(CARRY))), int(0xffff))));
        // The first escaped byte that is not a simple escape, as a bit (0: none).
        k.emit(set(BAD, int(0)), set(M, get(ESCAPES)));
        k.block('checked', () =>
          k.loop('check', () => {
            k.brIf('checked', eqz(get(M)));
            k.emit(set(N, ctz(get(M))));
            k.when(eqz(and(byteAt(byteAt(add(get(POS), get(N)))), int(CLASS_ESCAPE))), () => {
              k.emit(set(BAD, shl(int(1), get(N))));
              k.br('checked');
            });
            k.emit(set(M, and(get(M), sub(get(M), int(1)))));
            k.br('check');
          }),
        );
        k.emit(set(STOP, or(get(BAD), and(get(STOPS), not(get(ESCAPES))))));
        k.when(get(STOP), () => {
          // Where the byte-by-byte loop starts: the stop, or the backslash before a bad escaped
          // byte (-1: the last byte of the step before).
          k.emit(set(N, ctz(get(STOP))));
          k.emit(set(N, sub(get(N), eq(shl(int(1), get(N)), get(BAD)))));
          k.when(and(gtS(get(N), int(0)), ne(and(get(ESCAPES), sub(shl(int(1), get(N)), int(1))), int(0))), () => k.emit(set(ESC, int(ESCAPED))));
          k.emit(set(POS, add(get(POS), get(N))), set(CARRY, int(0)));
          k.br('scalar');
        });
        k.when(get(ESCAPES), () => k.emit(set(ESC, int(ESCAPED))));
        k.emit(set(CARRY, and(shrU(and(get(X), get(BACKSLASHES)), int(15)), int(1))));
        stepBy(16);
        k.br('wide');
      }),
    );
    // Out of the vector loop with an escape open: its backslash is the last byte of the step before.
    k.emit(set(POS, sub(get(POS), get(CARRY))), set(CARRY, int(0)));
    k.when(geS(get(POS), get(END_ARG)), () => returnAt(END_ARG));
    k.emit(set(C, byteAt(get(POS))));
    k.when(eq(get(C), int(0x5c)), () => {
      k.when(geS(add(get(POS), int(1)), get(END_ARG)), () => returnAt(POS));
      k.emit(set(C, byteAt(get(POS), 1)));
      k.when(and(byteAt(get(C)), int(CLASS_ESCAPE)), () => stepEscape(2));
      k.when(eq(get(C), ch('u')), () =>
        k.when(ltS(add(get(POS), int(5)), get(END_ARG)), () =>
          k.when(and(and(and(and(hexAt(2), hexAt(3)), hexAt(4)), hexAt(5)), int(CLASS_HEX)), () => stepEscape(6)),
        ),
      );
      returnAt(POS);
    });
    k.when(or(ltU(get(C), int(0x20)), eq(get(C), ch('"'))), () => returnAt(POS));
    stepBy(1);
    k.br('outer');
  });
  k.emit([UNREACHABLE]);
  return k.bytes;
}
