import { JsonScanner } from './scanner.js';
import { Action, ScalarKind, ScanError, decodeJsonString, type ScanListener } from './scan-listener.js';
import { setOwn } from '../util/values.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Builds plain JS values from scanner events: the scanner's equivalent of JSON.parse. */
export class ValueBuilder implements ScanListener {
  private readonly containers: (JsonValue[] | Record<string, JsonValue>)[] = [];
  private readonly keys: string[] = [];
  private root: JsonValue | undefined;
  private hasRoot = false;

  get value(): JsonValue {
    if (!this.hasRoot) throw new Error('no value was scanned');
    return this.root as JsonValue;
  }

  beginValue(): Action {
    return Action.Descend;
  }

  onKey(key: string): void {
    this.keys[this.containers.length - 1] = key;
  }

  onOpen(isArray: boolean): void {
    const container: JsonValue[] | Record<string, JsonValue> = isArray ? [] : {};
    this.add(container);
    this.containers.push(container);
  }

  onClose(): void {
    this.containers.pop();
  }

  onScalar(kind: ScalarKind, bytes: Buffer, start: number, end: number, escaped: boolean): void {
    this.add(scalarValue(kind, bytes, start, end, escaped));
  }

  onCapture(): void {
    throw new Error('ValueBuilder never captures');
  }

  private add(value: JsonValue): void {
    const depth = this.containers.length;
    if (depth === 0) {
      this.root = value;
      this.hasRoot = true;
      return;
    }
    const parent = this.containers[depth - 1]!;
    if (Array.isArray(parent)) parent.push(value);
    else defineMember(parent, this.keys[depth - 1]!, value);
  }
}

/** A member of a built object: an own property even for `__proto__`, as JSON.parse makes it. */
export const defineMember: (target: Record<string, JsonValue>, key: string, value: JsonValue) => void = setOwn;

export function scalarValue(kind: ScalarKind, bytes: Buffer, start: number, end: number, escaped: boolean): JsonValue {
  switch (kind) {
    case ScalarKind.String:
      return decodeJsonString(bytes, start, end, escaped);
    case ScalarKind.Number:
      return Number(bytes.toString('latin1', start, end));
    case ScalarKind.True:
      return true;
    case ScalarKind.False:
      return false;
    case ScalarKind.Null:
      return null;
  }
}

/** Parses a complete document given as chunks; throws ScanError like JSON.parse throws SyntaxError. */
export function parseChunks(chunks: Iterable<Buffer>): JsonValue {
  const builder = new ValueBuilder();
  const scanner = new JsonScanner(builder);
  for (const chunk of chunks) scanner.write(chunk);
  scanner.end();
  return builder.value;
}

/**
 * Why a text is not JSON, and where, without quoting it: V8's own messages repeat a piece of
 * the input, and a HAR's text can hold tokens and cookies.
 */
export function describeJsonError(text: string): string {
  try {
    parseChunks([Buffer.from(text, 'utf8')]);
  } catch (error) {
    if (error instanceof ScanError) return error.message;
  }
  return 'not valid JSON';
}
