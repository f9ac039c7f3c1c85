import fp from "fastify-plugin";
import { publicUrl } from "../config.ts";
import { type OfferDeps, offerFreePlaces, sweepWaitlist } from "../routes/waitlist/offers.ts";

declare module "fastify" {
  interface FastifyInstance {
    waitlist: {
      /**
       * After a change that may have freed places of a service committed: offer them to
       * its waiting list now. Never throws (the sweep catches up on what fails here).
       */
      placesFreed(serviceId: string): Promise<void>;
      /** Offers the free places of every service with waiting entries; the offers made. */
      sweep(): Promise<number>;
    };
  }
}

/**
 * The waiting list's offers (decision 026): right after a place frees, and by a sweep
 * every WAITLIST_SWEEP_SECONDS in each process (and soon after start), which finds places
 * that expired holds gave back, also when no process was running at their expiry.
 */
export const waitlistPlugin = fp(async (app) => {
  const deps: OfferDeps = {
    prisma: app.db.prisma,
    sealer: app.sealer,
    now: app.now,
    minutes: app.config.WAITLIST_OFFER_MINUTES,
    maxOffers: app.config.WAITLIST_MAX_OFFERS,
    publicUrl: publicUrl(app.config),
    enqueue: (tx, messages) => app.outbox.enqueue(tx, messages),
    nudge: () => app.outbox.nudge(),
  };
  let sweeping: Promise<number> | undefined;
  const sweep = () => {
    sweeping ??= sweepWaitlist(deps).finally(() => {
      sweeping = undefined;
    });
    return sweeping;
  };
  app.decorate("waitlist", {
    async placesFreed(serviceId: string) {
      try {
        const offered = await offerFreePlaces(deps, serviceId);
        if (offered) app.log.info({ serviceId, offered }, "waiting list: places offered");
      } catch (error) {
        app.log.error(
          { err: error, serviceId },
          "waiting list: offering failed; the sweep retries",
        );
      }
    },
    sweep,
  });
  const run = () => {
    sweep().catch((error) => app.log.error({ err: error }, "waiting list: sweep failed"));
  };
  const timer = setInterval(run, app.config.WAITLIST_SWEEP_SECONDS * 1000);
  timer.unref();
  let first: NodeJS.Timeout | undefined;
  app.addHook("onReady", async () => {
    first = setTimeout(run, 1_000 + Math.random() * 2_000);
    first.unref();
  });
  app.addHook("onClose", async () => {
    clearInterval(timer);
    if (first) clearTimeout(first);
    await sweeping?.catch(() => {});
  });
});
