import { ExitCode } from '../errors.js';
import type { CliIO } from './io.js';

/** The process-wide handlers of a bin: quiet EPIPE (a progress line adds its own for Ctrl-C and kill: progress.ts). */
export function installProcessHandlers(io: CliIO): void {
  exitQuietlyOnEpipe(io);
}

/**
 * `har … | head` closes our stdout early: that is success, not an error to print. Any other
 * failure to write (a full disk) is one line on stderr, not an uncaught exception.
 */
export function exitQuietlyOnEpipe(io: CliIO): void {
  io.stdout.on('error', (error) => {
    if (error?.code === 'EPIPE') process.exit(0);
    process.stderr.write(`cannot write the output (${error?.code ?? error?.message ?? 'unknown error'})\n`);
    process.exit(ExitCode.internal);
  });
}
