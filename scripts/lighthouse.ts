// `pnpm lighthouse`: Lighthouse's mobile audit (its default: a mid-range phone, slow 4G)
// of the client pages, driving Debian's Chromium against the real built server on a
// fresh embedded database. Prints performance and accessibility scores per page.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { spawnServer } from "../apps/api/test/support/spawn-server.ts";
import { chromiumFlags, chromiumPath } from "../e2e/chromium.ts";

const dataDir = await mkdtemp(path.join(tmpdir(), "pieraksts-lighthouse-"));
const webDist = path.resolve("apps/web/dist");
const server = await spawnServer({ DATA_DIR: dataDir, WEB_DIST: webDist });
await server.ready();
const chrome = await chromeLauncher.launch({
  chromePath: chromiumPath,
  chromeFlags: ["--headless=new", ...chromiumFlags],
});
const pages = {
  "municipalities (first page)": "/lv",
  "service points": "/lv/daugavpils",
  services: "/lv/daugavpils/lacplesa-39",
  "calendar and times": "/lv/daugavpils/lacplesa-39/consultation",
};
const rows = ["| page | performance | accessibility |", "|---|---:|---:|"];
try {
  for (const [name, url] of Object.entries(pages)) {
    const result = await lighthouse(`${server.url}${url}`, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility"],
    });
    const categories = result?.lhr.categories;
    const score = (key: "performance" | "accessibility") =>
      Math.round((categories?.[key]?.score ?? 0) * 100);
    rows.push(`| ${name} (${url}) | ${score("performance")} | ${score("accessibility")} |`);
  }
} finally {
  chrome.kill();
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
console.log(`\nLighthouse ${new Date().toISOString()}, mobile (default throttling)\n`);
console.log(rows.join("\n"));
