import type { RowSpec } from '../write/records.js';
import { frameJson, type FrameRecord } from './frames.js';

/** What a frame holds, in a few words: text frames their text, binary frames their size. */
export function framePreview(frame: FrameRecord): string {
  const data = frame.data ?? '';
  return frame.opcode === 1 || frame.type === 'error' ? data.replace(/\s+/g, ' ') : `(binary ${frame.size ?? '?'} bytes)`;
}

/** `har ws-messages -f table`: one row per frame. */
export const FRAME_ROWS: RowSpec<FrameRecord> = {
  columns: [
    { header: 'entry', value: (f) => f.entry, align: 'right' },
    { header: '#', value: (f) => f.index, align: 'right' },
    { header: 'time', value: (f) => f.iso },
    { header: 'type', value: (f) => f.type },
    { header: 'opcode', value: (f) => f.opcode, align: 'right' },
    { header: 'size', value: (f) => f.size, align: 'right', bytes: true },
    { header: 'data', value: framePreview, flexible: true },
  ],
  compactJson: frameJson,
};
