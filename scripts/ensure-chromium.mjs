// The browser suite drives Debian's Chromium (Playwright cannot download its own build
// on a closed network). Install it when we may; otherwise say exactly what to run.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const path = process.env.PLAYWRIGHT_CHROMIUM_PATH || "/usr/bin/chromium";
if (existsSync(path)) process.exit(0);

const installLine = "apt-get update && apt-get install -y chromium";
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const hasApt = spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
if (isRoot && hasApt && !process.env.PLAYWRIGHT_CHROMIUM_PATH) {
  process.stderr.write(`Chromium is missing; installing Debian's package: ${installLine}\n`);
  const result = spawnSync("sh", ["-c", `${installLine} >/dev/null`], { stdio: "inherit" });
  if (result.status === 0 && existsSync(path)) process.exit(0);
}
process.stderr.write(
  `The browser tests need Chromium at ${path}. Install it with:\n  sudo ${installLine}\n` +
    "or point PLAYWRIGHT_CHROMIUM_PATH at a Chromium or Chrome binary.\n",
);
process.exit(1);
