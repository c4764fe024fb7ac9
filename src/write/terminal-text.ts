/**
 * Text from a capture shown to a person. A HAR holds whatever a page or a kernel produced, and a
 * terminal obeys control sequences (OSC titles and hyperlinks, clipboard writes, screen clears,
 * bare CRs that overwrite a line), so human-readable output shows every control character from
 * data as a visible escape instead of sending it raw.
 */

// C0 controls, DEL and the C1 range (U+0080–U+009F: 8-bit CSI/OSC on some terminals).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

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

/** Cuts text to `width` characters (code points, so no surrogate pair is split), marking the cut with an ellipsis. */
export function cutText(text: string, width: number): string {
  if (text.length <= width) return text;
  const chars = Array.from(text);
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}
