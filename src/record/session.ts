/**
 * `har record` as a library call: open or attach to a browser, log the tab's traffic until the
 * tab goes away or the caller's signal fires, then write the HAR (redacted unless asked not to).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import type { FrameRecord } from '../ws/frames.js';
import { attachBrowser, launchBrowser, type CdpConnection, type LaunchOptions, type RecordingTarget, type TabInfo } from './browser.js';
import { NETWORK_EVENT_NAMES, type NetworkEventName, type NetworkEvents, type ResponseBody } from './cdp-events.js';
import { liveFrameRecord } from './live.js';
import { NetworkLog } from './network-log.js';
import { HarRedaction } from '../redact/index.js';
import { writeHar } from './write-har.js';

export interface RecordOptions {
  /** The HAR file to write. */
  output: string;
  /** Opened in the tab once recording runs; none: the tab stays as it is. */
  url?: string;
  /** Launch this browser (fresh profile) … */
  launch?: LaunchOptions;
  /** … or attach to a running one and record one of its tabs. */
  attach?: { endpoint: string; chooseTab(tabs: readonly TabInfo[]): Promise<number> };
  /** Write the capture as it is, cookies and tokens included. */
  keepSecrets: boolean;
  /** Stops the recording (Ctrl-C); the file is still written. */
  signal: AbortSignal;
  /** Each WebSocket frame as it arrives, in `har ws-messages` form. */
  onFrame?(frame: FrameRecord): void;
  /** Progress for a person ("recording…"). */
  onStatus?(message: string): void;
  onWarning?(message: string): void;
  /** Sees the CDP connection before the recorder uses it; scripts/record-tape.mjs tapes a session this way. */
  wrapConnection?(cdp: CdpConnection): CdpConnection;
}

export interface RecordResult {
  output: string;
  entries: number;
  pages: number;
  frames: number;
  /** Secrets replaced in the written file; null with keepSecrets (nothing was redacted). */
  redactions: number | null;
  /** Response bodies the browser could no longer give. */
  lostBodies: number;
  /** Frames on WebSockets the tab opened before recording began (with --attach), left out. */
  framesOfUnseenSockets: number;
  stoppedBy: 'browser' | 'signal';
  browserVersion: string;
}

/** How long to wait for body requests still in flight once the recording stops. */
const SETTLE_MS = 10_000;

export async function record(options: RecordOptions): Promise<RecordResult> {
  const output = resolve(options.output);
  checkOutput(output);
  if (options.url !== undefined) checkUrl(options.url);
  const target = await openTarget(options);
  let released = false;
  const release = async () => {
    if (!released) {
      released = true;
      await target.release();
    }
  };
  try {
    const cdp = options.wrapConnection ? options.wrapConnection(target.cdp) : target.cdp;
    const log = await startNetworkLog(cdp, options);
    if (options.url !== undefined) {
      const error = await target.navigate(options.url);
      if (error !== null) throw new InputError(options.url, `the browser could not open it (${error})`);
    }
    if (options.attach !== undefined && options.url === undefined) {
      options.onStatus?.('recording the tab from now on: WebSockets it opened before are not seen (reload the tab to record its kernel connection)');
    }
    options.onStatus?.(`recording ${options.attach ? 'the tab' : `Chromium ${target.browserVersion}`}; ${options.launch?.headless ? 'press Ctrl-C' : 'close the window or press Ctrl-C'} to stop`);
    const stoppedBy = await Promise.race([target.gone.then(() => 'browser' as const), aborted(options.signal).then(() => 'signal' as const)]);
    log.stop();
    await Promise.race([log.settle(), delay(SETTLE_MS)]);
    // The file first: nothing that happens while the browser shuts down may cost the recording.
    const redactions = await writeOutput(log, output, options, target.browserVersion);
    await release();
    return {
      output,
      entries: log.requests.length,
      pages: log.pages.length,
      frames: log.frameCount,
      redactions,
      lostBodies: log.lostBodies,
      framesOfUnseenSockets: log.framesOfUnseenSockets,
      stoppedBy,
      browserVersion: target.browserVersion,
    };
  } finally {
    await release();
  }
}

/** Before the browser starts: a recording that cannot be written would be lost at the end. */
function checkOutput(output: string): void {
  let isDirectory = false;
  try {
    isDirectory = statSync(dirname(output)).isDirectory();
  } catch {
    // reported below
  }
  if (!isDirectory) throw new UsageError(`-o ${output}: the directory ${dirname(output)} does not exist`);
  try {
    accessSync(dirname(output), constants.W_OK);
  } catch {
    throw new UsageError(`-o ${output}: the directory ${dirname(output)} is not writable`);
  }
  try {
    if (statSync(output).isDirectory()) throw new UsageError(`-o ${output}: is a directory`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
  }
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`${JSON.stringify(url)} is not a URL: give the whole address, http://HOST:PORT/…`);
  }
  if (!/^(https?|file|data|about):$/.test(parsed.protocol)) throw new UsageError(`${JSON.stringify(url)}: the browser opens http(s), file, data and about URLs`);
}

async function openTarget(options: RecordOptions): Promise<RecordingTarget> {
  if (options.attach !== undefined) return attachBrowser(options.attach);
  if (options.launch !== undefined) return launchBrowser(options.launch, options.onWarning);
  throw new UsageError('nothing to record: give a browser to launch or one to attach to');
}

/** Subscribes a new NetworkLog to the session's events and turns the Network and Page domains on. */
export async function startNetworkLog(cdp: CdpConnection, options: Pick<RecordOptions, 'onFrame' | 'onWarning'>): Promise<NetworkLog> {
  const tree = (await cdp.send('Page.getFrameTree')) as { frameTree?: { frame?: { id?: string } } };
  const log = new NetworkLog({
    mainFrameId: tree.frameTree?.frame?.id ?? null,
    fetchBody: async ({ requestId, frameId, url }) => {
      try {
        return (await cdp.send('Network.getResponseBody', { requestId })) as ResponseBody;
      } catch {
        // Served from the memory cache: the network agent has no body, the frame's resource does.
        if (frameId === null) return null;
        try {
          const resource = (await cdp.send('Page.getResourceContent', { frameId, url })) as { content: string; base64Encoded: boolean };
          return { body: resource.content, base64Encoded: resource.base64Encoded };
        } catch {
          return null;
        }
      }
    },
    fetchPostData: async (requestId) => {
      try {
        return ((await cdp.send('Network.getRequestPostData', { requestId })) as { postData: string }).postData;
      } catch {
        return null;
      }
    },
    onFrame: (request, frame, index) => {
      if (options.onFrame === undefined) return;
      const record = liveFrameRecord(request, frame, index);
      if (record !== null) options.onFrame(record);
    },
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
  for (const name of NETWORK_EVENT_NAMES) {
    cdp.on(name, (params) => log.handle(name as NetworkEventName, params as NetworkEvents[NetworkEventName]));
  }
  await cdp.send('Page.enable');
  // Large buffers, so the browser keeps bodies until getResponseBody asks for them.
  await cdp.send('Network.enable', { maxTotalBufferSize: 512 * 1024 * 1024, maxResourceBufferSize: 128 * 1024 * 1024, maxPostDataSize: 1024 * 1024 });
  return log;
}

/** Writes the file, redacted as it is written unless keepSecrets; the number of secrets replaced. */
async function writeOutput(log: NetworkLog, output: string, options: RecordOptions, browserVersion: string): Promise<number | null> {
  const creator = { name: 'WebInspector', version: '537.36', comment: `written by harknife har record from Chromium ${browserVersion} over the DevTools protocol` };
  if (options.keepSecrets) {
    await writeHar(output, log, creator);
    return null;
  }
  const redaction = new HarRedaction(options.onWarning ? { onWarning: options.onWarning } : {});
  await writeHar(output, log, creator, redaction);
  return redaction.report.redactions;
}

function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
