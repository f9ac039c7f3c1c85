import { migrate } from "../migrate.ts";
import { seed } from "../seed/seed.ts";
import { openDatabaseFromEnv } from "./env.ts";

const { database, env } = await openDatabaseFromEnv();
try {
  await migrate(database, env.DATABASE_URL);
  const { created } = await seed(database.prisma);
  console.log(
    created.length ? `Seeded: ${created.join(", ")}` : "Already seeded: nothing changed.",
  );
} finally {
  await database.close();
}
