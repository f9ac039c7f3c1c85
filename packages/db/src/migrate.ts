import pg from "pg";
import type { Database } from "./database.ts";
import { applyMigrations } from "./migrations.ts";

/** Arbitrary, but distinct from the lock Prisma's own engine may take. */
const MIGRATION_LOCK_ID = 4_150_417;

/**
 * Brings the database up to date. On PostgreSQL several processes may start at once,
 * so they queue on an advisory lock; PGlite has one process per directory anyway.
 */
export async function migrate(database: Database, postgresUrl?: string): Promise<string[]> {
  if (database.kind !== "postgres" || !postgresUrl) {
    return applyMigrations(database.adapterFactory);
  }
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
    return await applyMigrations(database.adapterFactory);
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]).catch(() => {});
    await client.end();
  }
}
