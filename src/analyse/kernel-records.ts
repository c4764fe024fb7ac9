/**
 * Decoded kernel records from what `kernel-decode` and the session views are given: the NDJSON
 * of `har ws-messages`, or a HAR read directly (the same records); read/sniff.ts tells which. Nothing in the input can stop the stream: a line
 * that is not a frame and a frame that is not an object become malformed records.
 */
import type { InputSource } from '../read/input.js';
import { readLineBatches, sniffSource } from '../read/lines.js';
import { ELEMENT_LIMIT } from '../read/har.js';
import { decodeFrameRecord, type DecodedRecord, type MalformedRecord } from '../kernel/decode-record.js';
import { parseFrameLine } from '../ws/frame-lines.js';
import { describeFrameProblem } from '../ws/frames.js';
import { streamFrameBatches } from '../ws/stream.js';

function malformed(frame: MalformedRecord['frame'], reason: string): MalformedRecord {
  return { kind: 'malformed', reason, size: null, frame, time: null, iso: null, direction: null, kernel_id: null };
}

export interface KernelRecordOptions {
  /** Frame oddities that still give a record (a bad field) are reported here. */
  onWarning?: (message: string) => void;
}

/** The records of `source`, one batch per chunk read (batches spare the per-record cost of async iteration). */
export async function* kernelRecordBatches(source: InputSource, options: KernelRecordOptions = {}): AsyncGenerator<DecodedRecord[]> {
  const warn = options.onWarning ?? (() => undefined);
  const peeked = await sniffSource(source);
  if (peeked.kind === 'har') {
    for await (const batch of streamFrameBatches([peeked.source], { onWarning: warn })) {
      const records: DecodedRecord[] = [];
      for (const { file, item } of batch) {
        if (item.kind === 'frame') {
          records.push(decodeFrameRecord(item.frame));
        } else if (item.problem.dropped && item.problem.index !== null) {
          // No frame record was made for it: it becomes a record here, not only a warning.
          records.push(malformed({ entry: item.problem.entry, index: item.problem.index, session_id: null }, item.problem.reason));
        } else {
          warn(describeFrameProblem(file, item.problem));
        }
      }
      if (records.length > 0) yield records;
    }
    return;
  }
  const none = { entry: null, index: null, session_id: null };
  for await (const lines of readLineBatches(peeked.source, ELEMENT_LIMIT)) {
    const records: DecodedRecord[] = [];
    for (const read of lines) {
      const parsed = parseFrameLine(read);
      if (parsed.kind === 'bad') records.push(malformed(none, `line ${parsed.number}: ${parsed.reason}`));
      else if (parsed.kind === 'frame') records.push(decodeFrameRecord(parsed.frame));
    }
    if (records.length > 0) yield records;
  }
}

/** The records of `kernelRecordBatches` one at a time. */
export async function* kernelRecords(source: InputSource, options: KernelRecordOptions = {}): AsyncGenerator<DecodedRecord> {
  for await (const batch of kernelRecordBatches(source, options)) yield* batch;
}
