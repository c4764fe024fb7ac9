import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { bufferSource } from '../../src/read/input.js';
import { sniffInput, type InputKind } from '../../src/read/sniff.js';
import { streamFrames } from '../../src/ws/stream.js';
import { ROOT } from '../helpers/cli.js';

const LONG = 'x'.repeat(5000);

/** [what, the first bytes of an input, its kind] */
const CASES: [string, string, InputKind][] = [
  ['a pretty-printed HAR', '{\n  "log": {\n    "version": "1.2",', 'har'],
  ['a one-line HAR, cut before its end', '{"log":{"version":"1.2","entries":[{"request":', 'har'],
  ['a one-line HAR followed by a newline', '{"log":{"entries":[]}}\n', 'har'],
  ['a one-line HAR whose first key is not log', '{"comment":"x","log":{"entries":[]}}\n', 'har'],
  ['a pretty-printed HAR whose first key is not log', '{\n  "comment": "x",\n  "log": {', 'har'],
  ['a HAR after blank lines', '  \n\n{"log":{', 'har'],
  ['an empty object', '{}', 'har'],
  ['har ws-messages NDJSON', '{"entry":0,"url":"ws://h/api/kernels/k/channels","index":0}\n{"entry":0,', 'ndjson'],
  ['raw _webSocketMessages items from jq -c', '{"type":"send","time":1,"opcode":1,"data":"{}"}\n', 'ndjson'],
  ['a frame line longer than the head', `{"entry":0,"data":"${LONG}`, 'ndjson'],
  ['a frame line with a frame key after spaces', ' { "opcode" : 1, "data": "x"', 'ndjson'],
  ['NDJSON objects that are not frames (har pick)', '{"request":{"url":"u"}}\n{"request":{"url":"v"}}\n', 'ndjson'],
  ['a first line that is an array', '[1,2]\n[3]\n', 'ndjson'],
  ['text that is not JSON', 'hello\n', 'ndjson'],
  ['nothing', '', 'ndjson'],
];

for (const [what, head, kind] of CASES) {
  test(`sniffInput: ${what} is ${kind}`, () => {
    assert.equal(sniffInput(head), kind);
  });
}

const SAMPLES = ['jupyter-server-v1.har', 'jupyter-server-v1.playwright.har', 'notebook6-session.har', 'notebook6-session.playwright.har'];

test('sniffInput: the first 4096 bytes of every sample HAR are a HAR, and the ws-messages NDJSON of each is NDJSON', async () => {
  for (const name of SAMPLES) {
    const path = `${ROOT}samples/${name}`;
    const bytes = readFileSync(path);
    assert.equal(sniffInput(bytes.subarray(0, 4096).toString('utf8')), 'har', name);
    const lines: string[] = [];
    for await (const { item } of streamFrames([bufferSource(name, bytes)])) {
      if (item.kind === 'frame') lines.push(`${JSON.stringify(item.frame)}\n`);
      if (lines.length === 100) break;
    }
    assert.equal(lines.length, 100, name);
    assert.equal(sniffInput(lines.join('').slice(0, 4096)), 'ndjson', name);
  }
});
