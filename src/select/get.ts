/**
 * `get PATH` over a HAR, reading no more than the path needs: paths under `log/entries[]`
 * stream entry by entry, other `log/…` paths skip the entries, and only the rest parse the
 * whole document.
 */
import { readDocument, readHarDocument } from '../read/document.js';
import { projectionOf, readHar } from '../read/har.js';
import type { InputSource } from '../read/input.js';
import { evaluatePath, projectionKeys, type CompiledPath } from './path.js';

export type GetPlan =
  /** One value per entry (`log/entries[]/…`), or the value in one entry (`log/entries/3/…`). */
  | { kind: 'entries'; rest: CompiledPath; only: number | null }
  | { kind: 'header' }
  | { kind: 'document' };

export function planGet(path: CompiledPath): GetPlan {
  const [first, second, third] = path.segments;
  if (first?.kind !== 'key' || first.key !== 'log' || second === undefined) return { kind: 'document' };
  if (second.kind === 'map' && second.key === 'entries') return { kind: 'entries', rest: { text: path.text, segments: path.segments.slice(2) }, only: null };
  if (second.kind === 'key' && second.key === 'entries') {
    if (third?.kind === 'index') return { kind: 'entries', rest: { text: path.text, segments: path.segments.slice(3) }, only: third.index };
    return { kind: 'document' };
  }
  if (second.kind === 'key' || second.kind === 'index') return { kind: 'header' };
  return { kind: 'document' };
}

export interface GetOptions {
  fallback?: unknown;
  onWarning?: (message: string) => void;
}

/** The result of `get`: a stream of per-entry values (the elements of the result array), or one value. */
export type GetResult = { kind: 'each'; values: AsyncGenerator<unknown> } | { kind: 'value'; value: unknown };

export async function getFromHar(source: InputSource, path: CompiledPath, options: GetOptions = {}): Promise<GetResult> {
  const fallback = options.fallback ?? null;
  const warn = options.onWarning ? { onWarning: options.onWarning } : {};
  const plan = planGet(path);
  if (plan.kind === 'entries') {
    const keys = projectionKeys(plan.rest);
    const project = keys === null ? null : projectionOf([keys]);
    const entries = readHar(source, { project, ...warn });
    if (plan.only === null) {
      const values = (async function* () {
        for await (const item of entries) if (item.kind === 'entry') yield evaluatePath(plan.rest, item.entry, fallback);
      })();
      return { kind: 'each', values };
    }
    let value: unknown = fallback;
    for await (const item of entries) if (item.kind === 'entry' && item.index === plan.only) value = evaluatePath(plan.rest, item.entry, fallback);
    return { kind: 'value', value };
  }
  let document: unknown;
  if (plan.kind === 'header') {
    for await (const item of readHar(source, { skipEntries: true, ...warn })) if (item.kind === 'end') document = { log: item.log };
  } else {
    // A path from "log" reads the input as a HAR, held to the rule the streamed paths are.
    const fromLog = path.segments[0]?.kind === 'key' && path.segments[0].key === 'log';
    document = fromLog ? await readHarDocument(source, 'get') : await readDocument(source, 'get');
  }
  return { kind: 'value', value: evaluatePath(path, document, fallback) };
}
