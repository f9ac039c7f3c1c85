// `pnpm db:backup [--out <file>]`: a copy of the database DATABASE_URL or DATA_DIR names.
// The embedded database is copied only while the server is stopped (it holds DATA_DIR).
import path from "node:path";
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import { BackupError, backupDataDir, backupPostgres } from "../backup.ts";
import { databaseOptions, formatEnvErrors, ZDatabaseEnv } from "../config.ts";
import { DataDirLockedError } from "../data-dir-lock.ts";

const { values } = parseArgs({ options: { out: { type: "string" } } });
const env = ZDatabaseEnv.safeParse(process.env);
if (!env.success) {
  console.error(`Invalid configuration: ${formatEnvErrors(env.error)}`);
  process.exit(2);
}
const options = databaseOptions(env.data);
const stamp = DateTime.utc().toFormat("yyyyLLdd'T'HHmmss'Z'");
// pg_dump's custom format is not a tarball, so it gets its own extension.
const file = path.resolve(
  values.out ??
    path.join("backups", `pieraksts-${stamp}.${options.kind === "postgres" ? "dump" : "tar.gz"}`),
);
try {
  if (options.kind === "postgres") await backupPostgres(options.url, file);
  else await backupDataDir(options.dataDir ?? "", file);
  console.log(`Backed up to ${file}`);
} catch (error) {
  if (!(error instanceof BackupError || error instanceof DataDirLockedError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
