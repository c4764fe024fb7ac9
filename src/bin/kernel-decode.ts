#!/usr/bin/env node
import { main } from '../cli/kernel-decode.js';
import { startProcess } from '../cli/start.js';

void startProcess(main, { tightHeap: true });
