/** `har record`: capture a tab's traffic as a DevTools-shaped HAR, with a live view of its WebSocket frames. */
export { record, startNetworkLog, type RecordOptions, type RecordResult } from './session.js';
export { BrowserMissingError, CHROMIUM_FLAGS, DEFAULT_BROWSER, INSTALL_HINT, checkBrowser, type CdpConnection, type TabInfo } from './browser.js';
export { describeTabs, tabsInOneLine, noTabs, tabFromAnswer, tabMatching } from './tabs.js';
export { NetworkLog, type NetworkLogOptions, type PageLoad } from './network-log.js';
export { harEntry, harPage, harTimings } from './har-entry.js';
export { harChunks, writeHar } from './write-har.js';
export { NETWORK_EVENT_NAMES, type NetworkEventName, type NetworkEvents } from './cdp-events.js';
