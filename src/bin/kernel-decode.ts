#!/usr/bin/env node
import { exitQuietlyOnEpipe } from '../cli/epipe.js';
import { processIO } from '../cli/io.js';
import { main } from '../cli/kernel-decode.js';

exitQuietlyOnEpipe();
process.exitCode = await main(process.argv.slice(2), processIO());
