// Generates the Prisma client offline, as part of `pnpm install`. `prisma generate` never
// runs the native schema engine, it only checks that a file is there; the engine cannot
// be downloaded on this network, so any existing file stands in for it
// (docs/decisions/002-offline-migrations.md).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const result = spawnSync("pnpm", ["exec", "prisma", "generate"], {
  cwd: packageDir,
  stdio: ["ignore", "ignore", "inherit"],
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY:
      process.env.PRISMA_SCHEMA_ENGINE_BINARY || fileURLToPath(import.meta.url),
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  },
});
if (result.status !== 0) {
  process.stderr.write("prisma generate failed\n");
  process.exit(result.status ?? 1);
}
process.stdout.write("Generated the Prisma client in packages/db/src/generated\n");
