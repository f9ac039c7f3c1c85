import fp from "fastify-plugin";
import { anonymiseOldBookings } from "../lib/retention.ts";

/** Runs the retention job soon after start and then every RETENTION_INTERVAL_MINUTES. */
export const retentionPlugin = fp(async (app) => {
  const run = async () => {
    try {
      const count = await anonymiseOldBookings(app.db.prisma, {
        now: app.now(),
        days: app.config.RETENTION_DAYS,
      });
      if (count) app.log.info({ count }, "anonymised the personal data of old bookings");
    } catch (error) {
      app.log.error({ err: error }, "retention job failed; it runs again later");
    }
  };
  const every = app.config.RETENTION_INTERVAL_MINUTES * 60_000;
  let first: NodeJS.Timeout | undefined;
  const timer = setInterval(run, every);
  timer.unref();
  app.addHook("onReady", async () => {
    // A little after start, so that starting several processes does not pile up.
    first = setTimeout(run, 5_000 + Math.random() * 10_000);
    first.unref();
  });
  app.addHook("onClose", async () => {
    clearInterval(timer);
    if (first) clearTimeout(first);
  });
});
