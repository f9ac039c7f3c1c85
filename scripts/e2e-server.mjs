// The server the browser suite drives: the real `pnpm start`, on a fresh embedded
// database of its own (whatever DATABASE_URL the shell has).
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dataDir = fileURLToPath(new URL("../.tmp/e2e-data", import.meta.url));
rmSync(dataDir, { recursive: true, force: true });
process.env.DATA_DIR = dataDir;
process.env.DATABASE_URL = "";
await import("./start.mjs");
