import { type DatabaseEnv, databaseOptions, formatEnvErrors, ZDatabaseEnv } from "../config.ts";
import { type Database, openDatabase } from "../database.ts";

/** Opens the database the environment names, or exits with one line saying what is wrong. */
export async function openDatabaseFromEnv(): Promise<{ database: Database; env: DatabaseEnv }> {
  const parsed = ZDatabaseEnv.safeParse(process.env);
  if (!parsed.success) {
    console.error(`Invalid configuration: ${formatEnvErrors(parsed.error)}`);
    process.exit(2);
  }
  try {
    return { database: await openDatabase(databaseOptions(parsed.data)), env: parsed.data };
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
