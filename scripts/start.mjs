// `pnpm start`: builds the SPA when its build is missing or older than its sources, then
// runs the API (which serves the SPA) in this same process, so signals reach it directly.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const root = fileURLToPath(new URL("..", import.meta.url));

function newest(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(target).map((name) => newest(path.join(target, name))),
  );
}

const built = path.join(root, "apps/web/dist/index.html");
const sources = [
  "apps/web/src",
  "apps/web/index.html",
  "apps/web/public",
  "packages/contracts/src",
  "packages/domain/src",
];
const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
if (!process.env.WEB_DIST && sources.some((source) => newest(path.join(root, source)) > builtAt)) {
  process.stderr.write("Building the web app…\n");
  const result = spawnSync("pnpm", ["--filter", "@pieraksts/web", "build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (result.status !== 0) {
    process.stderr.write("The web app did not build; see the errors above.\n");
    process.exit(1);
  }
}

register();
await import("../apps/api/src/server.ts");
