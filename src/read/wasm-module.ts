/**
 * The WebAssembly module behind the scanner's bulk paths, assembled here from its opcodes (no
 * build step, no binary in the repository). Three functions over bytes copied into its memory:
 *
 * - `scan(pos, end)`: where plain string content ends (a quote, a control byte, or a backslash
 *   it does not vouch for), 16 bytes per step, stepping over valid escapes itself;
 * - `skip(pos, end, depth, quietDepth, state)`: the grammar of a value no listener looks at
 *   (skipped or captured), token by token, until that value ends or something needs JavaScript;
 * - `members(pos, end, depth, state)`: in an object the listener reads, the members whose keys it
 *   does not want (the key filter at FILTER), each validated and stepped over whole, up to a
 *   wanted key, the object's end or anything else JavaScript must read.
 *
 * Memory (laid out in wasm-layout.ts): the byte classes, the skip results, the key filter (a
 * count, then each wanted key as a length byte and its bytes), the container stack of a skipped
 * value (one byte per level: 1 array, 0 object), then the window of input bytes.
 *
 * `scan` is assembled in wasm-string-scan.ts, which says how it steps over escapes.
 *
 * `skip` runs the scanner's own state machine (states Value 0, ValueOrClose 1, KeyOrClose 2,
 * Key 3, Colon 4, CommaOrClose 5) over whole tokens. It never reports an error: at anything it
 * does not accept (a syntax error, a number followed by a number character, nesting at the
 * limit) it stops at that token's first byte, and the JavaScript scanner, in the same state,
 * reads the token and says what is wrong, exactly as without it. A token cut by the end of the
 * window also stops it at the token's start (status 2), so tokens that straddle chunks are left
 * to JavaScript too — but for strings: where `scan` stops inside one (the window's end, a
 * backslash or control byte it leaves to JavaScript) it stops there, with status 4 and the
 * state the string began in, and JavaScript reads on from that byte (no escape is open there),
 * so a long string cut by the chunk's end is not read twice. It returns the position reached and
 * writes depth, state and status (0 stopped, 1 the skipped value ended, 2 a token is cut, 4
 * inside a string) at OUT_*.
 */

import { CALL, Code, END, I32, I32_EQZ, I32_LOAD, I32_STORE, I32_STORE8, add, and, byteAt, ch, eq, geU, get, gtU, int, leU, littleEndian, ltU, ne, or, select, set, sub, uleb, type Expr } from './wasm-assembler.js';
import { SCAN_LOCALS, scanCode } from './wasm-string-scan.js';
import { CLASS_NUMBER, CLASS_SPACE, ESCAPED, FILTER, OUT_DEPTH, OUT_STATE, OUT_STATUS, SKIP_MAX_NESTING, STACK } from './wasm-layout.js';

/** The body of `skip` (function 1); see the comment at the top for what it does. */
function skipCode(): number[] {
  const [POS, END_ARG, DEPTH, QUIET, STATE] = [0, 1, 2, 3, 4];
  const [C, R, P, D, STATUS] = [5, 6, 7, 8, 9];
  const k = new Code();
  const increment = (local: number, by = 1) => k.emit(set(local, add(get(local), int(by))));
  const stopWith = (status: number) => {
    k.emit(set(STATUS, int(status)));
    k.br('out');
  };
  const cutIf = (condition: Expr) => k.when(condition, () => stopWith(2));
  const close = () => {
    increment(DEPTH, -1);
    increment(POS);
    k.when(eq(get(DEPTH), get(QUIET)), () => stopWith(1));
    k.emit(set(STATE, int(5)));
    k.br('main');
  };
  const valueDone = () => {
    k.emit(set(POS, get(P)), set(STATE, int(5)));
    // A scalar skipped on its own (members' values) is the whole value.
    k.when(eq(get(DEPTH), get(QUIET)), () => stopWith(1));
    k.br('main');
  };
  /** A string at POS: P after its closing quote; anything `scan` stops at besides a quote is JavaScript's. */
  const string = () => {
    k.emit(set(R, [...add(get(POS), int(1)), ...get(END_ARG), CALL, 0]));
    k.emit(set(P, and(get(R), int(ESCAPED - 1))));
    k.when(or(geU(get(P), get(END_ARG)), ne(byteAt(get(P)), ch('"'))), () => {
      k.emit(set(POS, get(P)));
      stopWith(4);
    });
    increment(P);
  };
  const digits = () =>
    k.block('digitsEnd', () =>
      k.loop('digits', () => {
        k.brIf('digitsEnd', geU(get(P), get(END_ARG)));
        k.brIf('digitsEnd', gtU(sub(byteAt(get(P)), ch('0')), int(9)));
        increment(P);
        k.br('digits');
      }),
    );
  /** At least one digit from D, else the token is cut (at the end) or wrong (JavaScript says how). */
  const someDigits = () => {
    k.emit(set(D, get(P)));
    digits();
    k.when(eq(get(P), get(D)), () => {
      cutIf(geU(get(P), get(END_ARG)));
      k.br('out');
    });
  };
  const number = () => {
    k.emit(set(P, get(POS)));
    k.when(eq(get(C), ch('-')), () => increment(P));
    cutIf(geU(get(P), get(END_ARG)));
    k.emit(set(C, byteAt(get(P))));
    k.when(
      eq(get(C), ch('0')),
      () => increment(P),
      () => {
        k.brIf('out', gtU(sub(get(C), ch('1')), int(8)));
        increment(P);
        digits();
      },
    );
    k.when(and(ltU(get(P), get(END_ARG)), eq(byteAt(get(P)), ch('.'))), () => {
      increment(P);
      someDigits();
    });
    k.when(and(ltU(get(P), get(END_ARG)), eq(or(byteAt(get(P)), int(0x20)), ch('e'))), () => {
      increment(P);
      k.when(and(ltU(get(P), get(END_ARG)), or(eq(byteAt(get(P)), ch('+')), eq(byteAt(get(P)), ch('-')))), () => increment(P));
      someDigits();
    });
    // The number may go on in the next chunk; and 01 or 1.2.3 are JavaScript's to reject.
    cutIf(geU(get(P), get(END_ARG)));
    k.brIf('out', and(byteAt(byteAt(get(P))), int(CLASS_NUMBER)));
  };
  const literal = (text: string) => {
    cutIf(gtU(add(get(POS), int(text.length)), get(END_ARG)));
    k.brIf('out', ne([...get(POS), I32_LOAD, 0x00, 0x00], int(littleEndian(text.slice(0, 4)))));
    if (text.length > 4) k.brIf('out', ne(byteAt(get(POS), 4), ch(text.charAt(4))));
    k.emit(set(P, add(get(POS), int(text.length))));
  };

  k.block('out', () =>
    k.loop('main', () => {
      k.block('token', () =>
        k.loop('space', () => {
          k.brIf('out', geU(get(POS), get(END_ARG)));
          k.emit(set(C, byteAt(get(POS))));
          k.brIf('token', [...and(byteAt(get(C)), int(CLASS_SPACE)), I32_EQZ]);
          increment(POS);
          k.br('space');
        }),
      );
      // Colon
      k.when(eq(get(STATE), int(4)), () => {
        k.brIf('out', ne(get(C), ch(':')));
        k.emit(set(STATE, int(0)));
        increment(POS);
        k.br('main');
      });
      // CommaOrClose: R is the innermost container (1 array).
      k.when(eq(get(STATE), int(5)), () => {
        k.emit(set(R, byteAt(sub(get(DEPTH), int(1)), STACK)));
        k.when(eq(get(C), ch(',')), () => {
          k.emit(set(STATE, select(int(0), int(3), get(R))));
          increment(POS);
          k.br('main');
        });
        k.brIf('out', ne(get(C), select(ch(']'), ch('}'), get(R))));
        close();
      });
      // KeyOrClose, Key
      k.when(leU(sub(get(STATE), int(2)), int(1)), () => {
        k.when(and(eq(get(C), ch('}')), eq(get(STATE), int(2))), close);
        k.brIf('out', ne(get(C), ch('"')));
        string();
        k.emit(set(POS, get(P)), set(STATE, int(4)));
        k.br('main');
      });
      // Value, ValueOrClose
      k.when(and(eq(get(C), ch(']')), eq(get(STATE), int(1))), close);
      k.when(or(eq(get(C), ch('{')), eq(get(C), ch('['))), () => {
        k.brIf('out', geU(get(DEPTH), int(SKIP_MAX_NESTING)));
        k.emit(get(DEPTH), eq(get(C), ch('[')), [I32_STORE8, 0x00, ...uleb(STACK)]);
        increment(DEPTH);
        k.emit(set(STATE, select(int(1), int(2), eq(get(C), ch('[')))));
        increment(POS);
        k.br('main');
      });
      k.when(eq(get(C), ch('"')), () => {
        string();
        valueDone();
      });
      k.when(or(eq(get(C), ch('-')), leU(sub(get(C), ch('0')), int(9))), () => {
        number();
        valueDone();
      });
      for (const text of ['true', 'false', 'null']) {
        k.when(eq(get(C), ch(text)), () => {
          literal(text);
          valueDone();
        });
      }
      k.br('out');
    }),
  );
  const store = (address: number, local: number): Expr => [...int(0), ...get(local), I32_STORE, 0x02, ...uleb(address)];
  k.emit(store(OUT_DEPTH, DEPTH), store(OUT_STATE, STATE), store(OUT_STATUS, STATUS), get(POS));
  return k.bytes;
}

/**
 * The body of `members` (function 2), called by the scanner in state KeyOrClose (2) or Key (3)
 * of a descended object at `depth`. Each member whose key is plain (no escape), complete in the
 * window and not in the filter is read — key, colon, value by `skip` — and the state becomes
 * CommaOrClose (5); a comma after it leads to the next key. It stops at a wanted key, a "}" or
 * anything else, with status 0 and the scanner's state at OUT_STATE; a key or colon it cannot
 * finish (an escaped key, a window edge) is left whole to JavaScript, which reads the member as
 * without the filter. Where `skip` stops inside an unwanted member's value (a window edge, a
 * token it leaves to JavaScript), status is 3 (5: inside a string, `skip`'s 4) and OUT_DEPTH,
 * OUT_STATE and STACK are `skip`'s: the scanner goes on skipping that value from there, so a
 * value cut by the chunk's end is not read twice.
 */
function membersCode(): number[] {
  const [POS, END_ARG, DEPTH, STATE] = [0, 1, 2, 3];
  const [C, P, R, N, F, J, IN_VALUE] = [4, 5, 6, 7, 8, 9, 10];
  const k = new Code();
  const increment = (local: number, by = 1) => k.emit(set(local, add(get(local), int(by))));
  /** Steps P over white space; stops (the member left to JavaScript) at the window end. */
  const spaces = () => {
    k.block('spacesEnd', () =>
      k.loop('spaces', () => {
        k.brIf('out', geU(get(P), get(END_ARG)));
        k.brIf('spacesEnd', [...and(byteAt(byteAt(get(P))), int(CLASS_SPACE)), I32_EQZ]);
        increment(P);
        k.br('spaces');
      }),
    );
  };
  k.block('out', () =>
    k.loop('main', () => {
      k.emit(set(P, get(POS)));
      spaces();
      k.emit(set(POS, get(P)), set(C, byteAt(get(POS))));
      k.when(eq(get(STATE), int(5)), () => {
        k.brIf('out', ne(get(C), ch(',')));
        k.emit(set(STATE, int(3)));
        increment(POS);
        k.br('main');
      });
      k.brIf('out', ne(get(C), ch('"')));
      // The key: plain content up to a quote inside the window.
      k.emit(set(R, [...add(get(POS), int(1)), ...get(END_ARG), CALL, 0]));
      k.brIf('out', geU(get(R), int(ESCAPED)));
      k.emit(set(P, get(R)));
      k.brIf('out', geU(get(P), get(END_ARG)));
      k.brIf('out', ne(byteAt(get(P)), ch('"')));
      // Wanted: one of the filter's keys, byte for byte (R = the key's length).
      k.emit(set(R, sub(sub(get(P), get(POS)), int(1))), set(F, int(FILTER + 1)), set(N, byteAt(int(FILTER))));
      k.block('unwanted', () =>
        k.loop('keys', () => {
          k.brIf('unwanted', [...get(N), I32_EQZ]);
          k.when(eq(byteAt(get(F)), get(R)), () => {
            k.emit(set(J, int(0)));
            k.block('differ', () =>
              k.loop('compare', () => {
                k.brIf('out', eq(get(J), get(R)));
                k.brIf('differ', ne(byteAt(add(add(get(F), get(J)), int(1))), byteAt(add(add(get(POS), get(J)), int(1)))));
                increment(J);
                k.br('compare');
              }),
            );
          });
          k.emit(set(F, add(add(get(F), byteAt(get(F))), int(1))));
          increment(N, -1);
          k.br('keys');
        }),
      );
      increment(P);
      spaces();
      k.brIf('out', ne(byteAt(get(P)), ch(':')));
      increment(P);
      spaces();
      k.emit(set(POS, [...get(P), ...get(END_ARG), ...get(DEPTH), ...get(DEPTH), ...int(0), CALL, 1]));
      k.emit(set(R, [...int(0), I32_LOAD, 0x02, ...uleb(OUT_STATUS)]));
      k.when(ne(get(R), int(1)), () => {
        k.emit(set(IN_VALUE, select(int(5), int(3), eq(get(R), int(4)))));
        k.br('out');
      });
      k.emit(set(STATE, int(5)));
      k.br('main');
    }),
  );
  const store = (address: number, value: Expr): Expr => [...int(0), ...value, I32_STORE, 0x02, ...uleb(address)];
  k.when(
    get(IN_VALUE),
    () => k.emit(store(OUT_STATUS, get(IN_VALUE))),
    () => k.emit(store(OUT_STATE, get(STATE)), store(OUT_STATUS, int(0))),
  );
  k.emit(get(POS));
  return k.bytes;
}

export function moduleBytes(): Uint8Array {
  const vector = (items: number[][]) => [...uleb(items.length), ...items.flat()];
  const name = (text: string) => [...uleb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];
  const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];
  const funcType = (params: number) => [0x60, ...vector(Array.from({ length: params }, () => [I32])), ...vector([[I32]])];
  const body = (locals: number[][], code: number[]) => {
    const bytes = [...vector(locals), ...code, END];
    return [...uleb(bytes.length), ...bytes];
  };
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector([funcType(2), funcType(5), funcType(4)])),
    ...section(2, vector([[...name('m'), ...name('mem'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vector([[0], [1], [2]])),
    ...section(7, vector([[...name('scan'), 0x00, 0], [...name('skip'), 0x00, 1], [...name('members'), 0x00, 2]])),
    ...section(10, vector([body(SCAN_LOCALS, scanCode()), body([[5, I32]], skipCode()), body([[7, I32]], membersCode())])),
  ]);
}
