/** Every string of a JSON document, and each base64-looking string decoded (latin1), one per line. */
export function allStrings(json: string): string {
  const parts: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      parts.push(value);
      if (/^[A-Za-z0-9+/]{8,}={0,2}$/.test(value)) parts.push(Buffer.from(value, 'base64').toString('latin1'));
    } else if (value !== null && typeof value === 'object') {
      for (const member of Object.values(value)) walk(member);
    }
  };
  walk(JSON.parse(json));
  return parts.join('\n');
}
