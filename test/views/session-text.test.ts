/** Captured text never reaches a terminal raw. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { terminalText } from '../../src/views/session-text.js';

test('control characters become visible; escape sequences are dropped, colour kept only when asked', () => {
  const hostile = 'ok\u001b]0;owned\u0007 \u001b[2Jcleared\r\nnul\u0000 \u009bx\n\u001b[31mred\u001b[0m';
  assert.equal(terminalText(hostile), 'ok cleared\\x0d\nnul\\x00 \\x9bx\nred');
  assert.equal(terminalText(hostile, true), 'ok cleared\\x0d\nnul\\x00 \\x9bx\n\u001b[31mred\u001b[0m');
});
