#!/usr/bin/env node
import { main } from '../cli/har.js';
import { startProcess } from '../cli/start.js';

void startProcess(main, { tightHeapFor: ['notebook', 'cells', 'activity', 'timeline', 'rate-limits', 'trace'] });
