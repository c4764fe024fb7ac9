import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { HarknifeError, ExitCode, UsageError } from '../../errors.js';
import { notebookJsonParts, rebuildNotebooks, renderNotebookText, type NotebookBuild } from '../../views/index.js';
import { CellSpill } from '../../views/cell-spill.js';
import { defineCommand } from '../command.js';
import { chosenFormat, filterOptionsOf, formatOption, sourcesOf, withFiles, withFilters, type FilesArgs, type FilterArgs } from '../common.js';
import type { CommandContext } from '../io.js';

interface NotebookArgs extends FilesArgs, FilterArgs {
  output?: string;
  kernel?: string;
  format?: 'ipynb' | 'text';
}

export const notebookCommand = defineCommand<NotebookArgs>({
  command: 'notebook [files..]',
  describe: 'Rebuild the notebook (nbformat 4.5) from the kernel traffic, with output the page lost',
  builder: (yargs) =>
    withFilters(withFiles(yargs))
      .option('output', { alias: 'o', describe: 'write FILE.ipynb, or one notebook per kernel into DIR/', type: 'string', requiresArg: true })
      .option('kernel', { describe: 'only this kernel (its id or a prefix of it) when the capture has several', type: 'string', requiresArg: true })
      .option('format', formatOption(['ipynb', 'text'], 'text on a terminal, ipynb when piped or written'))
      .example('$0 notebook s.har -o rebuilt.ipynb', 'the notebook, with output the page lost put back')
      .example('$0 notebook -f text s.har', 'read it as In [n]: / Out[n]:')
      .example('$0 notebook -o notebooks/ old.har new.har', 'one notebook per kernel'),
  run: async (args, ctx) => {
    const format = args.output === undefined ? chosenFormat(ctx, args.format, 'ipynb', 'text') : 'ipynb';
    // .ipynb text is written a cell at a time, so finished cells can wait in a temporary file.
    const spill = format === 'ipynb' ? new CellSpill() : undefined;
    try {
      await writeNotebooks(args, ctx, format, spill);
    } finally {
      spill?.close();
    }
  },
});

async function writeNotebooks(args: NotebookArgs, ctx: CommandContext, format: 'ipynb' | 'text', spill: CellSpill | undefined): Promise<void> {
  const notebooks = await rebuildNotebooks(sourcesOf(ctx.io, args.files), { ...filterOptionsOf(args), kernel: args.kernel, onWarning: ctx.warn, ...(spill === undefined ? {} : { spill }) });
  const count = notebooks.kernel_ids.length;
  if (count === 0) {
    ctx.note(args.kernel === undefined ? 'no executed cells in the input: no notebook written' : `--kernel ${args.kernel}: no such kernel in the input`);
    ctx.answerNo();
    return;
  }
  const directory = args.output !== undefined && (args.output.endsWith('/') || isDirectory(args.output));
  if (count > 1 && !directory) {
    const ids = notebooks.kernel_ids.map((id) => id ?? 'unknown').join(', ');
    throw new UsageError(`${count} kernels in the input (${ids}): name one with --kernel ID, or write one notebook each with -o DIR/`);
  }
  if (args.output === undefined) {
    const [build] = notebooks.builds();
    if (build === undefined) return;
    if (format === 'text') await ctx.out.write(renderNotebookText(build, { colour: ctx.color }));
    else for (const part of notebookJsonParts(build.notebook)) await ctx.out.write(part);
    reportRecovered(ctx, build);
    return;
  }
  if (args.format === 'text') throw new UsageError('-o writes .ipynb files; -f text is for reading on a terminal');
  if (directory) mkdirSync(args.output, { recursive: true });
  for (const build of notebooks.builds()) {
    const path = directory ? join(args.output, `${build.kernel_id ?? 'unknown-kernel'}.ipynb`) : args.output;
    try {
      const fd = openSync(path, 'w');
      try {
        for (const part of notebookJsonParts(build.notebook)) writeSync(fd, part);
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      throw new HarknifeError(`cannot write ${path}: ${(error as Error).message}`, ExitCode.internal);
    }
    reportRecovered(ctx, build);
  }
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** stderr, when output came back from later connections (silent otherwise, like a good filter). */
function reportRecovered(ctx: CommandContext, build: NotebookBuild): void {
  if (build.recovered_outputs === 0) return;
  const [n, cells] = [build.recovered_outputs, build.recovered_cells];
  ctx.note(
    `kernel ${build.kernel_id ?? 'unknown'}: ${n} output message${n === 1 ? '' : 's'} recovered in ${cells} cell${cells === 1 ? '' : 's'} (they reached only a later connection, after a reload or reconnect)`,
  );
}
