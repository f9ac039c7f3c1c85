import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { type DataDirLock, lockDataDir } from "./data-dir-lock.ts";
import { PrismaClient } from "./generated/prisma/client.ts";

export type DatabaseOptions =
  | { kind: "postgres"; url: string; poolSize?: number }
  /**
   * dataDir undefined: in memory (tests). template: a closed PGlite data directory with
   * the migrations applied (`pnpm build` makes one); a new dataDir starts as a copy of it
   * instead of running initdb, which is most of a first start's time.
   */
  | { kind: "pglite"; dataDir?: string; template?: string };

export interface Database {
  readonly kind: "postgres" | "pglite";
  readonly prisma: PrismaClient;
  readonly adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /**
   * Runs one read-only statement straight on the driver (pg's pool or PGlite), not
   * through Prisma's client, and returns its rows as objects (JSON columns parsed). For
   * the few hot reads where Prisma's raw path costs more than the query (decision 028);
   * everything else goes through `prisma`. The statement's text is prepared once per
   * connection on PostgreSQL, as Prisma's are. Never inside a transaction.
   */
  read<T>(statement: Statement): Promise<T[]>;
  /** The connection pool's state now; PostgreSQL only (PGlite is one in-process connection). */
  poolUse?(): PoolUse;
  close(): Promise<void>;
}

/** SQL with $1… placeholders and their values, e.g. a `Prisma.sql` template. */
export interface Statement {
  readonly text: string;
  readonly values: readonly unknown[];
}

/** Instants go over as ISO strings in UTC, whatever the process's time zone. */
function parameters(values: readonly unknown[]): unknown[] {
  return values.map((value) => (value instanceof Date ? value.toISOString() : value));
}

export interface PoolUse {
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}

const statementNames = new Map<string, string>();

/**
 * Names each distinct SQL text so that `pg` prepares it once per connection and
 * PostgreSQL can reuse its plan; without it every query is planned again, which costs
 * more than running the availability query itself.
 */
function preparedStatementName(query: { sql: string }): string {
  let name = statementNames.get(query.sql);
  if (!name) {
    name = `pk_${createHash("sha256").update(query.sql).digest("hex").slice(0, 24)}`;
    // The texts come from our code, so they are few; the bound is a guard all the same.
    if (statementNames.size < 10_000) statementNames.set(query.sql, name);
  }
  return name;
}

function ignoreConnectionError() {
  // The query or transaction that used the connection fails on its own (and is answered
  // 503); the pool drops the broken client and connects a new one when next asked.
}

/**
 * When PostgreSQL ends a connection (restart, failover, pg_terminate_backend, an idle
 * reaper), `pg` emits "error" on the client, and an "error" nobody listens to ends the
 * process. The pool listens only while a client is idle, `pool.query` and the Prisma
 * adapter only around their own use of it; cutting connections under load showed
 * checked-out clients with no query running and no listener at all. So every client
 * gets a listener for its whole life.
 */
export function survivePoolErrors(pool: pg.Pool): void {
  pool.on("error", ignoreConnectionError);
  pool.on("connect", (client) => client.on("error", ignoreConnectionError));
}

/**
 * Copies the template where no database is yet; the copy is made beside it and renamed,
 * so a start that dies halfway leaves no half database. Without a usable template, or
 * with anything already there, nothing happens and PGlite does what it always does. The
 * migrations that follow bring a template older than the newest migration up to date.
 */
async function copyTemplate(template: string, pgliteDir: string): Promise<void> {
  if (existsSync(pgliteDir) || !existsSync(path.join(template, "PG_VERSION"))) return;
  const copy = `${pgliteDir}.copying`;
  await rm(copy, { recursive: true, force: true });
  await cp(template, copy, { recursive: true });
  await rename(copy, pgliteDir);
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.kind === "postgres") {
    // Our own pool, so that close() really ends every connection (the schema engine
    // borrows connections through the same adapter).
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    survivePoolErrors(pool);
    const adapterFactory = new PrismaPg(pool, { statementNameGenerator: preparedStatementName });
    const prisma = new PrismaClient({ adapter: adapterFactory });
    return {
      kind: "postgres",
      prisma,
      adapterFactory,
      async read<T>(statement: Statement) {
        const { text } = statement;
        const result = await pool.query({
          name: preparedStatementName({ sql: text }),
          text,
          values: parameters(statement.values),
        });
        return result.rows as T[];
      },
      poolUse: () => ({
        total: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
      }),
      async close() {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }

  let lock: DataDirLock | undefined;
  let pglite: PGlite;
  if (options.dataDir) {
    await mkdir(options.dataDir, { recursive: true });
    lock = await lockDataDir(options.dataDir);
    try {
      const pgliteDir = path.join(options.dataDir, "pglite");
      if (options.template) await copyTemplate(options.template, pgliteDir);
      pglite = await PGlite.create({ dataDir: pgliteDir });
    } catch (error) {
      await lock.release();
      throw error;
    }
  } else {
    pglite = await PGlite.create();
  }
  const adapterFactory = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    kind: "pglite",
    prisma,
    adapterFactory,
    async read<T>(statement: Statement) {
      return (await pglite.query<T>(statement.text, parameters(statement.values))).rows;
    },
    async close() {
      await prisma.$disconnect();
      // Closing PGlite flushes its files; a process that exits without it can lose data.
      if (!pglite.closed) await pglite.close();
      await lock?.release();
    },
  };
}
