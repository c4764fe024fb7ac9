#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { installProcessHandlers } from '../cli/epipe.js';
import { processIO } from '../cli/io.js';
import { main } from '../cli/har.js';

// Last resort, after the library changes (bench/notes.md, "har notebook memory"): V8 lets the
// heap grow to up to 4× what survived the last full GC, and `har notebook` keeps every output
// of the capture to the end, so on the 600 MB bench file that headroom alone broke the 200 MiB
// target. A 30 % growth step keeps the peak near what is live, for about the same CPU time.
if (process.argv.slice(2).find((arg) => !arg.startsWith('-')) === 'notebook') setFlagsFromString('--heap-growing-percent=30');

const io = processIO();
installProcessHandlers(io);
process.exitCode = await main(process.argv.slice(2), io);
