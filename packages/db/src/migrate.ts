import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { Database } from "./database.ts";
import { applyMigrations } from "./migrations.ts";

/** Arbitrary, but distinct from the lock Prisma's own engine takes (72707369). */
const MIGRATION_LOCK_ID = 4_150_417;

/**
 * Brings the database up to date. On PostgreSQL several processes may start at once,
 * so they queue on an advisory lock, and the engine gets a pool of its own that is
 * closed afterwards: the engine takes Prisma's advisory lock on one of its connections
 * and relies on the session ending to release it. PGlite has one process per directory.
 */
export async function migrate(database: Database, postgresUrl?: string): Promise<string[]> {
  if (database.kind !== "postgres" || !postgresUrl) {
    return applyMigrations(database.adapterFactory);
  }
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  const enginePool = new pg.Pool({ connectionString: postgresUrl, max: 2 });
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
    return await applyMigrations(new PrismaPg(enginePool));
  } finally {
    await enginePool.end().catch(() => {});
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]).catch(() => {});
    await client.end();
  }
}
