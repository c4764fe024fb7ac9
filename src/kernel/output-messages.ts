/**
 * IOPub output messages applied to an output area, the way JupyterLab's OutputArea handles
 * them (`outputarea/src/widget.ts` `_onIOPub`, `services/src/kernel/default.ts` `_handleDisplayId`).
 */
import { isJsonObject, type JsonObject } from './messages.js';
import type { DisplayRegistry, Output, OutputArea } from './output-area.js';

interface OutputMessage {
  msg_type: string;
  content: JsonObject;
}

/** stream, error, clear_output, display_data and execute_result change the area; the rest is ignored. */
export function applyOutputMessage(area: OutputArea, displays: DisplayRegistry, msg: OutputMessage): void {
  const c = msg.content;
  switch (msg.msg_type) {
    case 'stream':
      area.add({ output_type: 'stream', name: stringField(c, 'name'), text: stringField(c, 'text') });
      return;
    case 'error': {
      const traceback = Array.isArray(c.traceback) ? c.traceback.map((line) => String(line)) : [];
      area.add({ output_type: 'error', ename: stringField(c, 'ename'), evalue: stringField(c, 'evalue'), traceback });
      return;
    }
    case 'clear_output':
      area.clear(c.wait === true);
      return;
    case 'display_data':
    case 'execute_result': {
      const [data, metadata] = [objectField(c, 'data'), objectField(c, 'metadata')];
      const output: Output =
        msg.msg_type === 'display_data'
          ? { output_type: 'display_data', data, metadata }
          : { output_type: 'execute_result', execution_count: typeof c.execution_count === 'number' ? c.execution_count : null, data, metadata };
      const stored = area.add(output);
      const id = displayId(c);
      // A display_data that reuses a display_id also updates the earlier outputs with it.
      if (id !== null && (stored.output_type === 'display_data' || stored.output_type === 'execute_result')) {
        displays.update(id, data, metadata);
        displays.register(id, stored);
      }
      return;
    }
  }
}

/** update_display_data rewrites every output with its display_id, wherever (whichever request) it is. */
export function applyDisplayUpdate(displays: DisplayRegistry, msg: OutputMessage): void {
  if (msg.msg_type !== 'update_display_data') return;
  const id = displayId(msg.content);
  if (id !== null) displays.update(id, objectField(msg.content, 'data'), objectField(msg.content, 'metadata'));
}

export function displayId(content: JsonObject): string | null {
  const transient = content.transient;
  return isJsonObject(transient) && typeof transient.display_id === 'string' ? transient.display_id : null;
}

function stringField(content: JsonObject, key: string): string {
  const value = content[key];
  return typeof value === 'string' ? value : '';
}

function objectField(content: JsonObject, key: string): JsonObject {
  const value = content[key];
  return isJsonObject(value) ? value : {};
}
