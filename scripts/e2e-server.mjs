// The server the browser suite drives: the real `pnpm start`, on a fresh embedded
// database of its own (whatever DATABASE_URL the shell has), with a first administrator
// made the way README says, by `pnpm admin:create` while the server is stopped.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dataDir = fileURLToPath(new URL("../.tmp/e2e-data", import.meta.url));
rmSync(dataDir, { recursive: true, force: true });
process.env.DATA_DIR = dataDir;
process.env.DATABASE_URL = "";

const { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD, E2E_ADMIN_NAME } = process.env;
if (!E2E_ADMIN_EMAIL || !E2E_ADMIN_PASSWORD) {
  console.error("e2e: E2E_ADMIN_EMAIL and E2E_ADMIN_PASSWORD are needed");
  process.exit(1);
}
const created = spawnSync(
  "pnpm",
  [
    "--silent",
    "admin:create",
    "--organisation",
    "daugavpils",
    "--email",
    E2E_ADMIN_EMAIL,
    "--name",
    E2E_ADMIN_NAME ?? E2E_ADMIN_EMAIL,
  ],
  { cwd: root, input: `${E2E_ADMIN_PASSWORD}\n`, stdio: ["pipe", "inherit", "inherit"] },
);
if (created.status !== 0) {
  console.error("e2e: could not create the administrator");
  process.exit(1);
}
await import("./start.mjs");
