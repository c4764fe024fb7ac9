import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as harknife from '../src/index.js';
import { ROOT } from './helpers/cli.js';

test('the library API: stream a real capture to conversations without the CLI', async () => {
  const source = harknife.inputSources([`${ROOT}samples/notebook6-session.har`])[0]!;
  const builder = new harknife.ConversationBuilder();
  for await (const { item } of harknife.streamFrames([source])) {
    if (item.kind === 'frame') builder.add(harknife.decodeFrameRecord(item.frame));
  }
  const report = builder.finish();
  const first = report.conversations.find((c) => c.msg_type === 'execute_request');
  assert.equal(first?.code, 'print("Hello from harknife")');
  assert.equal(typeof harknife.Kernel.decodeFrame, 'function');
  assert.equal(harknife.KernelMessage.isStreamMsg({ channel: 'iopub', header: { msg_type: 'stream' }, content: { name: 'stdout', text: 'x' } } as never), true);
});

test('the library API: urls of a HAR through readEntries with a projection', async () => {
  const source = harknife.inputSources([`${ROOT}test/fixtures/dictknife-jqfpy/sample.har`])[0]!;
  const urls: string[] = [];
  for await (const { entry } of harknife.readEntries([source], { project: harknife.projectionOf([['request', 'url']]) })) urls.push(String(entry.request?.url));
  assert.deepEqual(urls, ['https://example.com/api/items?page=1', 'https://example.com/api/items', 'wss://example.com/socket']);
  assert.deepEqual(harknife.evaluatePath(harknife.compilePath('a/b[]/c'), { a: { b: [{ c: 1 }, {}] } }), [1, null]);
});
