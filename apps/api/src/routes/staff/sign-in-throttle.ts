import { AppError } from "@pieraksts/contracts";
import type { FastifyInstance, FastifyReply } from "fastify";
import { sha256 } from "../../lib/crypto.ts";

/**
 * Growing delays after failed sign-ins instead of a lock-out (OWASP ASVS 5.0, V6.3):
 * failures are counted per (account, address) — an account being (organisation, e-mail) — and per address, in the database so every
 * process shares them. Past a few free failures, each further attempt under that key waits
 * 1 s, 2 s, 4 s … up to 15 minutes. The right password from another address is never
 * refused because of someone else's failures; a success clears its (account, address).
 * See docs/decisions/011-sign-in-throttling.md.
 */
export const THROTTLE = {
  pair: { free: 3 },
  address: { free: 20 },
  maxDelaySeconds: 15 * 60,
  /** A key with no failure for this long starts again from zero. */
  forgetAfterSeconds: 24 * 60 * 60,
} as const;

type Rule = { free: number };

export function signInThrottle(app: FastifyInstance) {
  const prisma = app.db.prisma;
  const enabled = app.config.RATE_LIMITS === "on";

  // An account is (organisation, e-mail): the pair key names both, so guesses at one
  // organisation's account never slow down (or clear) the same e-mail's account elsewhere.
  const keys = (organisation: string, email: string, address: string) => [
    { key: `pair:${sha256(`${organisation}\n${email}\n${address}`)}`, rule: THROTTLE.pair },
    { key: `address:${address}`, rule: THROTTLE.address },
  ];

  /**
   * Refuses with 429 while a key waits; otherwise reserves the attempt (a key past its free
   * failures is blocked again for the current delay), so a burst of parallel guesses gets
   * one try per delay instead of all of them.
   */
  async function claim(reply: FastifyReply, key: string, rule: Rule, now: Date) {
    const claimed = await prisma.$executeRaw`
      UPDATE "SignInThrottle"
      SET "blockedUntil" = ${now}::timestamptz + make_interval(secs =>
        least(power(2, failures - ${rule.free})::float8, ${THROTTLE.maxDelaySeconds}::float8))
      WHERE key = ${key} AND failures >= ${rule.free} AND "blockedUntil" <= ${now}::timestamptz
        AND "lastFailureAt" > ${now}::timestamptz - make_interval(secs => ${THROTTLE.forgetAfterSeconds}::float8)`;
    if (claimed > 0) return;
    const row = await prisma.signInThrottle.findUnique({ where: { key } });
    const fresh =
      row && now.getTime() - row.lastFailureAt.getTime() < THROTTLE.forgetAfterSeconds * 1000;
    if (row && fresh && row.failures >= rule.free && row.blockedUntil > now) {
      const seconds = Math.max(1, Math.ceil((row.blockedUntil.getTime() - now.getTime()) / 1000));
      reply.header("retry-after", String(seconds));
      throw new AppError("RATE_LIMITED", `Too many failed sign-ins; try again in ${seconds} s.`);
    }
  }

  async function countFailure(key: string, rule: Rule, now: Date) {
    await prisma.$executeRaw`
      INSERT INTO "SignInThrottle" AS t (key, failures, "lastFailureAt", "blockedUntil")
      VALUES (${key}, 1, ${now}::timestamptz, ${now}::timestamptz + make_interval(secs =>
        CASE WHEN 1 >= ${rule.free} THEN 1 ELSE 0 END))
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN t."lastFailureAt" <= ${now}::timestamptz
            - make_interval(secs => ${THROTTLE.forgetAfterSeconds}::float8)
          THEN 1 ELSE t.failures + 1 END,
        "lastFailureAt" = ${now}::timestamptz,
        "blockedUntil" = ${now}::timestamptz + make_interval(secs => CASE
          WHEN (CASE WHEN t."lastFailureAt" <= ${now}::timestamptz
              - make_interval(secs => ${THROTTLE.forgetAfterSeconds}::float8)
            THEN 1 ELSE t.failures + 1 END) >= ${rule.free}
          THEN least(power(2, t.failures + 1 - ${rule.free})::float8,
            ${THROTTLE.maxDelaySeconds}::float8)
          ELSE 0 END)`;
  }

  // Keys with no recent failure are dead weight; any process may sweep them.
  const sweep = setInterval(() => {
    const before = new Date(app.now().getTime() - THROTTLE.forgetAfterSeconds * 1000);
    prisma.signInThrottle.deleteMany({ where: { lastFailureAt: { lt: before } } }).catch(() => {});
  }, 10 * 60_000);
  sweep.unref();
  app.addHook("onClose", async () => clearInterval(sweep));

  return {
    /** Before the password is checked: the same for known and unknown e-mails. */
    async beforeAttempt(reply: FastifyReply, organisation: string, email: string, address: string) {
      if (!enabled) return;
      const now = app.now();
      for (const { key, rule } of keys(organisation, email, address))
        await claim(reply, key, rule, now);
    },
    async failed(organisation: string, email: string, address: string) {
      if (!enabled) return;
      const now = app.now();
      for (const { key, rule } of keys(organisation, email, address))
        await countFailure(key, rule, now);
    },
    /** The address keeps its count: one good account must not wash out guesses at others. */
    async succeeded(organisation: string, email: string, address: string) {
      if (!enabled) return;
      const [pair] = keys(organisation, email, address);
      if (pair) await prisma.signInThrottle.deleteMany({ where: { key: pair.key } });
    },
  };
}
