/**
 * Decoded kernel records from what `kernel-decode` and the session views are given: the NDJSON
 * of `har ws-messages`, or a HAR read directly (the same records); read/sniff.ts tells which. Nothing in the input can stop the stream: a line
 * that is not a frame and a frame that is not an object become malformed records.
 */
import { describeJsonError } from '../read/build.js';
import type { InputSource } from '../read/input.js';
import { peek, readLines } from '../read/lines.js';
import { sniffInput } from '../read/sniff.js';
import { decodeFrameRecord, type DecodedRecord, type MalformedRecord } from '../kernel/decode-record.js';
import { describeFrameProblem } from '../ws/frames.js';
import { streamFrames } from '../ws/stream.js';

function malformed(frame: MalformedRecord['frame'], reason: string): MalformedRecord {
  return { kind: 'malformed', reason, size: null, frame, time: null, iso: null, direction: null, kernel_id: null };
}

export interface KernelRecordOptions {
  /** Frame oddities that still give a record (a bad field) are reported here. */
  onWarning?: (message: string) => void;
}

export async function* kernelRecords(source: InputSource, options: KernelRecordOptions = {}): AsyncGenerator<DecodedRecord> {
  const warn = options.onWarning ?? (() => undefined);
  // sniffInput decides from the first line when it is whole, so a live pipe need not fill 4 KiB first.
  const peeked = await peek(source, 4096, { untilNewline: true });
  if (sniffInput(peeked.head.toString('utf8')) === 'har') {
    for await (const { file, item } of streamFrames([peeked.source], { onWarning: warn })) {
      if (item.kind === 'frame') {
        yield decodeFrameRecord(item.frame);
      } else if (item.problem.dropped && item.problem.index !== null) {
        // No frame record was made for it: it becomes a record here, not only a warning.
        yield malformed({ entry: item.problem.entry, index: item.problem.index, session_id: null }, item.problem.reason);
      } else {
        warn(describeFrameProblem(file, item.problem));
      }
    }
    return;
  }
  for await (const { line, number } of readLines(peeked.source)) {
    if (line.trim() === '') continue;
    const none = { entry: null, index: null, session_id: null };
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      yield malformed(none, `line ${number}: not JSON (${describeJsonError(line)})`);
      continue;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      yield malformed(none, `line ${number}: not a frame object`);
      continue;
    }
    yield decodeFrameRecord(parsed as Record<string, unknown>);
  }
}
