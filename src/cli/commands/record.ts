import { createInterface } from 'node:readline';
import { UsageError } from '../../errors.js';
import { checkBrowser, DEFAULT_BROWSER, describeTabs, tabsInOneLine, noTabs, record, tabFromAnswer, tabMatching, type RecordResult, type TabInfo } from '../../record/index.js';
import { toJson } from '../../write/json.js';
import type { FrameRecord } from '../../ws/frames.js';
import { defineCommand } from '../command.js';
import type { CommandContext } from '../io.js';

interface RecordArgs {
  url?: string;
  output: string;
  headless?: boolean;
  browser?: string;
  'browser-arg'?: string[];
  attach?: string;
  tab?: string;
  live: boolean;
  'keep-secrets': boolean;
}

export const recordCommand = defineCommand<RecordArgs>({
  command: 'record [url]',
  describe: "Record a browser tab's traffic (requests with bodies, every WebSocket frame) as a HAR; --live streams the frames",
  builder: (yargs) =>
    yargs
      .positional('url', { describe: 'page to open (a notebook or JupyterLab URL); none: the tab stays as it is', type: 'string' })
      .option('output', { alias: 'o', describe: 'the HAR file to write', type: 'string', requiresArg: true, demandOption: 'give the HAR file to write: -o OUT.har' })
      .option('headless', { describe: 'no window (default: headless unless DISPLAY or WAYLAND_DISPLAY is set)', type: 'boolean' })
      .option('browser', { describe: `the Chromium to launch (default: ${DEFAULT_BROWSER})`, type: 'string', requiresArg: true })
      .option('browser-arg', { describe: 'one more Chromium flag (repeatable), e.g. --browser-arg=--proxy-server=HOST:PORT', type: 'string', array: true, nargs: 1, requiresArg: true })
      .option('attach', { describe: 'record a tab of a running browser started with --remote-debugging-port=PORT', type: 'string', requiresArg: true })
      .option('tab', { describe: 'with --attach: the tab whose title or URL matches this regular expression', type: 'string', requiresArg: true })
      .option('live', { describe: 'print each WebSocket frame as it arrives, as har ws-messages NDJSON (pipe into kernel-decode)', type: 'boolean', default: false })
      .option('keep-secrets', { describe: 'write the capture unredacted (cookies, tokens, passwords as they were sent)', type: 'boolean', default: false })
      .conflicts('attach', ['browser', 'browser-arg', 'headless'])
      .example('$0 record -o s.har http://127.0.0.1:8888/tree', 'work in the window; close it (or Ctrl-C) to write s.har')
      .example('$0 record --live -o s.har URL | kernel-decode', 'the kernel messages while you work')
      .example('$0 record --attach 9222 --tab Notebook -o s.har', 'a tab of chromium --remote-debugging-port=9222'),
  run: async (args, ctx) => {
    if (args.tab !== undefined && args.attach === undefined) throw new UsageError('--tab chooses a tab of the browser named by --attach');
    const browser = args.browser ?? DEFAULT_BROWSER;
    if (args.attach === undefined) checkBrowser(browser);
    const headless = args.headless ?? !(ctx.io.env['DISPLAY'] || ctx.io.env['WAYLAND_DISPLAY']);
    const stop = new AbortController();
    const live = args.live ? liveWriter(ctx) : null;
    const result = await withInterrupts(ctx, args.output, stop, () =>
      record({
        output: args.output,
        ...(args.url !== undefined ? { url: args.url } : {}),
        ...(args.attach !== undefined
          ? { attach: { endpoint: args.attach, chooseTab: (tabs) => chooseTab(ctx, tabs, args.tab) } }
          : { launch: { executablePath: browser, headless, extraArgs: args['browser-arg'] ?? [] } }),
        keepSecrets: args['keep-secrets'],
        signal: stop.signal,
        ...(live ? { onFrame: live.frame } : {}),
        onStatus: ctx.note,
        onWarning: ctx.warn,
      }),
    );
    await live?.done();
    ctx.note(summary(result));
  },
});

/**
 * Ctrl-C (or SIGTERM, SIGHUP) stops the recording and the file is still written; a third one
 * quits at once, without the file, for when writing it takes too long.
 */
async function withInterrupts<T>(ctx: CommandContext, output: string, stop: AbortController, work: () => Promise<T>): Promise<T> {
  let count = 0;
  const onSignal = () => {
    count++;
    if (count === 1) ctx.note(`stopping; writing ${output}…`);
    if (count === 2) ctx.note(`still writing ${output}; interrupt once more to quit without it`);
    if (count >= 3) process.exit(130);
    stop.abort();
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.on(signal, onSignal);
  try {
    return await work();
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
  }
}

/** Frames go out one line each, flushed at once, in arrival order; a closed pipe ends the live view, not the recording. */
function liveWriter(ctx: CommandContext): { frame(frame: FrameRecord): void; done(): Promise<void> } {
  let queue = Promise.resolve();
  let closedNoted = false;
  return {
    frame: (frame) => {
      const line = `${toJson(frame, true)}\n`;
      queue = queue.then(async () => {
        if (ctx.out.isClosed) {
          if (!closedNoted) ctx.note('stdout was closed: --live output stops, the recording goes on');
          closedNoted = true;
          return;
        }
        await ctx.out.write(line);
        await ctx.out.flush();
      });
    },
    done: () => queue,
  };
}

/** Exported for its test: the tab to record, from --tab, the only tab, or a question on the terminal. */
export async function chooseTab(ctx: CommandContext, tabs: readonly TabInfo[], pattern: string | undefined): Promise<number> {
  if (tabs.length === 0) throw noTabs();
  if (pattern !== undefined) return tabMatching(tabs, pattern);
  if (tabs.length === 1) return 0;
  if (!ctx.io.stdinIsTTY || !ctx.io.stderrIsTTY) {
    throw new UsageError(`which tab? pass --tab TITLE|URL-REGEX; the tabs are: ${tabsInOneLine(tabs)}`);
  }
  ctx.io.stderr.write(`The browser has ${tabs.length} tabs:\n${describeTabs(tabs)}\n`);
  const prompt = createInterface({ input: ctx.io.stdin ?? process.stdin, output: ctx.io.stderr });
  try {
    const answer = await new Promise<string>((resolve) => prompt.question('Record which tab (number or pattern)? ', resolve));
    return tabFromAnswer(tabs, answer);
  } finally {
    prompt.close();
  }
}

function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function summary(result: RecordResult): string {
  const what = [counted(result.entries, 'entry', 'entries'), counted(result.pages, 'page'), counted(result.frames, 'WebSocket frame')].join(', ');
  const lost = [
    result.lostBodies > 0 ? `; ${counted(result.lostBodies, 'response body', 'response bodies')} the browser no longer had` : '',
    result.framesOfUnseenSockets > 0 ? `; ${counted(result.framesOfUnseenSockets, 'frame')} of WebSockets opened before recording left out` : '',
  ].join('');
  const safety =
    result.redactions === null
      ? 'NOT redacted (--keep-secrets): it holds the cookies and tokens of the session'
      : `redacted: ${counted(result.redactions, 'secret')} (cookies, tokens, credentials, each place counted) replaced by placeholders as the file was written; the unredacted capture was not written anywhere (--keep-secrets writes it as captured)`;
  return `wrote ${result.output} (${what}${lost}); ${safety}`;
}
