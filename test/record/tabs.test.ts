import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeTabs, tabFromAnswer, tabMatching } from '../../src/record/tabs.js';
import { ExpressionError, UsageError } from '../../src/errors.js';
import { endpointUrl } from '../../src/record/browser.js';

const TABS = [
  { title: 'Home Page - Select or create a notebook', url: 'http://127.0.0.1:8888/tree' },
  { title: 'session - Jupyter Notebook', url: 'http://127.0.0.1:8888/notebooks/session.ipynb' },
  { title: 'evil\u001b[2Jtitle', url: 'about:blank' },
];

test('--tab picks the one tab whose title or URL matches', () => {
  assert.equal(tabMatching(TABS, 'session'), 1);
  assert.equal(tabMatching(TABS, '/tree$'), 0);
  assert.throws(() => tabMatching(TABS, '127\\.0\\.0\\.1'), (e: unknown) => e instanceof UsageError && /matches 2 tabs/.test(e.message) && e.message.includes('2. session - Jupyter Notebook'));
  assert.throws(() => tabMatching(TABS, 'lab'), (e: unknown) => e instanceof UsageError && /matches no tab/.test(e.message));
  assert.throws(() => tabMatching(TABS, '('), ExpressionError);
});

test('an answer is a number from the list or a pattern', () => {
  assert.equal(tabFromAnswer(TABS, ' 3\n'), 2);
  assert.equal(tabFromAnswer(TABS, 'Notebook$'), 1);
  assert.throws(() => tabFromAnswer(TABS, '4'), UsageError);
});

test('the list shows control characters from titles escaped', () => {
  assert.equal(describeTabs(TABS).split('\n')[2], '  3. evil\\u001b[2Jtitle — about:blank');
});

test('--attach takes a port or an address', () => {
  assert.equal(endpointUrl('9222'), 'http://127.0.0.1:9222');
  assert.equal(endpointUrl('http://10.0.0.2:9222'), 'http://10.0.0.2:9222');
  assert.throws(() => endpointUrl('70000'), UsageError);
  assert.throws(() => endpointUrl('localhost'), UsageError);
});
