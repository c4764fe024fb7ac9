import { closeSync, openSync, writeSync } from 'node:fs';

/** One stream output of a generated cell. */
export interface StreamOutput {
  name: 'stdout' | 'stderr';
  text: string;
}

/**
 * `har ws-messages` NDJSON of one long session on kernel K: `cells` cells a second apart, cell n
 * running `code(n)` (default `print(n)`) and printing `outputs(n)` (stream messages, in order)
 * between busy and its reply.
 */
export function writeLongSession(file: string, cells: number, outputs: (n: number) => StreamOutput[], code: (n: number) => string = (n) => `print(${n})`): void {
  const fd = openSync(file, 'w');
  let index = 0;
  const frame = (time: number, type: 'send' | 'receive', channel: string, msgType: string, id: string, parent: string | null, content: object) => {
    const data = JSON.stringify({
      header: { msg_id: id, msg_type: msgType, session: type === 'send' ? 'client' : 'kernel', username: '', version: '5.3', date: new Date(time * 1000).toISOString() },
      parent_header: parent === null ? {} : { msg_id: parent, msg_type: 'execute_request', session: 'client' },
      metadata: {},
      content,
      channel,
      buffers: [],
    });
    const record = { entry: 0, url: 'ws://h/api/kernels/K/channels?session_id=client', kernel_id: 'K', session_id: 'client', protocol: null, index: index++, type, time, iso: new Date(time * 1000).toISOString(), opcode: 1, size: data.length, data };
    return `${JSON.stringify(record)}\n`;
  };
  for (let n = 0; n < cells; n++) {
    const t = 1_700_000_000 + n;
    const id = `req-${n}`;
    writeSync(
      fd,
      [
        frame(t, 'send', 'shell', 'execute_request', id, null, { code: code(n), silent: false }),
        frame(t + 0.1, 'receive', 'iopub', 'status', `${id}-busy`, id, { execution_state: 'busy' }),
        ...outputs(n).map((output, k) => frame(t + 0.3 + k * 0.01, 'receive', 'iopub', 'stream', `${id}-out-${k}`, id, output)),
        frame(t + 0.8, 'receive', 'shell', 'execute_reply', `${id}-reply`, id, { status: 'ok', execution_count: n + 1 }),
        frame(t + 0.9, 'receive', 'iopub', 'status', `${id}-idle`, id, { execution_state: 'idle' }),
      ].join(''),
    );
  }
  closeSync(fd);
}
