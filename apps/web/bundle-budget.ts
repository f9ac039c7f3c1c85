import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Plugin } from "vite";

/** The first page may load at most this much JavaScript, gzipped (issue 5). */
export const FIRST_PAGE_BUDGET_BYTES = 100 * 1024;

export interface BundleReport {
  files: { file: string; gzipBytes: number }[];
  totalGzipBytes: number;
}

/**
 * What the first page loads: the entry script and the modules index.html preloads.
 * Lazy chunks (later steps, other languages, the staff area) are not counted.
 */
export function firstPageJavaScript(dist: string): BundleReport {
  const html = readFileSync(path.join(dist, "index.html"), "utf8");
  const scripts = [
    ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
  ].map((match) => match[1] ?? "");
  const files = [...new Set(scripts)].map((file) => ({
    file,
    gzipBytes: gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length,
  }));
  return { files, totalGzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0) };
}

function textAssets(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return textAssets(file);
    return /\.(js|css|html|svg|json)$/.test(file) ? [file] : [];
  });
}

/**
 * After every build: writes .br and .gz beside each text asset, so the server sends them
 * compressed without compressing per request (@fastify/static `preCompressed`), and
 * prints the first page's JavaScript against the budget.
 */
export function afterBuild(): Plugin {
  let outDir = "dist";
  return {
    name: "pieraksts-after-build",
    apply: "build",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      for (const file of textAssets(outDir)) {
        const content = readFileSync(file);
        if (content.length < 512) continue;
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
      const report = firstPageJavaScript(outDir);
      const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
      const verdict = report.totalGzipBytes <= FIRST_PAGE_BUDGET_BYTES ? "within" : "OVER";
      this.info(
        `first page JavaScript: ${kb(report.totalGzipBytes)} gzipped, ${verdict} the budget of ${kb(FIRST_PAGE_BUDGET_BYTES)}`,
      );
    },
  };
}
