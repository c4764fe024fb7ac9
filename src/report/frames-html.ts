/** Per connection, a table of its frames: direction, channel, msg_type, parent and a word on each. */
import { html, type Html } from './escape.js';
import type { ConnectionFrames, FrameSide } from './frames.js';

/** Closed until opened: a long table costs no layout while the page loads. */
function connectionTable(connection: ConnectionFrames, url: string | null, position: number): Html {
  const shown = connection.rows.length;
  const id = `frames-${position}`;
  return html`<details><summary><b>connection ${position + 1}</b> \u00b7 entry ${connection.entry ?? '?'} \u00b7 kernel <span class="mono">${connection.kernel_id ?? '?'}</span> \u00b7 ${connection.frames} frames${url === null ? html`` : html` \u00b7 <span class="mono url">${url}</span>`}</summary>
${shown < connection.frames ? html`<p class="note">The first ${shown} of ${connection.frames} frames are listed.</p>` : html``}
<form class="filters" data-table="${id}"><label>channel <input name="channel" size="8"></label><label>msg_type <input name="msg" size="16"></label><span><span class="shown">${shown}</span> shown</span></form>
<table id="${id}" class="sortable frames"><thead><tr><th class="num">#</th><th class="num">+ms</th><th>dir</th><th>channel</th><th>msg_type</th><th>parent</th><th>about</th></tr></thead><tbody>
${connection.rows.map(
  (row) => html`<tr data-channel="${row.channel ?? ''}" data-msg="${row.msg_type ?? row.kind}"><td class="num">${row.index ?? ''}</td><td class="num" data-v="${row.at_ms ?? ''}">${row.at_ms === null ? '' : row.at_ms.toFixed(0)}</td><td class="dir-${row.direction ?? ''}">${row.direction === 'send' ? '↑ send' : row.direction === 'receive' ? '↓ recv' : ''}</td><td>${row.channel ?? ''}</td><td>${row.msg_type ?? html`<i>${row.kind}</i>`}</td><td>${row.parent_msg_type ?? ''}</td><td class="mono">${row.about}</td></tr>\n`,
)}</tbody></table></details>`;
}

/** `urls` maps a connection's `file\0entry` to its (masked) URL. */
export function framesSection(side: FrameSide, urls: ReadonlyMap<string, string>): Html {
  if (side.connections.length === 0) return html`<p class="note">No WebSocket frames in the capture.</p>`;
  return html`${side.rows_left_out > 0 ? html`<p class="note">${side.rows_left_out} frames are counted but not listed (the page lists at most a few thousand).</p>` : html``}
${side.connections.map((c, i) => connectionTable(c, urls.get(`${c.file}\u0000${c.entry ?? ''}`) ?? null, i))}`;
}
