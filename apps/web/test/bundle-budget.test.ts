import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { afterAll, expect, it } from "vitest";
import { FIRST_PAGE_BUDGET_BYTES, firstPageJavaScript } from "../bundle-budget.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
let outDir: string;
afterAll(() => rm(outDir, { recursive: true, force: true }));

it(`the first page loads at most ${FIRST_PAGE_BUDGET_BYTES / 1024} KB of JavaScript, gzipped`, async () => {
  outDir = await mkdtemp(path.join(tmpdir(), "pieraksts-web-build-"));
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({
      root,
      mode: "production",
      logLevel: "silent",
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const report = firstPageJavaScript(outDir);
  expect(report.files.length).toBeGreaterThan(0);
  expect(
    report.files.every((file) => !/messages-(ru|en)|who-page|booking-page/.test(file.file)),
  ).toBe(true);
  expect(report.totalGzipBytes).toBeLessThanOrEqual(FIRST_PAGE_BUDGET_BYTES);
}, 120_000);
