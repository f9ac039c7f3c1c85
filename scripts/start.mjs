// `pnpm start`: builds what is missing or older than its sources (the API bundle, the
// SPA; scripts/build.mjs), then runs the compiled API (which serves the SPA) in this same
// process, so signals reach it directly.
import { build } from "./build.mjs";

try {
  await build({ ifStale: true });
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
}
await import("../apps/api/dist/server.js");
