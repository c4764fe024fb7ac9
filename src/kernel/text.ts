/** Small text helpers shared by the human views. */

const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/** IPython tracebacks are coloured with ANSI escapes; pipes and files want them gone. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** One line: newlines shown as ⏎, cut to `width` characters with an ellipsis. */
export function oneLine(text: string, width: number): string {
  const flat = text.replace(/\r?\n/g, '⏎').replace(/[\t\r]/g, ' ');
  const chars = Array.from(flat);
  return chars.length <= width ? flat : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}
