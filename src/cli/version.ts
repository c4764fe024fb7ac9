import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * harknife's own version: the package.json above this module that names harknife, wherever the
 * package is installed or bundled to (never the package.json of the current directory).
 */
export function ownVersion(from: string = import.meta.url): string {
  let folder = dirname(fileURLToPath(from));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'harknife' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // No package.json here (or not JSON): look higher up.
    }
    const parent = dirname(folder);
    if (parent === folder) return 'unknown';
    folder = parent;
  }
}
