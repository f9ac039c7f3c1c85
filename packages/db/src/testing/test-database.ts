import { inject } from "vitest";
import "./provided.ts";
import { type Database, openDatabase } from "../database.ts";
import { migrate } from "../migrate.ts";
import { seed } from "../seed/seed.ts";
import { dropDatabase, onServer, uniqueDatabaseName, withDatabaseName } from "./postgres.ts";

export interface TestDatabase extends Database {
  /** The PostgreSQL URL of this database, when on PostgreSQL. */
  readonly url: string | undefined;
  /** Closes and, on PostgreSQL, drops the database. */
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, a new
 * database on the DATABASE_URL server (copied from the suite's template) when set.
 * Never shares rows with another file.
 */
export async function createTestDatabase(
  options: { seed?: boolean; now?: Date } = {},
): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  let database: Database;
  let url: string | undefined;
  let drop = async () => {};
  if (serverUrl) {
    const template = inject("templateDatabase");
    const name = uniqueDatabaseName("pieraksts_test");
    await onServer(serverUrl, (client) =>
      client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`),
    );
    url = withDatabaseName(serverUrl, name);
    database = await openDatabase({ kind: "postgres", url, poolSize: 20 });
    if (!template) await migrate(database, url);
    drop = () => dropDatabase(serverUrl, name);
  } else {
    database = await openDatabase({ kind: "pglite" });
    await migrate(database);
  }
  if (options.seed) await seed(database.prisma, { now: options.now });
  return {
    ...database,
    url,
    async destroy() {
      await database.close();
      await drop();
    },
  };
}
