/**
 * The goldens captured from the real Python tools in test/fixtures/dictknife-jqfpy: each NAME.cmd
 * holds one command line (`$ jqfpy …` or `$ dictknife shape …`), NAME.stdout its exact output.
 * Suites read the folder, so a golden added there is a case without editing a list.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fixture } from './cli.js';

export const GOLDEN_DIR = fixture('dictknife-jqfpy');
export const GOLDEN_TOOLS = ['jqfpy', 'dictknife shape'] as const;

export interface FixtureGolden {
  name: string;
  /** The command line as recorded, without the `$ `. */
  command: string;
  /** The tool it runs, or null when it is none of GOLDEN_TOOLS. */
  tool: (typeof GOLDEN_TOOLS)[number] | null;
  /** What follows the tool's name. */
  args: string;
  /** Its stdout, or null when there is no NAME.stdout. */
  expected: string | null;
}

export function fixtureGoldens(): FixtureGolden[] {
  const files = readdirSync(GOLDEN_DIR);
  return files
    .filter((file) => file.endsWith('.cmd'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -'.cmd'.length);
      const command = readFileSync(`${GOLDEN_DIR}/${file}`, 'utf8').trim().replace(/^\$ /, '');
      const tool = GOLDEN_TOOLS.find((t) => command.startsWith(`${t} `)) ?? null;
      const args = tool === null ? command : command.slice(tool.length + 1);
      const expected = files.includes(`${name}.stdout`) ? readFileSync(`${GOLDEN_DIR}/${name}.stdout`, 'utf8') : null;
      return { name, command, tool, args, expected };
    });
}
