// The fixed scenario texts. Keep them stable: tests compare samples against these cells.
//
// A step is one of
//   {kind: 'cell', source, answer?}   type `source` into the next cell, Shift+Enter; `answer` is typed into input()
//   {kind: 'restart'}                 Kernel ▸ Restart (notebook UI) / kernel.restart() (services client)
//   {kind: 'slider', cell, presses}    press ArrowRight `presses` times on the slider shown by step `cell` (UI only)
//   {kind: 'comm'}                    services client: open a comm with a buffer and send one message with a buffer
//   {kind: 'reload', source, after}   UI only: type `source`, save, Shift+Enter, reload the page `after` ms later
//                                     (beforeunload accepted) while the cell still prints; wait for it to finish
//   {kind: 'cell', …, interruptAfterMs} services client: interrupt the kernel (POST …/interrupt) that long after sending

const PRINT = 'print("Hello from harknife")';
const EXPR = '21 * 2';
const ERROR = '1 / 0';
const HTML_CELL = 'from IPython.display import display, HTML\ndisplay(HTML("<b>bold</b> and <i>italic</i> from harknife"))';
const PNG = '%matplotlib inline\nimport matplotlib.pyplot as plt\nfig, ax = plt.subplots(figsize=(3, 2), dpi=50)\nax.plot([0, 1, 2, 3], [0, 1, 4, 9])\nplt.show()';
const LOOP = 'import time\nfor i in range(5):\n    print(f"tick {i}", flush=True)\n    time.sleep(0.3)';
const SHORT_LOOP = 'import time\nfor i in range(3):\n    print(f"tick {i}", flush=True)\n    time.sleep(0.2)';
const INPUT = 'name = input("What is your name? ")\nprint("Hello,", name)';
const BURST = 'for i in range(5000): print(i, flush=True)';
const AFTER_RESTART = 'print("after restart")';
// Prints once a second for 10 s; the page is reloaded 3.5 s in (scenario `reload`).
const TICKING = 'import time\nfor i in range(10):\n    print(f"second {i}", flush=True)\n    time.sleep(1)';
const AFTER_RELOAD = 'print("after reload")';
const SLIDER = 'import ipywidgets as widgets\nslider = widgets.IntSlider(value=3, min=0, max=10, description="n")\nslider';
const SLIDER_VALUE = 'slider.value';
const WIDGET_IMAGE = 'import matplotlib\nfrom pathlib import Path\npng = (Path(matplotlib.get_data_path()) / "images" / "matplotlib.png").read_bytes()\nwidgets.Image(value=png, format="png", width=64)';
// ipywidgets 6 splits bytes-valued state into binary buffers: a legacy binary frame (opcode 2)
const BLOB = 'from traitlets import Bytes\nclass Blob(widgets.DOMWidget):\n    data = Bytes(b"").tag(sync=True)\n\nblob = Blob()\nblob.data = bytes(range(16))\nlen(blob.data)';
const COMM_TARGET = [
  'def harknife_echo(comm, open_msg):',
  '    first = bytes(open_msg["buffers"][0]) if open_msg["buffers"] else b""',
  '    comm.send({"opened": True, "nbytes": len(first)}, buffers=[first[::-1]])',
  '    @comm.on_msg',
  '    def _recv(msg):',
  '        data = bytes(msg["buffers"][0]) if msg["buffers"] else b""',
  '        comm.send({"echo": msg["content"]["data"], "nbytes": len(data)}, buffers=[data[::-1]])',
  '',
  'get_ipython().kernel.comm_manager.register_target("harknife.echo", harknife_echo)',
  'print("comm target registered")',
].join('\n');

// The `secrets` scenario (issue 12): throwaway secrets made at run time and left in the capture
// (run it with --no-redact), so redaction is tested on real traffic. The cell prints a freshly
// signed JWT and a `password=…` line; the %%javascript cell makes a page request that carries the
// server token in an Authorization header.
const PRINT_SECRETS = [
  'import base64, hashlib, hmac, json, secrets',
  'def b64(raw): return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()',
  'head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())',
  'claims = b64(json.dumps({"sub": "harknife", "iat": 1700000000}).encode())',
  'sig = b64(hmac.new(secrets.token_bytes(32), f"{head}.{claims}".encode(), hashlib.sha256).digest())',
  'print(f"session JWT: {head}.{claims}.{sig}")',
  'print("password=" + secrets.token_urlsafe(12))',
].join('\n');
const AUTHORIZED_FETCH = [
  '%%javascript',
  "fetch('/api/contents', {headers: {Authorization: 'token ' + document.body.dataset.jupyterApiToken}}).then((r) => element.text('GET /api/contents: HTTP ' + r.status))",
].join('\n');
// More than the data limit of the `limits` scenario's server (250 kB/s, SERVER_OPTIONS) in stream output
// for about a second (50 kB per message, so the message rate stays low): the limiter trips when its 3 s
// window holds 750 kB (a print burst stays under it); after the pause the window has emptied, the server resumes, and the last line
// arrives.
const DATA_BURST = 'import time\nchunk = "x" * 49_999\nfor i in range(20):\n    print(chunk, flush=True)\n    time.sleep(0.05)\ntime.sleep(3.5)\nprint("after the pause", flush=True)';
// Runs for 30 s unless interrupted; the scenario interrupts it.
const SLOW = 'import time\nfor i in range(300):\n    print(f"step {i}", flush=True)\n    time.sleep(0.1)';

/** The cells every full scenario starts with, in both protocols. */
const OUTPUT_KINDS = [
  { kind: 'cell', source: PRINT },
  { kind: 'cell', source: EXPR },
  { kind: 'cell', source: ERROR },
  { kind: 'cell', source: HTML_CELL },
  { kind: 'cell', source: PNG },
  { kind: 'cell', source: LOOP },
  { kind: 'cell', source: INPUT, answer: 'Ada' },
];

const SHORT = [
  { kind: 'cell', source: PRINT },
  { kind: 'cell', source: EXPR },
  { kind: 'cell', source: ERROR },
  { kind: 'cell', source: SHORT_LOOP },
];

/** @type {Record<string, Record<string, any[]>>} server -> scenario -> steps */
export const SCENARIOS = {
  notebook: {
    full: [
      ...OUTPUT_KINDS,
      { kind: 'cell', source: BURST },
      { kind: 'restart' },
      { kind: 'cell', source: AFTER_RESTART },
      { kind: 'cell', source: SLIDER },
      { kind: 'slider', presses: 2 },
      { kind: 'cell', source: SLIDER_VALUE },
      { kind: 'cell', source: WIDGET_IMAGE },
      { kind: 'cell', source: BLOB },
    ],
    short: SHORT,
    reload: [
      { kind: 'cell', source: PRINT },
      { kind: 'reload', source: TICKING, after: 3500 },
      { kind: 'cell', source: AFTER_RELOAD },
    ],
    secrets: [
      { kind: 'cell', source: PRINT },
      { kind: 'cell', source: PRINT_SECRETS },
      { kind: 'cell', source: AUTHORIZED_FETCH },
      { kind: 'cell', source: EXPR },
    ],
  },
  'jupyter-server': {
    full: [
      ...OUTPUT_KINDS,
      { kind: 'cell', source: COMM_TARGET },
      { kind: 'comm' },
      { kind: 'cell', source: BURST },
      { kind: 'restart' },
      { kind: 'cell', source: AFTER_RESTART },
      { kind: 'cell', source: 'import ipywidgets as widgets\n' + WIDGET_IMAGE },
    ],
    short: SHORT,
    // Both IOPub rate limits and an interrupt (issue 10: `har rate-limits`, `har timeline`). The limits are
    // lowered (SERVER_OPTIONS): on a loaded machine the server forwards fewer than 1000 messages a second,
    // so the default message limit cannot trip however fast the kernel prints, and tripping the default
    // data limit puts more than 3 MB of output in each file of the sample.
    limits: [
      { kind: 'cell', source: PRINT },
      { kind: 'cell', source: DATA_BURST },
      { kind: 'cell', source: BURST },
      { kind: 'cell', source: SLOW, interruptAfterMs: 1500 },
      { kind: 'cell', source: AFTER_RESTART.replace('restart', 'interrupt') },
    ],
  },
};

/**
 * Server options a scenario needs beyond the capture's own (passed on the server's command line and
 * written to meta.json). @type {Record<string, Record<string, string[]>>} server -> scenario -> options
 */
export const SERVER_OPTIONS = {
  'jupyter-server': {
    limits: ['--ServerApp.iopub_msg_rate_limit=300', '--ServerApp.iopub_data_rate_limit=250000'],
  },
};
