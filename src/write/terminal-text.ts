/**
 * Text from a capture shown to a person. A HAR holds whatever a page or a kernel produced, and a
 * terminal obeys control sequences (OSC titles and hyperlinks, clipboard writes, screen clears,
 * bare CRs that overwrite a line), so human-readable output shows every control character from
 * data as a visible escape instead of sending it raw.
 */

// C0 controls, DEL and the C1 range (U+0080–U+009F: 8-bit CSI/OSC on some terminals).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
/** The same, but newlines (and tabs) pass: for multi-line text such as a transcript. */
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** SGR colour sequences (ESC [ digits;… m), the only ones a kernel traceback needs. */
const SGR = /\u001b\[[0-9;]{0,32}m/g;

function escapeControl(char: string): string {
  switch (char) {
    case '\n':
      return '⏎';
    case '\t':
      return ' ';
    case '\u001b':
      return '\\x1b';
    default:
      return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
  }
}

/** One line of text with every control character made visible (newlines as ⏎, tabs as a space). */
export function visibleText(text: string): string {
  return text.replace(CONTROL, escapeControl);
}

/**
 * Multi-line text for a terminal: newlines and tabs stay, every other control character is
 * made visible; with `keepSgr`, SGR colour sequences (and nothing else) pass through.
 */
export function visibleLines(text: string, keepSgr = false): string {
  if (!keepSgr) return text.replace(CONTROL_BUT_LINES, escapeControl);
  let shown = '';
  let last = 0;
  for (const match of text.matchAll(SGR)) {
    shown += text.slice(last, match.index).replace(CONTROL_BUT_LINES, escapeControl) + match[0];
    last = match.index + match[0].length;
  }
  return shown + text.slice(last).replace(CONTROL_BUT_LINES, escapeControl);
}

/** Cuts text to `width` characters (code points, so no surrogate pair is split), marking the cut with an ellipsis. */
export function cutText(text: string, width: number): string {
  if (text.length <= width) return text;
  const chars = Array.from(text);
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** A byte count as a person reads it: 512 B, 1.5 kB, 23 MB (SI units, as `ls -h --si`). */
export function humanBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || Math.abs(bytes) < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = -1;
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
