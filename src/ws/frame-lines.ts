/**
 * One line of `har ws-messages` NDJSON as a frame object, or why it is not one. The readers of
 * that NDJSON (kernel-decode, the session views) share these rules and wordings.
 */
import { describeJsonError } from '../read/build.js';
import type { InputLine } from '../read/lines.js';

export type FrameLine =
  | { kind: 'frame'; number: number; frame: Record<string, unknown> }
  | { kind: 'blank'; number: number }
  | { kind: 'bad'; number: number; reason: string };

export function parseFrameLine(read: InputLine): FrameLine {
  const { line, number } = read;
  if (line === null) return { kind: 'bad', number, reason: `frame too large (${read.size} bytes; frames over 64 MiB are not read)` };
  if (line.trim() === '') return { kind: 'blank', number };
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { kind: 'bad', number, reason: `not JSON (${describeJsonError(line)})` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { kind: 'bad', number, reason: 'not a frame object' };
  return { kind: 'frame', number, frame: parsed as Record<string, unknown> };
}
