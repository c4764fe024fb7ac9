import { ExitCode } from '../errors.js';

/**
 * `har … | head` closes our stdout early: that is success, not an error to print. Any other
 * failure to write (a full disk) is one line on stderr, not an uncaught exception.
 */
export function exitQuietlyOnEpipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    process.stderr.write(`cannot write the output (${error.code ?? error.message})\n`);
    process.exit(ExitCode.internal);
  });
}
