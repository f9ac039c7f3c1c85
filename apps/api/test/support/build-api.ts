import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * The integration suite starts real servers (`node scripts/start.mjs`), which run the
 * compiled API; it is built here once, before any test, so that no test waits for a
 * build or sees its messages.
 */
export default function setup() {
  const root = fileURLToPath(new URL("../../../..", import.meta.url));
  const result = spawnSync(process.execPath, ["scripts/build.mjs", "--if-stale", "--api-only"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0) throw new Error("pnpm build failed: the API does not compile");
}
