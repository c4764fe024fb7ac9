/**
 * A small WebAssembly assembler for the scanner's module (wasm-module.ts): LEB128, the opcodes
 * used, and `Code`, which emits structured control flow with branch targets named by label.
 */

export function uleb(n: number): number[] {
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
export function sleb(n: number): number[] {
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

export const I32 = 0x7f;
export const V128 = 0x7b;
export const [BLOCK, LOOP, IF, ELSE, END, BR, BR_IF, CALL, SELECT, VOID] = [0x02, 0x03, 0x04, 0x05, 0x0b, 0x0c, 0x0d, 0x10, 0x1b, 0x40];
export const [LOCAL_GET, LOCAL_SET, I32_LOAD, I32_LOAD8_U, I32_STORE, I32_STORE8, I32_CONST] = [0x20, 0x21, 0x28, 0x2d, 0x36, 0x3a, 0x41];
export const [I32_EQZ, I32_EQ, I32_NE, I32_LT_U, I32_GT_U, I32_LE_U, I32_GE_U] = [0x45, 0x46, 0x47, 0x49, 0x4b, 0x4d, 0x4f];
export const [I32_LT_S, I32_GT_S, I32_GE_S] = [0x48, 0x4a, 0x4e];
export const [I32_CTZ, I32_ADD, I32_SUB, I32_AND, I32_OR, I32_XOR, I32_SHL, I32_SHR_U] = [0x68, 0x6a, 0x6b, 0x71, 0x72, 0x73, 0x74, 0x76];
export const [UNREACHABLE, RETURN] = [0x00, 0x0f];

export type Expr = number[];

/** Emits structured code, resolving branch targets by label name instead of by depth. */
export class Code {
  readonly bytes: number[] = [];
  private readonly labels: (string | null)[] = [];

  emit(...parts: Expr[]): void {
    for (const part of parts) this.bytes.push(...part);
  }

  private nest(opcode: number, label: string | null, body: () => void): void {
    this.bytes.push(opcode, VOID);
    this.labels.push(label);
    body();
    this.labels.pop();
    this.bytes.push(END);
  }

  block(label: string, body: () => void): void {
    this.nest(BLOCK, label, body);
  }

  loop(label: string, body: () => void): void {
    this.nest(LOOP, label, body);
  }

  when(condition: Expr, then: () => void, otherwise?: () => void): void {
    this.emit(condition);
    this.bytes.push(IF, VOID);
    this.labels.push(null);
    then();
    if (otherwise !== undefined) {
      this.bytes.push(ELSE);
      otherwise();
    }
    this.labels.pop();
    this.bytes.push(END);
  }

  private depthOf(label: string): number {
    const at = this.labels.lastIndexOf(label);
    if (at < 0) throw new Error(`no label ${label}`);
    return this.labels.length - 1 - at;
  }

  br(label: string): void {
    this.bytes.push(BR, this.depthOf(label));
  }

  brIf(label: string, condition: Expr): void {
    this.emit(condition);
    this.bytes.push(BR_IF, this.depthOf(label));
  }
}

export const get = (local: number): Expr => [LOCAL_GET, local];
export const set = (local: number, value: Expr): Expr => [...value, LOCAL_SET, local];
export const int = (n: number): Expr => [I32_CONST, ...sleb(n)];
export const byteAt = (address: Expr, offset = 0): Expr => [...address, I32_LOAD8_U, 0x00, ...uleb(offset)];
export const op = (code: number) => (a: Expr, b: Expr): Expr => [...a, ...b, code];
export const [eq, ne, ltU, gtU, leU, geU, add, sub, and, or] = [I32_EQ, I32_NE, I32_LT_U, I32_GT_U, I32_LE_U, I32_GE_U, I32_ADD, I32_SUB, I32_AND, I32_OR].map(op) as [
  ReturnType<typeof op>, ReturnType<typeof op>, ReturnType<typeof op>, ReturnType<typeof op>, ReturnType<typeof op>,
  ReturnType<typeof op>, ReturnType<typeof op>, ReturnType<typeof op>, ReturnType<typeof op>, ReturnType<typeof op>,
];
export const [ltS, gtS, geS, xor, shl, shrU] = [I32_LT_S, I32_GT_S, I32_GE_S, I32_XOR, I32_SHL, I32_SHR_U].map(op) as [
  ReturnType<typeof op>, ReturnType<typeof op>, ReturnType<typeof op>, ReturnType<typeof op>, ReturnType<typeof op>, ReturnType<typeof op>,
];
export const eqz = (a: Expr): Expr => [...a, I32_EQZ];
/** Count of trailing zero bits. */
export const ctz = (a: Expr): Expr => [...a, I32_CTZ];
/** `condition ? a : b` */
export const select = (a: Expr, b: Expr, condition: Expr): Expr => [...a, ...b, ...condition, SELECT];
export const ch = (text: string): Expr => int(text.charCodeAt(0));
export const littleEndian = (text: string): number => Array.from(text).reduce((word, c, k) => word | (c.charCodeAt(0) << (8 * k)), 0);
