/**
 * IOPub output messages applied to an output area, the way JupyterLab's OutputArea handles
 * them (`outputarea/src/widget.ts` `_onIOPub`, `services/src/kernel/default.ts` `_handleDisplayId`).
 */
import {
  isClearOutputMsg,
  isDisplayDataMsg,
  isErrorMsg,
  isExecuteResultMsg,
  isStreamMsg,
  isUpdateDisplayDataMsg,
  type Message,
  type Transient,
} from './messages.js';
import type { DisplayDataOutput, DisplayRegistry, ExecuteResultOutput, OutputArea } from './output-area.js';

/** stream, error, clear_output, display_data and execute_result change the area; the rest is ignored. */
export function applyOutputMessage(area: OutputArea, displays: DisplayRegistry, msg: Message): void {
  if (isStreamMsg(msg)) {
    area.add({ output_type: 'stream', name: msg.content.name, text: msg.content.text });
  } else if (isErrorMsg(msg)) {
    const { ename, evalue, traceback } = msg.content;
    area.add({ output_type: 'error', ename, evalue, traceback: [...traceback] });
  } else if (isClearOutputMsg(msg)) {
    area.clear(msg.content.wait === true);
  } else if (isDisplayDataMsg(msg)) {
    const { data, metadata = {}, transient } = msg.content;
    show(area, displays, { output_type: 'display_data', data, metadata }, transient);
  } else if (isExecuteResultMsg(msg)) {
    const { data, metadata = {}, transient, execution_count = null } = msg.content;
    show(area, displays, { output_type: 'execute_result', execution_count, data, metadata }, transient);
  }
}

function show(area: OutputArea, displays: DisplayRegistry, output: DisplayDataOutput | ExecuteResultOutput, transient: Transient | undefined): void {
  const stored = area.add(output);
  const id = transient?.display_id;
  // A display_data that reuses a display_id also updates the earlier outputs with it.
  if (id !== undefined && (stored.output_type === 'display_data' || stored.output_type === 'execute_result')) {
    displays.update(id, output.data, output.metadata);
    displays.register(id, stored);
  }
}

/** update_display_data rewrites every output with its display_id, wherever (whichever request) it is. */
export function applyDisplayUpdate(displays: DisplayRegistry, msg: Message): void {
  if (!isUpdateDisplayDataMsg(msg)) return;
  const { data, metadata = {}, transient } = msg.content;
  displays.update(transient.display_id, data, metadata);
}

/** The display_id a display_data, execute_result or update_display_data shows under, if any. */
export function displayId(msg: Message): string | null {
  if (isDisplayDataMsg(msg) || isExecuteResultMsg(msg) || isUpdateDisplayDataMsg(msg)) return msg.content.transient?.display_id ?? null;
  return null;
}
