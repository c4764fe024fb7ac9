#!/usr/bin/env node
import { main } from '../cli/har.js';
import { processIO } from '../cli/io.js';
import { exitQuietlyOnEpipe } from '../cli/epipe.js';

exitQuietlyOnEpipe();
process.exitCode = await main(process.argv.slice(2), processIO());
