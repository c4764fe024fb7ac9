/**
 * One error class per failure stage; each carries the exit code the CLI maps it to, so the
 * same table holds for every command (see README "Exit codes").
 */
export const ExitCode = {
  ok: 0,
  no: 1,
  usage: 2,
  badExpression: 3,
  unreadableInput: 4,
  notJsonOrHar: 5,
  /** A bug in harknife, or output that cannot be written (EX_SOFTWARE). */
  internal: 70,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** What each exit code means, for `--help` and the README (a test keeps the README in step). */
export const EXIT_CODE_MEANINGS: Readonly<Record<ExitCodeValue, string>> = {
  [ExitCode.ok]: 'ok',
  [ExitCode.no]: 'the answer is "no" (-e selected nothing; shape --diff, --strict, redact --check, validate found something)',
  [ExitCode.usage]: 'usage error (unknown option, bad option value, missing argument)',
  [ExitCode.badExpression]: 'bad path, JSONPath or regular expression',
  [ExitCode.unreadableInput]: 'an input cannot be read (missing, directory, permission, corrupt gzip, over 512 MiB for query)',
  [ExitCode.notJsonOrHar]: 'an input is not JSON, or not a HAR',
  [ExitCode.internal]: 'an internal error (a bug in harknife: please report it) or output that cannot be written',
};

/** The exit codes as `--help` lists them; a program may say what "no" means for it. */
export function exitCodesHelp(meanings: Partial<Record<ExitCodeValue, string>> = {}): string {
  const lines = Object.values(ExitCode).map((code) => `${String(code).padStart(3)}  ${meanings[code] ?? EXIT_CODE_MEANINGS[code]}`);
  return ['Exit codes:', ...lines].join('\n');
}

export class HarknifeError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad command line (exit 2). */
export class UsageError extends HarknifeError {
  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}

/** A path or JSONPath expression that cannot be compiled or is refused (exit 3). */
export class ExpressionError extends HarknifeError {
  constructor(message: string) {
    super(message, ExitCode.badExpression);
  }
}

/** An input that cannot be read: missing, a directory, no permission, corrupt gzip (exit 4). */
export class InputError extends HarknifeError {
  constructor(
    readonly file: string,
    readonly what: string,
  ) {
    super(`${file}: ${what}`, ExitCode.unreadableInput);
  }
}

/** An input that is not JSON, or JSON that is not a HAR (exit 5). */
export class FormatError extends HarknifeError {
  constructor(
    readonly file: string,
    readonly what: string,
  ) {
    super(`${file}: ${what}`, ExitCode.notJsonOrHar);
  }
}
