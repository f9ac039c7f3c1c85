// Makes the template a new embedded database starts from (`pnpm build` runs it from the
// compiled output: `node apps/api/dist/pglite-template.js <dir>`): initdb and every
// migration done once at build time instead of at each first start
// (docs/decisions/020-compiled-production-build.md). The data is added at start, because
// the seed depends on the day.
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { applyMigrations } from "../migrations.ts";

const target = process.argv[2];
if (!target) {
  console.error("usage: pglite-template <directory>");
  process.exit(2);
}
const dir = path.resolve(target);
const making = `${dir}.making`;
await rm(making, { recursive: true, force: true });
const pglite = await PGlite.create({ dataDir: making });
try {
  await applyMigrations(new PrismaPGlite(pglite));
} finally {
  await pglite.close();
}
await rm(dir, { recursive: true, force: true });
await rename(making, dir);
