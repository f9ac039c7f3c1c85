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

/** Prints the first page's JavaScript against the budget after every build. */
export function bundleBudget(): Plugin {
  let outDir = "dist";
  return {
    name: "pieraksts-bundle-budget",
    apply: "build",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const report = firstPageJavaScript(outDir);
      const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
      const verdict = report.totalGzipBytes <= FIRST_PAGE_BUDGET_BYTES ? "within" : "OVER";
      this.info(
        `first page JavaScript: ${kb(report.totalGzipBytes)} gzipped, ${verdict} the budget of ${kb(FIRST_PAGE_BUDGET_BYTES)}`,
      );
    },
  };
}

/**
 * Writes .br and .gz beside every text asset, so the server sends them compressed
 * without compressing on each request (@fastify/static `preCompressed`).
 */
export function precompress(): Plugin {
  let outDir = "dist";
  return {
    name: "pieraksts-precompress",
    apply: "build",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
          entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
        );
      for (const file of walk(outDir).filter((f) => /\.(js|css|html|svg|json)$/.test(f))) {
        const content = readFileSync(file);
        if (content.length < 512) continue;
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}
