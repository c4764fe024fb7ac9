/**
 * WebSocket frames (`_webSocketMessages`), redacted in their own wire format so that
 * `har ws-messages | kernel-decode` still decodes every one: a JSON text frame stays JSON text,
 * a binary kernel frame (legacy or v1) is split at its offset table, its JSON parts redacted,
 * and joined again with a new table; its raw buffers are kept as they are.
 */
import { V1_PROTOCOL } from '../kernel/codec.js';
import { splitLegacyBinary, splitV1 } from '../kernel/wire-layout.js';
import { joinLegacyBinary, joinV1 } from '../kernel/wire-encode.js';
import { isPlainObject } from '../util/values.js';
import { isStrictBase64 } from '../ws/base64.js';
import { redactTextPayload, utf8OrNull } from './body.js';
import type { Owner, Redactor } from './redactor.js';

/** How many leading parts of each layout are JSON text (the rest are buffers, or the v1 channel). */
const LAYOUTS = {
  v1: { split: splitV1, join: joinV1, textParts: [0, 1, 2, 3, 4] },
  legacy: { split: splitLegacyBinary, join: joinLegacyBinary, textParts: [0] },
} as const;

/** Frames of one entry; `firstIndex` is the position of frames[0] in `_webSocketMessages` (for pointers). */
export function redactFrames(redactor: Redactor, frames: unknown[], protocol: string | null, pointer: string, firstIndex = 0): void {
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i];
    if (!isPlainObject(frame)) continue;
    redactFrame(redactor, frame, protocol, `${pointer}/${firstIndex + i}`);
  }
}

function redactFrame(redactor: Redactor, frame: Record<string, unknown>, protocol: string | null, pointer: string): void {
  const at = `${pointer}/data`;
  for (const key of Object.keys(frame)) {
    if (key !== 'data' && key !== 'opcode' && key !== 'type' && key !== 'time') redactor.json(frame, key, `${pointer}/${key}`, { dirty: false });
  }
  if (typeof frame.data !== 'string') return;
  if (frame.opcode !== 2) {
    // Text frames, and Chrome's error frames (opcode -1) whose data is a message.
    redactTextPayload(redactor, frame, 'data', '', at, () => undefined);
    return;
  }
  if (!isStrictBase64(frame.data)) return;
  const bytes = Buffer.from(frame.data, 'base64');
  for (const layout of protocol === V1_PROTOCOL ? [LAYOUTS.v1, LAYOUTS.legacy] : [LAYOUTS.legacy, LAYOUTS.v1]) {
    const split = layout.split(bytes);
    if (!split.ok) continue;
    const parts: Uint8Array[] = split.parts.slice();
    const texts: Record<string, unknown> = {};
    for (const index of layout.textParts) {
      const text = index < parts.length ? utf8OrNull(parts[index]!) : null;
      if (text === null) return; // not a kernel frame after all: leave it as it is
      texts[index] = text;
    }
    const owner: Owner = { dirty: false };
    for (const index of layout.textParts) {
      // The v1 channel name is a bare word, the others JSON; both are redacted as payloads.
      redactTextPayload(redactor, texts, String(index), 'application/json', at, () => {
        owner.dirty = true;
      });
    }
    redactor.finally(() => {
      if (!owner.dirty) return;
      for (const index of layout.textParts) parts[index] = Buffer.from(texts[index] as string, 'utf8');
      const joined = layout.join(parts);
      frame.data = Buffer.from(joined.buffer, joined.byteOffset, joined.byteLength).toString('base64');
    });
    return;
  }
  const text = utf8OrNull(bytes);
  if (text === null) return;
  const box: Record<string, unknown> = { text };
  redactTextPayload(redactor, box, 'text', '', at, (after) => {
    frame.data = Buffer.from(after, 'utf8').toString('base64');
  });
}
