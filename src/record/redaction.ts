/**
 * Redaction of the written file (`har redact`, issue 12). The redaction library is developed on
 * another branch; until it is part of this build, a recording that should be redacted is refused
 * before the browser starts instead of being written unredacted or "redacted" by a stand-in.
 */
export interface Redactor {
  redactHarFile(inputPath: string, outputPath: string, options?: Record<string, unknown>): Promise<unknown>;
}

// A computed specifier: the module is not part of every build, and tsc must not require it.
const REDACT_MODULE = ['..', 'redact', 'index.js'].join('/');

export async function loadRedactor(): Promise<Redactor | null> {
  try {
    const module = (await import(REDACT_MODULE)) as Partial<Redactor>;
    return typeof module.redactHarFile === 'function' ? (module as Redactor) : null;
  } catch {
    return null;
  }
}
