#!/usr/bin/env node
// Print the counts used in samples/README.md for one HAR: entries by _resourceType, WebSocket
// entries with their subprotocol and frame counts, and msg_type counts per direction and channel
// (frames decoded as legacy text, legacy binary, or v1.kernel.websocket.jupyter.org binary).
//   node scripts/capture/summarize.mjs FILE.har
import { readFileSync } from 'node:fs';

/** @param {Buffer} b @returns {any} */
function decodeBinary(b) {
  if (b.length >= 16 && b.readUInt32BE(0) === 0) { /* not legacy */ }
  // v1: uint64 LE count then offsets
  if (b.length >= 8) {
    const n = Number(b.readBigUInt64LE(0));
    if (n >= 6 && n <= b.length / 8 - 1 && Number(b.readBigUInt64LE(8)) === 8 * (n + 1)) {
      const off = [];
      for (let i = 0; i < n; i++) off.push(Number(b.readBigUInt64LE(8 + 8 * i)));
      if (off[n - 1] === b.length) {
        const part = (/** @type {number} */ i) => b.subarray(off[i], off[i + 1]).toString('utf8');
        return { format: 'v1', channel: part(0), header: JSON.parse(part(1)), buffers: n - 6 };
      }
    }
  }
  const nb = b.readUInt32BE(0);
  if (nb >= 1 && b.readUInt32BE(4) === 4 * (nb + 1)) {
    const end = nb > 1 ? b.readUInt32BE(8) : b.length;
    const msg = JSON.parse(b.subarray(4 * (nb + 1), end).toString('utf8'));
    return { format: 'legacy-binary', channel: msg.channel, header: msg.header, buffers: nb - 1 };
  }
  return { format: 'unknown' };
}

const file = process.argv[2];
if (!file) { console.error('usage: node scripts/capture/summarize.mjs FILE.har'); process.exit(2); }
const har = JSON.parse(readFileSync(file, 'utf8'));
const entries = har.log.entries;
/** @type {Record<string, number>} */
const byType = {};
for (const e of entries) byType[e._resourceType ?? '(none)'] = (byType[e._resourceType ?? '(none)'] ?? 0) + 1;
console.log(`file: ${file}`);
console.log(`creator: ${har.log.creator.name} ${har.log.creator.version}; pages: ${har.log.pages?.length ?? 0}; entries: ${entries.length}`);
console.log(`entries by _resourceType: ${Object.entries(byType).map(([k, v]) => `${k} ${v}`).join(', ')}`);
/** @type {Record<string, number>} */
const types = {};
/** @type {Record<string, number>} */
const formats = {};
for (const e of entries) {
  const msgs = e._webSocketMessages;
  if (!msgs) continue;
  const proto = (e.response.headers ?? []).find((/** @type {any} */ h) => h.name.toLowerCase() === 'sec-websocket-protocol')?.value ?? '';
  const send = msgs.filter((/** @type {any} */ m) => m.type === 'send').length;
  const op = /** @type {Record<string, number>} */ ({});
  for (const m of msgs) op[m.opcode] = (op[m.opcode] ?? 0) + 1;
  console.log(`websocket ${e.request.url.replace(/\?.*/, '')} status ${e.response.status} protocol "${proto}": ${msgs.length} frames (${send} send, ${msgs.length - send} receive; opcodes ${Object.entries(op).map(([k, v]) => `${k}:${v}`).join(' ')})`);
  for (const m of msgs) {
    let d;
    if (m.opcode === 1) { const j = JSON.parse(m.data); d = { format: 'legacy-text', channel: j.channel, header: j.header, buffers: 0 }; }
    else if (m.opcode === 2) d = decodeBinary(Buffer.from(m.data, 'base64'));
    else d = { format: `opcode ${m.opcode}` };
    const fk = `${d.format}${d.buffers ? ' with buffers' : ''}`;
    formats[`${m.type} ${fk}`] = (formats[`${m.type} ${fk}`] ?? 0) + 1;
    if (d.header) {
      const k = `${m.type}\t${d.channel}\t${d.header.msg_type}`;
      types[k] = (types[k] ?? 0) + 1;
    }
  }
}
console.log('frame formats:');
for (const [k, v] of Object.entries(formats).sort()) console.log(`  ${v}\t${k}`);
console.log('msg_types (count, direction, channel, msg_type):');
for (const [k, v] of Object.entries(types).sort()) console.log(`  ${v}\t${k}`);
