import { ExitCode } from '../errors.js';
import type { CliIO } from './io.js';
import { clearProgressOnSignals } from './progress.js';

/** The process-wide handlers of a bin: quiet EPIPE, and a progress line cleared on Ctrl-C or kill. */
export function installProcessHandlers(io: CliIO): void {
  exitQuietlyOnEpipe();
  clearProgressOnSignals(
    io,
    (signal, handler) => process.on(signal, handler),
    (code) => process.exit(code),
    (signal) => process.listenerCount(signal),
  );
}

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
