/**
 * Decoded kernel records from what `kernel-decode` and the session views are given: the NDJSON
 * of `har ws-messages`, or a HAR read directly (the same records); read/sniff.ts tells which. Nothing in the input can stop the stream: a line
 * that is not a frame and a frame that is not an object become malformed records.
 */
import { describeJsonError } from '../read/build.js';
import type { InputSource } from '../read/input.js';
import { readLines, sniffSource } from '../read/lines.js';
import { ELEMENT_LIMIT } from '../read/har.js';
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
  const peeked = await sniffSource(source);
  if (peeked.kind === 'har') {
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
  for await (const read of readLines(peeked.source, ELEMENT_LIMIT)) {
    const { line, number } = read;
    const none = { entry: null, index: null, session_id: null };
    if (line === null) {
      yield malformed(none, `line ${number}: frame too large (${read.size} bytes; frames over 64 MiB are not read)`);
      continue;
    }
    if (line.trim() === '') continue;
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
