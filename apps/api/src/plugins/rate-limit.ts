import { AppError } from "@pieraksts/contracts";
import type { FastifyInstance, FastifyReply } from "fastify";
import fp from "fastify-plugin";

export interface RateLimiter {
  /**
   * Counts one request against `key` (fixed window) and refuses it with 429 past
   * `limit`. The counters live in the database, so every API process shares them.
   */
  consume(reply: FastifyReply, key: string, limit: number, windowMs: number): Promise<void>;
  /** Refuses with 429 when `key` is already past `limit`, without counting. */
  check(reply: FastifyReply, key: string, limit: number): Promise<void>;
  /** Counts one against `key` without refusing: failures that `check` later weighs. */
  countFailure(key: string, windowMs: number): Promise<void>;
}

declare module "fastify" {
  interface FastifyInstance {
    rateLimiter: RateLimiter;
  }
}

function refuse(reply: FastifyReply, secondsLeft: number): never {
  const seconds = Math.max(1, secondsLeft);
  reply.header("retry-after", String(seconds));
  throw new AppError("RATE_LIMITED", `Too many requests; try again in ${seconds} seconds.`);
}

export const rateLimitPlugin = fp(async (app: FastifyInstance) => {
  const enabled = app.config.RATE_LIMITS === "on";
  const prisma = app.db.prisma;

  // Windows are measured by the database's clock alone, never compared with this
  // process's: processes (and a test's pinned clock) may disagree with it.
  /** Fixed window: counts one against `key`, starting a new window when the old ended. */
  async function increment(key: string, windowMs: number) {
    const rows = await prisma.$queryRaw<{ count: number; secondsLeft: number }[]>`
      INSERT INTO "RateLimitBucket" (key, count, "resetAt")
      VALUES (${key}, 1, now() + make_interval(secs => ${windowMs / 1000}::float8))
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN "RateLimitBucket"."resetAt" <= now() THEN 1
                     ELSE "RateLimitBucket".count + 1 END,
        "resetAt" = CASE WHEN "RateLimitBucket"."resetAt" <= now() THEN EXCLUDED."resetAt"
                         ELSE "RateLimitBucket"."resetAt" END
      RETURNING count, ceil(extract(epoch FROM "resetAt" - now()))::int AS "secondsLeft"`;
    return rows[0];
  }

  const limiter: RateLimiter = {
    async consume(reply, key, limit, windowMs) {
      if (!enabled) return;
      const row = await increment(key, windowMs);
      if (row && row.count > limit) refuse(reply, row.secondsLeft);
    },
    async countFailure(key, windowMs) {
      if (enabled) await increment(key, windowMs);
    },
    async check(reply, key, limit) {
      if (!enabled) return;
      const rows = await prisma.$queryRaw<{ count: number; secondsLeft: number }[]>`
        SELECT count, ceil(extract(epoch FROM "resetAt" - now()))::int AS "secondsLeft"
        FROM "RateLimitBucket" WHERE key = ${key} AND "resetAt" > now()`;
      const row = rows[0];
      if (row && row.count >= limit) refuse(reply, row.secondsLeft);
    },
  };
  app.decorate("rateLimiter", limiter);

  // Expired windows are dead weight; any process may sweep them.
  const sweep = setInterval(() => {
    prisma.$executeRaw`DELETE FROM "RateLimitBucket" WHERE "resetAt" < now()`.catch(() => {});
  }, 10 * 60_000);
  sweep.unref();
  app.addHook("onClose", async () => clearInterval(sweep));
});
