/**
 * A list of message ids kept as one short string, for sets that outlive their request (the ids of
 * a built request's messages). A kernel's ids share most of their text (ipykernel's are
 * `<session>_<pid>_<counter>`), so each id is written as how many leading characters it shares
 * with the id before it, then the rest as a JSON string: `0"ab_1"3"2"` holds `ab_1` and `ab_2`.
 */

export function idList(ids: readonly string[]): string {
  // Joined once, so the list is one flat string (`+=` would keep a chain of joined pieces).
  const parts: string[] = [];
  let previous = '';
  for (const id of ids) {
    let shared = 0;
    const most = Math.min(id.length, previous.length);
    while (shared < most && id.charCodeAt(shared) === previous.charCodeAt(shared)) shared++;
    parts.push(String(shared), JSON.stringify(id.slice(shared)));
    previous = id;
  }
  return parts.join('');
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Whether `list` (made by `idList`) holds `id`. */
export function idListHas(list: string, id: string): boolean {
  let previous = '';
  let at = 0;
  while (at < list.length) {
    const quote = list.indexOf('"', at);
    const shared = Number(list.slice(at, quote));
    // The JSON string runs to the first quote not escaped; only an escaped one needs JSON.parse.
    let end = quote + 1;
    let escaped = false;
    while (list.charCodeAt(end) !== QUOTE) {
      if (list.charCodeAt(end) === BACKSLASH) {
        escaped = true;
        end++;
      }
      end++;
    }
    const rest = escaped ? (JSON.parse(list.slice(quote, end + 1)) as string) : list.slice(quote + 1, end);
    const current = previous.slice(0, shared) + rest;
    if (current === id) return true;
    previous = current;
    at = end + 1;
  }
  return false;
}
