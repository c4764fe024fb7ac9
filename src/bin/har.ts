#!/usr/bin/env node
import { installProcessHandlers } from '../cli/epipe.js';
import { processIO } from '../cli/io.js';
import { main } from '../cli/har.js';

const io = processIO();
installProcessHandlers(io);
process.exitCode = await main(process.argv.slice(2), io);
