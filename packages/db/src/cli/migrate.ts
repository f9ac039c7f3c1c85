import { migrate } from "../migrate.ts";
import { openDatabaseFromEnv } from "./env.ts";

const { database, env } = await openDatabaseFromEnv();
try {
  const applied = await migrate(database, env.DATABASE_URL);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
} finally {
  await database.close();
}
