import { fileURLToPath } from "node:url";
import {
  type Database,
  DataDirLockedError,
  databaseOptions,
  migrate,
  openDatabase,
  seedIfEmpty,
} from "@pieraksts/db";
import closeWithGrace from "close-with-grace";
import { parseConfig } from "./config.ts";
import { processClock } from "./lib/clock.ts";

/** Print one line and stop: configuration and start-up problems are not crashes. */
function fail(message: string, exitCode = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(exitCode);
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim().split("\n")[0] ?? message;
}

const parsed = parseConfig(process.env);
if (!parsed.ok) fail(parsed.message, 2);
const config = parsed.config;
const now = processClock(config.CLOCK_START);

// The app's modules load while PGlite compiles its WebAssembly, which happens off the main
// thread; awaited (and any error thrown) after the database is open.
const appModule = import("./app.ts");
appModule.catch(() => {});

/** Made by `pnpm build` (scripts/build.mjs); a new embedded database starts as its copy. */
const pgliteTemplate = fileURLToPath(new URL("../dist/pglite-template", import.meta.url));

let database: Database;
try {
  const options = databaseOptions(config);
  database = await openDatabase(
    options.kind === "pglite" ? { ...options, template: pgliteTemplate } : options,
  );
} catch (error) {
  if (error instanceof DataDirLockedError) fail(error.message);
  fail(`Cannot open the database: ${firstLine(error)}`);
}

try {
  if (config.MIGRATE_ON_START) await migrate(database, config.DATABASE_URL);
  if (config.SEED_ON_START) await seedIfEmpty(database.prisma, { now: now?.() });
} catch (error) {
  await database.close().catch(() => {});
  fail(`Cannot prepare the database: ${firstLine(error)}`);
}

const { buildApp } = await appModule;
const app = await buildApp({ database, config, now });
if (config.CLOCK_START) {
  app.log.warn(
    { clockStart: config.CLOCK_START },
    "CLOCK_START is set: the clock is pinned, for tests only",
  );
}

// On SIGTERM/SIGINT: stop accepting, let requests in flight finish, then close the
// database cleanly (PGlite can lose data when the process just dies).
closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, "closing after an error");
  else app.log.info({ signal }, "shutting down");
  await app.close();
  await database.close();
});

try {
  await app.listen({ port: config.PORT, host: config.HOST });
  app.log.info(
    { database: database.kind, dataDir: database.kind === "pglite" ? config.DATA_DIR : undefined },
    "Pieraksts is ready",
  );
} catch (error) {
  await database.close().catch(() => {});
  fail(`Cannot listen on ${config.HOST}:${config.PORT}: ${firstLine(error)}`);
}
