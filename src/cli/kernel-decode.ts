import { kernelDecodeCommand } from './commands/kernel-decode.js';
import { ExitCode } from '../errors.js';
import type { CliIO } from './io.js';
import { runProgram } from './run.js';

const EPILOGUE = [
  "Frames are decoded by their connection's protocol (legacy JSON text, legacy binary, v1.kernel.websocket.jupyter.org), then by sniffing.",
  'A frame that cannot be decoded becomes a {"kind":"malformed"} record and is counted on stderr; it never stops the run.',
].join('\n');

export function main(argv: readonly string[], io: CliIO): Promise<number> {
  return runProgram(
    {
      name: 'kernel-decode',
      usage: '$0 [file]',
      commands: [],
      single: kernelDecodeCommand,
      epilogue: EPILOGUE,
      exitMeanings: { [ExitCode.no]: 'the answer is "no" (--strict and a frame was malformed, e.g. kernel-decode --strict s.har; -e and no record selected)' },
    },
    argv,
    io,
  );
}
