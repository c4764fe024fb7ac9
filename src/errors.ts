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
