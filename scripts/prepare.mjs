#!/usr/bin/env node
/**
 * `npm run prepare`: builds dist/ (tsc, then one bundle per bin: scripts/bundle.mjs). npm runs it after `npm install` in the clone, on `npm install
 * <git url>`, and — without installing this folder's dependencies first — on `npm install
 * /path/to/clone` from another project. In that last case the dependencies (TypeScript among
 * them) are installed here before building, so the linked `har` and `kernel-decode` work.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync(join(root, 'node_modules', 'typescript', 'package.json'))) {
  const npm = process.env.npm_execpath;
  const [command, args] = npm ? [process.execPath, [npm]] : ['npm', []];
  run(command, [...args, 'install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save']);
}
run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
run(process.execPath, [join(root, 'scripts', 'bundle.mjs')]);
