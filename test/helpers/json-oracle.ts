/** JSON.parse as the oracle for the scanner: both outcomes of one input, for tests and the fuzzer. */
import assert from 'node:assert/strict';
import { parseChunks } from '../../src/read/build.js';
import { ScanError } from '../../src/read/scan-listener.js';

export type Outcome = { ok: true; value: unknown } | { ok: false };

export function viaJsonParse(bytes: Buffer): Outcome {
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

export function viaScanner(chunks: Buffer[]): Outcome {
  try {
    return { ok: true, value: parseChunks(chunks) };
  } catch (error) {
    assert.ok(error instanceof ScanError, `scanner threw a non-ScanError: ${String(error)}`);
    return { ok: false };
  }
}

