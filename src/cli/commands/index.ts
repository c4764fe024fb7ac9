import type { AnyHarCommand } from '../command.js';

/**
 * The `har` commands: one entry each, in alphabetical order. Loading every command module (and
 * with them cli-table3, jsonpath-plus, the shape and kernel layers) would cost more than half of
 * har's start-up, so a run loads only the command named on its command line; the rest are listed
 * by name and description, all yargs uses of a command that does not run (help, "did you mean").
 * `command` and `describe` must equal the module's (test/cli/registry.test.ts checks them).
 * Help, README and golden tests walk this list.
 */
export interface RegisteredCommand {
  name: string;
  command: string;
  describe: string;
  load: () => Promise<AnyHarCommand>;
}

const as = (command: unknown) => command as AnyHarCommand;

export const HAR_COMMANDS: readonly RegisteredCommand[] = [
  {
    name: 'activity',
    command: 'activity [files..]',
    describe: "The server's kernel activity log (`activity on <kernel_id>: <msg_type>`), then per kernel its last activity, state and message counts",
    load: async () => as((await import('./activity.js')).activityCommand),
  },
  {
    name: 'cells',
    command: 'cells [files..]',
    describe: 'One row per executed cell: count, status, queued/running/wall ms, output size, flags, code',
    load: async () => as((await import('./cells.js')).cellsCommand),
  },
  {
    name: 'entries',
    command: 'entries [files..]',
    describe: 'A table of entries: start, method, status, type, size, time, URL',
    load: async () => as((await import('./entries.js')).entriesCommand),
  },
  {
    name: 'get',
    command: 'get <path> [files..]',
    describe: "Extract values with jqfpy's get() path language",
    load: async () => as((await import('./get.js')).getCommand),
  },
  {
    name: 'notebook',
    command: 'notebook [files..]',
    describe: 'Rebuild the notebook (nbformat 4.5) from the kernel traffic, with output the page lost',
    load: async () => as((await import('./notebook.js')).notebookCommand),
  },
  {
    name: 'pick',
    command: 'pick [args..]',
    describe: 'Per entry, the fields named by jqfpy paths (h.pick); default request/url request/method response/status',
    load: async () => as((await import('./pick.js')).pickCommand),
  },
  {
    name: 'query',
    command: 'query <expression> [files..]',
    describe: 'Select with JSONPath (jsonpath-plus; no code from the query ever runs)',
    load: async () => as((await import('./query.js')).queryCommand),
  },
  {
    name: 'rate-limits',
    command: 'rate-limits [files..]',
    describe: "Replay the server's IOPub rate limiter per cell, and name the cells its notices cut",
    load: async () => as((await import('./rate-limits.js')).rateLimitsCommand),
  },
  {
    name: 'record',
    command: 'record [url]',
    describe: "Record a browser tab's traffic (requests with bodies, every WebSocket frame) as a HAR; --live streams the frames",
    load: async () => as((await import('./record.js')).recordCommand),
  },
  {
    name: 'redact',
    command: 'redact [files..]',
    describe: 'Replace tokens, cookies, credentials and secrets with REDACTED-<hash> (or --check that none remain)',
    load: async () => as((await import('./redact.js')).redactCommand),
  },
  {
    name: 'report',
    command: 'report [files..]',
    describe: 'One self-contained HTML page of the session: timeline, notebook, HTTP entries, frames (safe to open)',
    load: async () => as((await import('./report.js')).reportCommand),
  },
  {
    name: 'shape',
    command: 'shape [files..]',
    describe: 'Every path in the input with its types, examples and statistics (dictknife shape, streamed)',
    load: async () => as((await import('./shape.js')).shapeCommand),
  },
  {
    name: 'stats',
    command: 'stats [files..]',
    describe: 'Counts, bytes and p50/p95/max time by host, status class, resource type and MIME type',
    load: async () => as((await import('./stats.js')).statsCommand),
  },
  {
    name: 'timeline',
    command: 'timeline [files..]',
    describe: 'Per kernel: connections and the gaps between them, busy intervals per request, restarts, interrupts, shutdowns',
    load: async () => as((await import('./timeline.js')).timelineCommand),
  },
  {
    name: 'trace',
    command: 'trace [files..]',
    describe: 'The session as Chrome trace-event JSON for Perfetto / chrome://tracing: a process per kernel, a slice per cell',
    load: async () => as((await import('./trace.js')).traceCommand),
  },
  {
    name: 'urls',
    command: 'urls [files..]',
    describe: 'List request URLs (jqfpy: get("log/entries[]/request/url"))',
    load: async () => as((await import('./urls.js')).urlsCommand),
  },
  {
    name: 'validate',
    command: 'validate [files..]',
    describe: 'Check HAR files against HAR 1.2 (--level spec), har-schema (schema) or real exports (lenient)',
    load: async () => as((await import('./validate.js')).validateCommand),
  },
  {
    name: 'ws-messages',
    command: 'ws-messages [files..]',
    describe: 'WebSocket frames from _webSocketMessages, one NDJSON line each (pipe into kernel-decode)',
    load: async () => as((await import('./ws-messages.js')).wsMessagesCommand),
  },
];
