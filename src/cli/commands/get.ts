import type { CommandModule } from 'yargs';
import { readDocument } from '../../read/document.js';
import { readHar } from '../../read/har.js';
import { compilePath, evaluatePath, projectionKeys, type CompiledPath } from '../../select/path.js';
import { ArrayWriter, emitSquashed, type EmitOptions } from '../emit.js';
import { parseDefault, sourcesOf, withFiles, type FilesArgs } from '../common.js';
import type { CommandContext } from '../io.js';
import { projectionOf } from '../../read/har.js';
import type { InputSource } from '../../read/input.js';

interface GetArgs extends FilesArgs {
  path: string;
  compact: boolean;
  raw: boolean;
  squash: number;
  'show-none': boolean;
  default?: string;
}


type Plan =
  | { kind: 'entries'; rest: CompiledPath; only: number | null }
  | { kind: 'header' }
  | { kind: 'document' };

/** Paths under log/entries stream entry by entry; other log fields skip the entries; the rest need the whole tree. */
function planFor(path: CompiledPath): Plan {
  const [first, second] = path.segments;
  if (first?.kind !== 'key' || first.key !== 'log' || second === undefined) return { kind: 'document' };
  const rest = { text: path.text, segments: path.segments.slice(2) };
  if (second.kind === 'map' && second.key === 'entries') return { kind: 'entries', rest, only: null };
  if (second.kind === 'key' && second.key === 'entries') {
    const third = path.segments[2];
    if (third?.kind === 'index') return { kind: 'entries', rest: { text: path.text, segments: path.segments.slice(3) }, only: third.index };
    return { kind: 'document' };
  }
  if (second.kind === 'key' || second.kind === 'index') return { kind: 'header' };
  return { kind: 'document' };
}

async function runEntries(ctx: CommandContext, source: InputSource, plan: Plan & { kind: 'entries' }, fallback: unknown, args: GetArgs, emit: EmitOptions): Promise<void> {
  const keys = projectionKeys(plan.rest);
  const project = keys === null ? null : projectionOf([keys]);
  if (plan.only !== null) {
    let found = false;
    for await (const item of readHar(source, { project, onWarning: ctx.warn })) {
      if (item.kind === 'entry' && item.index === plan.only) {
        found = true;
        await emitSquashed(ctx.out, evaluatePath(plan.rest, item.entry, fallback), args.squash, emit);
      }
    }
    if (!found) await emitSquashed(ctx.out, fallback, args.squash, emit);
    return;
  }
  const writer = args.squash === 0 ? new ArrayWriter(ctx.out, args.compact) : null;
  for await (const item of readHar(source, { project, onWarning: ctx.warn })) {
    if (item.kind !== 'entry') continue;
    if (ctx.out.isClosed) return;
    const value = evaluatePath(plan.rest, item.entry, fallback);
    if (writer !== null) await writer.item(value);
    else await emitSquashed(ctx.out, value, args.squash - 1, emit);
  }
  await writer?.close();
}

export function getCommand(ctx: CommandContext): CommandModule<object, GetArgs> {
  return {
    command: 'get <path> [files..]',
    describe: "Extract values with jqfpy's get() path language",
    builder: (yargs) =>
      withFiles(
        yargs.positional('path', {
          describe: 'a/b/c; name[] maps over an array; 0 indexes; * any key; ~1 is /, ~0 is ~',
          type: 'string',
          demandOption: true,
        }),
      )
        .option('compact', { alias: 'c', describe: 'compact JSON (jq -c style)', type: 'boolean', default: false })
        .option('raw', { alias: 'r', describe: 'print strings without quotes', type: 'boolean', default: false })
        .option('squash', { describe: 'emit each element as its own document (repeat to unwrap more levels)', type: 'boolean', count: true, default: 0 })
        .option('show-none', { describe: 'print null results (hidden by default)', type: 'boolean', default: false })
        .option('default', { describe: 'value for missing paths (JSON, or a plain string)', type: 'string' })
        .example("$0 get 'log/entries[]/request/url' --squash --raw session.har", 'one URL per line')
        .example("$0 get 'log/entries[]/request/headers[]/name' -c --squash --squash session.har", 'every header name')
        .example("$0 get log/creator session.har", 'who wrote the HAR'),
    handler: async (args) => {
      const path = compilePath(args.path);
      const fallback = parseDefault(args.default);
      const emit: EmitOptions = { compact: args.compact, raw: args.raw, showNone: args['show-none'] };
      const plan = planFor(path);
      for (const source of sourcesOf(ctx.io, args.files)) {
        if (plan.kind === 'entries') {
          await runEntries(ctx, source, plan, fallback, args, emit);
          continue;
        }
        let document: unknown;
        if (plan.kind === 'header') {
          for await (const item of readHar(source, { skipEntries: true, onWarning: ctx.warn })) {
            if (item.kind === 'end') document = { log: item.log };
          }
        } else {
          document = await readDocument(source, 'get');
        }
        await emitSquashed(ctx.out, evaluatePath(path, document, fallback), args.squash, emit);
      }
    },
  };
}
