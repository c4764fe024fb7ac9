/**
 * Redaction as a library: `har redact` and `har record` both call these.
 *
 * Stable API (keep these signatures; `har record` writes its recordings through them):
 *
 *   redactHarFile(inputPath, outputPath, options?): Promise<RedactionReport>
 *     Reads a HAR file (plain or gzip) and writes the redacted HAR to outputPath through a
 *     temporary file in the same directory and an atomic rename, so outputPath is never half
 *     written; inputPath === outputPath redacts in place the same way.
 *
 *   redactHar(sources, output, options?): Promise<RedactionReport>
 *     The streaming variant: one or more InputSources (files, stdin, buffers) into a Writable
 *     (one redacted HAR per source, written one after the other), honouring backpressure.
 *
 *   redactHarTo(sources, sink, options?): Promise<RedactionReport>
 *     The same into `sink(text)`, a function resolving when more may be written.
 *
 *   checkHar(sources, options?): Promise<RedactionReport>
 *     What redaction would replace, without writing anything: `report.redactions === 0` means
 *     clean (the `--check` gate).
 *
 *   new HarRedaction(options?) — for a writer that produces entries itself (a recorder):
 *     `.logField(name, value)` / `.entry(entry, index)` redact in place and return the value;
 *     `.report` is the running report. One instance = one placeholder key: use the same
 *     instance for everything of one recording.
 *
 * Options: `salt` (stable placeholders across runs; default: a random key per run), `keep`
 * (header / cookie / field names never redacted), `also` (extra RE2 patterns, linear-time;
 * invalid ones throw ExpressionError), `placeLimit` (places listed in the report), `onWarning`.
 * The report never holds a secret: only JSON pointers, rule names and counts.
 *
 * Output: compact JSON, one entry per line, members in the input's order. Failures throw
 * HarknifeErrors: InputError (exit 4) or FormatError (5) for the input, ExpressionError (3) for
 * an `also` pattern, a HarknifeError with exit 70 for an output that cannot be written; on any
 * failure redactHarFile leaves outputPath as it was and removes its temporary file.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { RE2JS } from 're2js';
import { ExitCode, ExpressionError, HarknifeError } from '../errors.js';
import type { InputSource } from '../read/input.js';
import { redactEntry } from './entry.js';
import { pointerPart } from '../util/pointer.js';
import { re2 } from '../util/re2.js';
import { redactionKey } from './placeholder.js';
import { Redactor } from './redactor.js';
import type { RedactionReport } from './report.js';
import { redactSource, writableSink, type Sink } from './stream.js';

export type { RedactionPlace, RedactionReport } from './report.js';
export type { Sink } from './stream.js';
export { PLACE_ROWS } from './report.js';
export { isPlaceholder, PLACEHOLDER_PREFIX } from './placeholder.js';
export { SECRET_HEADERS, isSecretName, isSecretHeader } from './rules.js';
export { credentialRuleIds } from './secretlint.js';

export interface RedactOptions {
  /** Same salt, same placeholders (across runs and machines). Default: a random key per run. */
  salt?: string;
  /** Header, cookie and field names never redacted (case-insensitive). */
  keep?: readonly string[];
  /** Extra RE2 patterns; a match (or its first group) is redacted. */
  also?: readonly string[];
  /** How many places the report lists (default 10,000); the counts are always complete. */
  placeLimit?: number;
  onWarning?: (message: string) => void;
}

function compilePattern(pattern: string): RE2JS {
  try {
    return re2().compile(pattern);
  } catch (error) {
    throw new ExpressionError(`--also ${JSON.stringify(pattern)}: ${(error as Error).message}`);
  }
}

function createRedactor(options: RedactOptions): Redactor {
  return new Redactor({
    key: redactionKey(options.salt),
    keep: new Set((options.keep ?? []).map((name) => name.toLowerCase())),
    also: (options.also ?? []).map(compilePattern),
    ...(options.placeLimit !== undefined ? { placeLimit: options.placeLimit } : {}),
  });
}

async function run(sources: readonly InputSource[], sink: Sink, options: RedactOptions): Promise<RedactionReport> {
  const redactor = createRedactor(options);
  for (const source of sources) await redactSource(source, redactor, sink, options.onWarning);
  return redactor.collector.report;
}

/** Streams each source, redacted, into `sink` (a function that resolves once more may be written). */
export async function redactHarTo(sources: InputSource | readonly InputSource[], sink: Sink, options: RedactOptions = {}): Promise<RedactionReport> {
  return run(Array.isArray(sources) ? sources : [sources as InputSource], sink, options);
}

/** Streams each source, redacted, into `output` (not ended here). */
export async function redactHar(sources: InputSource | readonly InputSource[], output: Writable, options: RedactOptions = {}): Promise<RedactionReport> {
  return run(Array.isArray(sources) ? sources : [sources as InputSource], writableSink(output), options);
}

/** What redaction would replace in `sources`, writing nothing. */
export async function checkHar(sources: InputSource | readonly InputSource[], options: RedactOptions = {}): Promise<RedactionReport> {
  return run(Array.isArray(sources) ? sources : [sources as InputSource], async () => undefined, options);
}

/** Redacts `inputPath` into `outputPath` (which may be the same file) through a temporary file and an atomic rename. */
export async function redactHarFile(inputPath: string, outputPath: string, options: RedactOptions = {}): Promise<RedactionReport> {
  const temporary = join(dirname(outputPath), `.${basename(outputPath)}.redact-${randomBytes(6).toString('hex')}.tmp`);
  // A replaced file keeps its permissions; a new one gets the usual ones (the umask applies).
  const mode = await fs.stat(outputPath).then((stat) => stat.mode & 0o777, () => 0o666);
  const handle = await fs.open(temporary, 'wx', mode).catch((error: unknown) => {
    throw cannotWrite(outputPath, error);
  });
  const out = handle.createWriteStream();
  try {
    const report = await redactHar({ name: inputPath, path: inputPath }, out, options);
    out.end();
    await finished(out).catch((error: unknown) => {
      throw cannotWrite(outputPath, error);
    });
    await fs.rename(temporary, outputPath).catch((error: unknown) => {
      throw cannotWrite(outputPath, error);
    });
    return report;
  } catch (error) {
    out.destroy();
    await fs.rm(temporary, { force: true });
    throw error instanceof HarknifeError ? error : cannotWrite(outputPath, error);
  }
}

/** Output that cannot be written (no such directory, no space, permission): exit 70, one line. */
function cannotWrite(path: string, error: unknown): HarknifeError {
  if (error instanceof HarknifeError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  return new HarknifeError(`${path}: cannot write (${code ?? (error as Error).message})`, ExitCode.internal);
}

/** Redaction of entries and log fields a caller produces itself (a recorder writing a HAR as it goes). */
export class HarRedaction {
  private readonly redactor: Redactor;

  constructor(options: RedactOptions = {}) {
    this.redactor = createRedactor(options);
    this.redactor.collector.startFile('<har>');
  }

  get report(): RedactionReport {
    return this.redactor.collector.report;
  }

  /** A member of `log` other than entries (`pages`, `creator`, …), redacted in place and returned. */
  logField<T>(name: string, value: T): T {
    const box: Record<string, unknown> = { [name]: value };
    this.redactor.json(box, name, `/log/${pointerPart(name)}`, { dirty: false });
    this.redactor.flush();
    return box[name] as T;
  }

  /** One entry, redacted in place and returned; `index` is its place in log.entries (for the report). */
  entry<T extends object>(entry: T, index: number): T {
    redactEntry(this.redactor, entry as unknown as Record<string, unknown>, `/log/entries/${index}`);
    this.redactor.flush();
    const report = this.redactor.collector.report;
    report.entries++;
    const frames = (entry as { _webSocketMessages?: unknown })._webSocketMessages;
    if (Array.isArray(frames)) report.frames += frames.length;
    return entry;
  }
}
