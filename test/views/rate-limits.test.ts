import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sessionRateLimits } from '../../src/views/rate-limit.js';
import type { RateLimitBytes, RateLimitCell, RateLimitNotice, RateLimitRecord } from '../../src/views/rate-limit-types.js';
import { bytesSource, collect, fileSource, LIMITS, NOTEBOOK6, truncatedHar, V1 } from './helpers.js';

async function records(path: string, limits?: { msgRate: number; dataRate: number; window: number }): Promise<RateLimitRecord[]> {
  return collect(sessionRateLimits([fileSource(path)], limits === undefined ? {} : { limits }));
}

const notices = (all: RateLimitRecord[]) => all.filter((r): r is RateLimitNotice => r.kind === 'notice');
const cells = (all: RateLimitRecord[]) => all.filter((r): r is RateLimitCell => r.kind === 'cell');

test('the limits sample: the real server cut two cells, one per limit, and by how much', async () => {
  const all = await records(LIMITS);
  const data = notices(all).filter((n) => n.which === 'data');
  const message = notices(all).filter((n) => n.which === 'message');
  // The data cell prints 20 lines of 50 kB; the server (limit 250 kB/s) sent 15, then its notice.
  assert.equal(data.length, 1);
  assert.equal(data[0]!.execution_count, 2);
  assert.match(data[0]!.code!, /chunk = "x" \* 49_999/);
  assert.deepEqual([data[0]!.server, data[0]!.limit, data[0]!.window], ['ServerApp', 250000, 3]);
  assert.equal(data[0]!.dropped_messages, 5);
  assert.equal(data[0]!.over_by, 1.278);
  assert.equal(data[0]!.option, '--ServerApp.iopub_data_rate_limit=319612');
  assert.ok(data[0]!.resumed !== null, 'the last line came after the pause');
  // The 5000-print burst against 300 msg/s: three trips, and every print accounted for.
  assert.deepEqual(message.map((n) => n.execution_count), [3, 3, 3]);
  assert.deepEqual(message.map((n) => n.dropped_messages), [977, 962, 458]);
  const burst = cells(all).find((c) => c.execution_count === 3)!;
  assert.equal(burst.messages, 2607);
  assert.equal(burst.messages + 977 + 962 + 458, 5004, 'delivered + dropped = the prints (a few split in two by the kernel)');
  assert.deepEqual(burst.cut, [{ which: 'message', notices: 3, dropped_messages: 2397, over_by: 4.039, option: '--ServerApp.iopub_msg_rate_limit=1212' }]);
  const dataCell = cells(all).find((c) => c.execution_count === 2)!;
  assert.deepEqual(dataCell.cut.map((c) => [c.which, c.dropped_messages]), [['data', 5]]);
});

test('each real notice says how far over, and the notice names the server it came from', async () => {
  const [v1] = notices(await records(V1));
  assert.deepEqual([v1!.which, v1!.server, v1!.execution_count, v1!.dropped_messages, v1!.over_by], ['message', 'ServerApp', 9, 2011, 1.67]);
  assert.equal(v1!.window_count, 3000, 'the server trips when its 3 s window would hold 3001');
  const [nb6] = notices(await records(NOTEBOOK6));
  assert.deepEqual([nb6!.which, nb6!.server, nb6!.execution_count, nb6!.dropped_messages], ['message', 'NotebookApp', 8, 485]);
  assert.match(nb6!.option!, /^--NotebookApp\.iopub_msg_rate_limit=\d+$/);
});

test('the replay: at the defaults the captured traffic fits; at a stricter limit it names the cells and what it would drop', async () => {
  const atDefaults = cells(await records(V1));
  assert.ok(atDefaults.every((c) => c.msg.over_by === null && c.dropped_messages === 0));
  const strict = cells(await records(V1, { msgRate: 500, dataRate: 0, window: 3 }));
  const over = strict.filter((c) => c.msg.over_by !== null);
  assert.deepEqual(over.map((c) => c.execution_count), [9]);
  assert.equal(over[0]!.msg.peak, 1000);
  assert.equal(over[0]!.msg.over_by, 2);
  assert.equal(over[0]!.msg.option, '--ServerApp.iopub_msg_rate_limit=1000');
  assert.ok(over[0]!.dropped_messages > 1000 && over[0]!.msg.exceeded_at !== null);
});

test('notices say when the server had other limits than the replay', async () => {
  const [data] = notices(await records(LIMITS));
  assert.match(data!.note!, /this server's limit was 250000, the replay's 1000000/);
});

test('byte counts: exact on v1 frames, and the legacy estimate measured against them', async () => {
  const bytes = (await records(V1)).find((r): r is RateLimitBytes => r.kind === 'bytes')!;
  assert.equal(bytes.v1_messages, 3010);
  assert.equal(bytes.v1_exact, 1421779);
  // Serialising the decoded message as jupyter_client does gives the same bytes.
  assert.equal(bytes.estimate_error_pct, 0);
  // The WebSocket payload is 12.9 % larger than what the server counts (offsets, channel).
  assert.equal(bytes.payload_error_pct, 12.91);
  const legacy = (await records(NOTEBOOK6)).find((r): r is RateLimitBytes => r.kind === 'bytes')!;
  assert.deepEqual([legacy.legacy_messages, legacy.v1_messages], [4526, 0]);
  assert.ok(legacy.legacy_estimate < legacy.legacy_payload);
});

test('a capture that ends while output is suppressed: the notice names the cell, the unknowns are null', async () => {
  // jupyter-server-v1's notice is frame 3076 of its first connection: keep the frames up to it.
  const cut = truncatedHar(V1, (frames) => frames.slice(0, 3077));
  const all = await collect(sessionRateLimits([bytesSource('cut.har', cut)]));
  const [notice] = notices(all);
  assert.deepEqual([notice!.execution_count, notice!.suppressed_ms, notice!.dropped_messages, notice!.over_by, notice!.option], [9, null, null, null, null]);
  assert.equal(notice!.rate_before, 6840.568, 'the rate before the notice is still known');
  assert.match(notice!.note!, /the capture ends while output is suppressed/);
  const cell = cells(all).find((c) => c.execution_count === 9)!;
  assert.deepEqual([cell.note, cell.cut[0]!.notices], ['no idle in the capture', 1]);
});
