// `pnpm db:restore <file> [--force]`: loads a `pnpm db:backup` file into the database
// DATABASE_URL or DATA_DIR names. The embedded database is restored into an empty
// DATA_DIR unless --force, and never while the server runs. On PostgreSQL the dumped
// objects replace those of the same name (pg_restore --clean --if-exists).
import path from "node:path";
import { parseArgs } from "node:util";
import { BackupError, restoreDataDir, restorePostgres } from "../backup.ts";
import { databaseOptions, formatEnvErrors, ZDatabaseEnv } from "../config.ts";
import { DataDirLockedError } from "../data-dir-lock.ts";

const { values, positionals } = parseArgs({
  options: { force: { type: "boolean", default: false } },
  allowPositionals: true,
});
const [file] = positionals;
if (!file || positionals.length > 1) {
  console.error("Usage: pnpm db:restore <file> [--force]");
  process.exit(2);
}
const env = ZDatabaseEnv.safeParse(process.env);
if (!env.success) {
  console.error(`Invalid configuration: ${formatEnvErrors(env.error)}`);
  process.exit(2);
}
const options = databaseOptions(env.data);
try {
  if (options.kind === "postgres") await restorePostgres(path.resolve(file), options.url);
  else await restoreDataDir(path.resolve(file), options.dataDir ?? "", { force: values.force });
  console.log(`Restored ${file}`);
} catch (error) {
  if (!(error instanceof BackupError || error instanceof DataDirLockedError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
