/**
 * What makes JSON a HAR, checked while it is scanned: an object at the top, a "log" object in
 * it, a "log.entries" array in that, each given once. Every reader holds inputs to it — the
 * streaming HAR reader, `query`'s whole document, `shape` — so the same input gets the same
 * exit code (5) and the same words from every command.
 */
import { FormatError } from '../errors.js';
import { Action, type ScalarKind, type ScanListener } from './scan-listener.js';

export const enum Role {
  None = 0,
  Root = 1,
  Log = 2,
  Entries = 3,
}

export function notHar(file: string, what: string): FormatError {
  return new FormatError(file, `not a HAR: ${what}`);
}

/**
 * Two "log" objects or two "log.entries" arrays. JSON.parse would keep the last; a streamed read
 * has handed out the first one's entries by the time it meets the second, and knowing in advance
 * would cost a second read of the whole file (bench/notes.md: 55 to 70 % of `har urls`), so
 * every command refuses such a file, files and pipes alike.
 */
export function duplicateKey(file: string, path: 'log' | 'log.entries'): FormatError {
  return notHar(
    file,
    `"${path}" appears twice (duplicate key); JSON.parse would keep the last, but a streamed read hands out the first before it meets the second, so harknife refuses the file`,
  );
}

/**
 * The HAR rule as scan events arrive. `begin` is told of every value harknife sees begin at
 * depth 0 to 2, `key` of every key at depth 1 and 2; `opened` and `scalar` then concern the
 * value begun last. Throws FormatError (exit 5) at the first fault.
 */
export class HarOutline {
  sawLog = false;
  sawEntries = false;
  /** The role of the value begun last. */
  role: Role = Role.None;
  private key1 = '';
  private key2 = '';

  constructor(readonly file: string) {}

  key(key: string, depth: number): void {
    if (depth === 1) {
      this.key1 = key;
      if (key === 'log' && this.sawLog) throw duplicateKey(this.file, 'log');
    } else if (depth === 2) {
      this.key2 = key;
      if (key === 'entries' && this.key1 === 'log' && this.sawEntries) throw duplicateKey(this.file, 'log.entries');
    }
  }

  begin(depth: number): Role {
    if (depth === 0) this.role = Role.Root;
    else if (depth === 1) this.role = this.key1 === 'log' ? Role.Log : Role.None;
    else if (depth === 2) this.role = this.key1 === 'log' && this.key2 === 'entries' ? Role.Entries : Role.None;
    else this.role = Role.None;
    return this.role;
  }

  opened(isArray: boolean): void {
    switch (this.role) {
      case Role.Root:
        if (isArray) throw notHar(this.file, 'the top-level value is an array, not an object');
        break;
      case Role.Log:
        if (isArray) throw notHar(this.file, '"log" is an array, not an object');
        this.sawLog = true;
        break;
      case Role.Entries:
        if (!isArray) throw notHar(this.file, '"log.entries" is not an array');
        this.sawEntries = true;
        break;
      default:
    }
    this.role = Role.None;
  }

  scalar(): void {
    switch (this.role) {
      case Role.Root:
        throw notHar(this.file, 'the top-level value is not an object');
      case Role.Log:
        throw notHar(this.file, '"log" is not an object');
      case Role.Entries:
        throw notHar(this.file, '"log.entries" is not an array');
      default:
    }
  }

  /** After the whole input: a top-level "log" with "entries" was there. */
  finish(): void {
    if (!this.sawLog) throw notHar(this.file, 'no "log" object at the top level');
    if (!this.sawEntries) throw notHar(this.file, 'no "log.entries" array');
  }
}

/**
 * A listener held to the HAR rule: `inner` gets every event it asked for, as if alone. Where it
 * skips the top level, "log" or "log.entries", the gate still reads just enough of them (their
 * keys, never the entries) to check them. Call `finish()` after the scan. (For listeners that
 * descend or skip; one with a capture limit reads its captures alone.)
 */
export class HarGate implements ScanListener {
  readonly outline: HarOutline;
  /** ≥ 0: the value opened at this depth is read for the rule only; `inner` skipped it. */
  private hidden = -1;

  constructor(
    file: string,
    private readonly inner: ScanListener,
  ) {
    this.outline = new HarOutline(file);
  }

  get stringLimit(): number | undefined {
    return this.inner.stringLimit;
  }

  beginValue(depth: number): Action {
    const role = this.outline.begin(depth);
    if (this.hidden >= 0) return role === Role.None ? Action.Skip : Action.Descend;
    const action = this.inner.beginValue(depth);
    if (action === Action.Descend || role === Role.None) return action;
    this.hidden = depth;
    return Action.Descend;
  }

  onKey(key: string, depth: number): void {
    this.outline.key(key, depth);
    if (this.hidden < 0) this.inner.onKey(key, depth);
  }

  onOpen(isArray: boolean, depth: number): void {
    this.outline.opened(isArray);
    if (this.hidden < 0) this.inner.onOpen(isArray, depth);
  }

  onClose(isArray: boolean, depth: number): void {
    if (this.hidden < 0) this.inner.onClose(isArray, depth);
    else if (this.hidden === depth) this.hidden = -1;
  }

  onScalar(kind: ScalarKind, bytes: Buffer, start: number, end: number, escaped: boolean): void {
    this.outline.scalar();
    if (this.hidden < 0) this.inner.onScalar(kind, bytes, start, end, escaped);
  }

  onLongString(head: Buffer, size: number, codePoints: number, escaped: boolean): void {
    this.outline.scalar();
    if (this.hidden < 0) this.inner.onLongString?.(head, size, codePoints, escaped);
  }

  onCapture(bytes: Buffer, depth: number): void {
    this.inner.onCapture(bytes, depth);
  }

  finish(): void {
    this.outline.finish();
  }
}
