import { createTestDatabase, type TestDatabase } from "@pieraksts/db/testing";
import { type App, type AppOptions, buildApp } from "../src/app.ts";
import { type Config, parseConfig } from "../src/config.ts";

export function testConfig(env: Record<string, string> = {}): Config {
  // Rate limits are off unless a test is about them (every request comes from 127.0.0.1).
  const result = parseConfig({ LOG_LEVEL: "silent", RATE_LIMITS: "off", ...env });
  if (!result.ok) throw new Error(result.message);
  return result.config;
}

export interface TestContext {
  app: App;
  db: TestDatabase;
  close(): Promise<void>;
}

/** The real app on a fresh real database (PGlite, or PostgreSQL with DATABASE_URL). */
export async function createTestApp(
  options: {
    seed?: boolean;
    now?: Date;
    /** A clock the test moves; wins over `now` for the app (the seed uses `now`). */
    clock?: () => Date;
    env?: Record<string, string>;
    /** Silent unless a test reads the log (pino options, e.g. a `stream`). */
    logger?: AppOptions["logger"];
  } = {},
): Promise<TestContext> {
  const db = await createTestDatabase({ seed: options.seed ?? true, now: options.now });
  const now = options.now;
  const app = await buildApp({
    database: db,
    config: testConfig(options.env),
    logger: options.logger ?? false,
    now: options.clock ?? (now ? () => now : undefined),
  });
  await app.ready();
  return {
    app,
    db,
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}
