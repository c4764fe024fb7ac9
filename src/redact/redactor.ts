/**
 * The state of one redaction run and the three phases each entry goes through:
 *
 * 1. `text` / `json` apply the structural and free-text rules at once and register every string
 *    they leave in the entry's batch (with the body or frame it belongs to);
 * 2. `flush` runs what is cheaper over all strings of an entry joined together: the secrets
 *    already learnt (the Jupyter token from a URL, an `Authorization` credential, the `_xsrf`
 *    value) wherever they occur, and secretlint's credential formats;
 * 3. the finalisers of the bodies and frames that changed encode them again (JSON, base64,
 *    kernel wire formats) and fix the sizes.
 */
import type { RE2JS } from 're2js';
import { pointerPart } from '../util/pointer.js';
import { setOwn } from '../util/values.js';
import { containsPlaceholder, isPlaceholder, Placeholders } from './placeholder.js';
import { ReportCollector } from './report.js';
import { isSecretHeader, isSecretName } from './rules.js';
import { findCredentials } from './secretlint.js';
import { redactFreeText, type Replace } from './text-rules.js';

export interface RedactorOptions {
  key: Buffer;
  /** Names (headers, cookies, fields) never redacted, in lower case. */
  keep: ReadonlySet<string>;
  /** Extra patterns (linear-time RE2); a match, or its first group when it has one, is redacted. */
  also: readonly RE2JS[];
  placeLimit?: number;
}

/** A body, a frame, a header list: whatever must be re-encoded or re-measured when a string in it changed. */
export interface Owner {
  dirty: boolean;
}

type Holder = Record<string, unknown> | unknown[];

interface Slot {
  holder: Holder;
  key: string | number;
  pointer: string;
  owner: Owner;
}

/** Learnt secrets shorter than this are too likely to occur by chance to be replaced everywhere. */
const MIN_LEARNT_LENGTH = 12;
const MAX_LEARNT = 64;
/** Rules whose values are replaced wherever they occur later. */
const LEARNT_RULES = new Set(['header', 'cookie', 'key=value', 'field', 'html-field', 'form-field', 'bearer']);
const SEPARATOR = '\n\u0000\n';
/** Strings (or finalisers) gathered before an early flush: a few MB of text at most. */
const FLUSH_SLOTS = 4096;
const BASIC_AUTH_URL = /^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)([^@\s]+)(@.*)$/is;

export class Redactor {
  readonly collector: ReportCollector;
  private readonly placeholders: Placeholders;
  private readonly learnt = new Set<string>();
  private pattern: RegExp | null = null;
  private patternSize = 0;
  private slots: Slot[] = [];
  private finalisers: (() => void)[] = [];

  constructor(readonly options: RedactorOptions) {
    this.placeholders = new Placeholders(options.key);
    this.collector = new ReportCollector(options.placeLimit);
  }

  /** The placeholder for `secret`, recorded at `pointer` under `rule`. */
  secret(secret: string, rule: string, pointer: string, owner: Owner, name?: string): string {
    if (isPlaceholder(secret)) return secret;
    owner.dirty = true;
    this.collector.record(pointer, rule);
    if (LEARNT_RULES.has(rule) && secret.length >= MIN_LEARNT_LENGTH && this.learnt.size < MAX_LEARNT && worthLearning(rule, name)) {
      this.learnt.add(secret);
    }
    return this.placeholders.for(secret);
  }

  private replacer(pointer: string, owner: Owner): Replace {
    return (secret, rule, name) => this.secret(secret, rule, pointer, owner, name);
  }

  isKept(name: string): boolean {
    return this.options.keep.has(name.toLowerCase());
  }

  /** Free text at holder[key]: rules now, learnt secrets and credential formats at the flush. */
  text(holder: Holder, key: string | number, pointer: string, owner: Owner): void {
    const value = (holder as Record<string | number, unknown>)[key];
    if (typeof value !== 'string' || value === '' || isPlaceholder(value)) return;
    let out = redactFreeText(value, this.replacer(pointer, owner), this.options.keep);
    for (const pattern of this.options.also) out = this.applyPattern(pattern, out, pointer, owner);
    if (out !== value) put(holder, key, out);
    if (out.length >= 8) this.slots.push({ holder, key, pointer, owner });
  }

  private applyPattern(pattern: RE2JS, text: string, pointer: string, owner: Owner): string {
    const matcher = pattern.matcher(text);
    const group = pattern.groupCount() > 0 ? 1 : 0;
    let out = '';
    let last = 0;
    while (matcher.find()) {
      const start = matcher.start(group);
      const end = matcher.end(group);
      if (start < 0 || end <= start) continue;
      const secret = text.slice(start, end);
      if (containsPlaceholder(secret)) continue;
      out += text.slice(last, start) + this.secret(secret, 'also', pointer, owner);
      last = end;
    }
    return last === 0 ? text : out + text.slice(last);
  }

  /**
   * Any JSON value at holder[key], in place: object members named like secrets lose their
   * values, `{name, value}` pairs of secret names too, strings go through the free-text rules.
   */
  json(holder: Holder, key: string | number, pointer: string, owner: Owner): void {
    const value = (holder as Record<string | number, unknown>)[key];
    if (typeof value === 'string') {
      this.text(holder, key, pointer, owner);
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) this.json(value, i, `${pointer}/${i}`, owner);
    } else if (value !== null && typeof value === 'object') {
      this.jsonObject(value as Record<string, unknown>, pointer, owner);
    }
  }

  private jsonObject(object: Record<string, unknown>, pointer: string, owner: Owner): void {
    const pairName = typeof object.name === 'string' && typeof object.value === 'string' ? object.name : null;
    const pairIsSecret = pairName !== null && !this.isKept(pairName) && (isSecretName(pairName) || isSecretHeader(pairName));
    for (const member of Object.keys(object)) {
      const at = `${pointer}/${pointerPart(member)}`;
      const value = object[member];
      const secretMember = (pairIsSecret && member === 'value') || (isSecretName(member) && !this.isKept(member));
      if (secretMember && (typeof value === 'string' || typeof value === 'number') && value !== '') {
        setOwn(object, member, this.secret(String(value), 'field', at, owner, pairName ?? member));
      } else {
        this.json(object, member, at, owner);
      }
    }
  }

  /** Registers work to run once the entry's strings are final (re-encoding, sizes). */
  finally(finaliser: () => void): void {
    this.finalisers.push(finaliser);
  }

  /**
   * Flushes early once the batch is big (a WebSocket entry can hold tens of MB of frames), so
   * memory stays bounded by the budget rather than by the entry. Call it only between units whose
   * finalisers are registered (between frames, say), never halfway through one.
   */
  flushIfBig(): boolean {
    if (this.slots.length < FLUSH_SLOTS && this.finalisers.length < FLUSH_SLOTS) return false;
    this.flush();
    return true;
  }

  /** Phases 2 and 3 for everything registered since the last flush. */
  flush(): void {
    const slots = this.slots;
    const finalisers = this.finalisers;
    this.slots = [];
    this.finalisers = [];
    if (slots.length > 0) this.flushSlots(slots);
    // Inner first: a frame's parts are registered before the frame, a body before its entry.
    for (const finaliser of finalisers) finaliser();
  }

  private flushSlots(slots: Slot[]): void {
    const texts = slots.map((slot) => (slot.holder as Record<string | number, unknown>)[slot.key] as string);
    let joined = texts.join(SEPARATOR);
    // One search for all learnt secrets over the whole batch; the strings are visited only on a hit.
    const learnt = this.learntPattern();
    if (learnt !== null && hits(learnt, joined)) {
      for (let i = 0; i < texts.length; i++) texts[i] = this.replaceLearnt(texts[i]!, slots[i]!, learnt);
      joined = texts.join(SEPARATOR);
    }
    const matches = findCredentials(joined);
    if (matches.length > 0) {
      const starts: number[] = [];
      let at = 0;
      for (const text of texts) {
        starts.push(at);
        at += text.length + SEPARATOR.length;
      }
      let slot = 0;
      const perSlot = new Map<number, { start: number; end: number; rule: string }[]>();
      for (const match of matches) {
        while (slot + 1 < starts.length && starts[slot + 1]! <= match.start) slot++;
        const start = match.start - starts[slot]!;
        const end = match.end - starts[slot]!;
        if (end > texts[slot]!.length) continue; // crosses into the next string: not one credential
        const list = perSlot.get(slot) ?? [];
        list.push({ start, end, rule: match.rule });
        perSlot.set(slot, list);
      }
      for (const [index, found] of perSlot) texts[index] = this.replaceRanges(texts[index]!, found, slots[index]!);
    }
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const holder = slot.holder as Record<string | number, unknown>;
      if (holder[slot.key] !== texts[i]) put(slot.holder, slot.key, texts[i]);
    }
  }

  /** The learnt secrets as one alternation, longest first (so a secret holding another wins), rebuilt when one is added. */
  private learntPattern(): RegExp | null {
    if (this.learnt.size === 0) return null;
    if (this.pattern === null || this.patternSize !== this.learnt.size) {
      const alternatives = [...this.learnt].sort((a, b) => b.length - a.length).map((secret) => secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      this.pattern = new RegExp(alternatives.join('|'), 'g');
      this.patternSize = this.learnt.size;
    }
    return this.pattern;
  }

  private replaceLearnt(text: string, slot: Slot, learnt: RegExp): string {
    if (!hits(learnt, text)) return text;
    slot.owner.dirty = true;
    return text.replace(learnt, (secret) => {
      this.collector.record(slot.pointer, 'learnt-secret');
      return this.placeholders.for(secret);
    });
  }

  private replaceRanges(text: string, found: { start: number; end: number; rule: string }[], slot: Slot): string {
    let out = '';
    let last = 0;
    for (const { start, end, rule } of found) {
      if (start < last) continue; // overlaps the previous match
      const secret = text.slice(start, end);
      if (containsPlaceholder(secret)) continue;
      const url = BASIC_AUTH_URL.exec(secret);
      const replaced = url ? url[1]! + this.secret(url[2]!, rule, slot.pointer, slot.owner) + url[3]! : this.secret(secret, rule, slot.pointer, slot.owner);
      out += text.slice(last, start) + replaced;
      last = end;
    }
    return out + text.slice(last);
  }
}

function hits(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  const found = pattern.test(text);
  pattern.lastIndex = 0;
  return found;
}

/** Writes holder[key] as JSON.parse would have: `__proto__` from data is an own property, not the prototype. */
function put(holder: Holder, key: string | number, value: unknown): void {
  if (Array.isArray(holder)) holder[key as number] = value;
  else setOwn(holder, String(key), value);
}

/** A value worth replacing wherever it occurs: credentials and tokens, not every cookie or field. */
function worthLearning(rule: string, name: string | undefined): boolean {
  if (rule === 'header' || rule === 'bearer') return true;
  if (name === undefined) return false;
  const lower = name.toLowerCase();
  return lower.includes('token') || lower.includes('xsrf') || lower.includes('csrf') || lower.includes('authorization');
}
