// `pnpm lighthouse [--runs 3]`: Lighthouse's mobile audit (its default: a mid-range phone,
// slow 4G) of the client pages, driving Debian's Chromium against the real built server
// on a fresh embedded database. Prints the median performance and accessibility scores
// per page over the runs, each run's scores, and the median of the metrics behind them.
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { spawnServer } from "../apps/api/test/support/spawn-server.ts";
import { chromiumFlags, chromiumPath } from "../e2e/chromium.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" } } });
const runs = Number(values.runs);
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
const metrics = {
  FCP: "first-contentful-paint",
  LCP: "largest-contentful-paint",
  TBT: "total-blocking-time",
  CLS: "cumulative-layout-shift",
  SI: "speed-index",
} as const;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const rows = [
  `| page | performance (median) | runs | accessibility | ${Object.keys(metrics).join(" | ")} |`,
  `|---|---:|---|---:|${Object.keys(metrics)
    .map(() => "---:")
    .join("|")}|`,
];
try {
  for (const [name, url] of Object.entries(pages)) {
    const performance: number[] = [];
    const accessibility: number[] = [];
    const measured: Record<string, number[]> = {};
    for (let run = 0; run < runs; run++) {
      const result = await lighthouse(`${server.url}${url}`, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance", "accessibility"],
      });
      const lhr = result?.lhr;
      performance.push(Math.round((lhr?.categories.performance?.score ?? 0) * 100));
      accessibility.push(Math.round((lhr?.categories.accessibility?.score ?? 0) * 100));
      for (const [label, audit] of Object.entries(metrics)) {
        measured[label] = [...(measured[label] ?? []), lhr?.audits[audit]?.numericValue ?? 0];
      }
    }
    const shown = Object.keys(metrics).map((label) => {
      const value = median(measured[label] ?? []);
      return label === "CLS" ? value.toFixed(3) : `${Math.round(value)} ms`;
    });
    rows.push(
      `| ${name} (${url}) | ${median(performance)} | ${performance.join(", ")} | ${median(accessibility)} | ${shown.join(" | ")} |`,
    );
  }
} finally {
  chrome.kill();
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
console.log(
  `\nLighthouse ${new Date().toISOString()}, mobile (default throttling), median of ${runs} runs, ` +
    `load average ${loadavg()[0]?.toFixed(1)} at the end\n`,
);
console.log(rows.join("\n"));
