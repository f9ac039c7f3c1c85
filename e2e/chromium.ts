/**
 * Debian's Chromium, as the browser suite and the Lighthouse script launch it. Without
 * the network flags it keeps trying hosts this network cannot reach.
 */
export const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM_PATH || "/usr/bin/chromium";
export const chromiumFlags = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
