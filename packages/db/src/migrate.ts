import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { type Database, survivePoolErrors } from "./database.ts";
import { applyMigrations, migrationsUpToDate } from "./migrations.ts";

/**
 * Prisma's PostgreSQL adapter runs a migration script by splitting it at every ";", which
 * breaks any statement with a semicolon inside (a function body, a string). PostgreSQL's
 * simple query protocol runs a whole script itself, so the script goes over as one.
 */
class WholeScriptPg extends PrismaPg {
  constructor(private readonly scriptPool: pg.Pool) {
    super(scriptPool);
  }
  override async connect() {
    const adapter = await super.connect();
    adapter.executeScript = async (script: string) => {
      try {
        await this.scriptPool.query(script);
      } catch (error) {
        // The adapter's own error mapping, so the engine reports it as it would.
        (adapter as unknown as { onError(error: unknown): never }).onError(error);
      }
    };
    return adapter;
  }
}

/** Arbitrary, but distinct from the lock Prisma's own engine takes (72707369). */
const MIGRATION_LOCK_ID = 4_150_417;

/**
 * Brings the database up to date. On PostgreSQL several processes may start at once,
 * so they queue on an advisory lock, and the engine gets a pool of its own that is
 * closed afterwards: the engine takes Prisma's advisory lock on one of its connections
 * and relies on the session ending to release it. PGlite has one process per directory.
 */
export async function migrate(database: Database, postgresUrl?: string): Promise<string[]> {
  if (database.kind !== "postgres") {
    const query = (sql: string) => database.prisma.$queryRawUnsafe<Record<string, unknown>[]>(sql);
    if (await migrationsUpToDate(query)) return [];
    return applyMigrations(database.adapterFactory);
  }
  if (!postgresUrl) throw new Error("migrate() needs the PostgreSQL URL of the database");
  const client = new pg.Client({ connectionString: postgresUrl });
  // A lost connection fails the migration with its error instead of ending the process.
  client.on("error", () => {});
  await client.connect();
  let enginePool: pg.Pool | undefined;
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
    if (await migrationsUpToDate(async (sql) => (await client.query(sql)).rows)) return [];
    enginePool = new pg.Pool({ connectionString: postgresUrl, max: 2 });
    survivePoolErrors(enginePool);
    return await applyMigrations(new WholeScriptPg(enginePool));
  } finally {
    await enginePool?.end().catch(() => {});
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]).catch(() => {});
    await client.end();
  }
}
