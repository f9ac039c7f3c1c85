import type { Prisma } from "@pieraksts/db";
import fp from "fastify-plugin";
import { enqueue, type NewMessage, type OutboxChannel } from "../lib/outbox/outbox.ts";
import { buildTransports } from "../lib/outbox/transports.ts";
import { type OutboxWorker, outboxWorker } from "../lib/outbox/worker.ts";
import { loadSealer, type Sealer } from "../lib/sealing.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** Seals secrets the server must read back later (a booking's manage token). */
    sealer: Sealer;
    outbox: {
      /** The channels this process can send; others are recorded as NOT_CONFIGURED. */
      configured: ReadonlySet<OutboxChannel>;
      /** Writes messages in the caller's transaction (see lib/outbox/outbox.ts). */
      enqueue(tx: Prisma.TransactionClient, messages: readonly NewMessage[]): Promise<void>;
      /** After the commit: send now rather than at the next poll. */
      nudge(): void;
      /** Requests this process is answering now. */
      requestsInFlight(): number;
      /**
       * Whether sending waits now: requests are in flight and one began or ended within
       * the last second. A request stalled by its client (a body that never comes) is in
       * flight for minutes but is no work; it must not hold the messages back.
       */
      busy(): boolean;
      worker: OutboxWorker;
    };
  }
}

/** How recent a request's start or end must be for its process to count as busy. */
const BUSY_WINDOW_MS = 1000;

/**
 * The sealing key and the outbox of this process: its worker starts when the app is
 * ready and stops, waiting for the sends under way, when it closes.
 */
export const outboxPlugin = fp(async (app) => {
  // The key comes from SECRET_KEY or the database. A process that starts while the
  // database is away still starts (and answers 503 until it is back): each request waits
  // for the key first, loading it again if the first try failed.
  let key: Sealer | undefined;
  let loading: Promise<Sealer> | undefined;
  const ensureKey = (): Promise<Sealer> => {
    if (key) return Promise.resolve(key);
    loading ??= loadSealer(app.db.prisma, app.config.SECRET_KEY)
      .then((loaded) => {
        key = loaded;
        return loaded;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };
  const loadedKey = (): Sealer => {
    if (!key) throw new Error("The sealing key is not loaded yet (the database is away).");
    return key;
  };
  try {
    await ensureKey();
  } catch (error) {
    if (app.config.SECRET_KEY) throw error;
    app.log.warn({ err: error }, "sealing key not loaded at start; retried at each request");
  }
  app.decorate("sealer", {
    seal: (plain: string) => loadedKey().seal(plain),
    open: (sealed: string) => loadedKey().open(sealed),
  });
  app.addHook("onRequest", async () => {
    if (!key) await ensureKey();
  });
  const transports = buildTransports(app.config, {
    prisma: app.db.prisma,
    sealer: app.sealer,
    now: app.now,
  });
  const configured = new Set(transports.map((transport) => transport.channel));
  let worker: OutboxWorker | undefined;
  // Requests being answered: while the process is busy with them, the worker's passes wait
  // for a gap (at most OUTBOX_MAX_DEFER_MS), so that sending never slows a booking down.
  let inFlight = 0;
  let lastActivity = 0;
  const busy = () => inFlight > 0 && Date.now() - lastActivity < BUSY_WINDOW_MS;
  const outbox = {
    configured,
    enqueue: (tx: Prisma.TransactionClient, messages: readonly NewMessage[]) =>
      enqueue(tx, messages, { configured, now: app.now() }),
    nudge: () => worker?.nudge(),
    requestsInFlight: () => inFlight,
    busy,
    get worker(): OutboxWorker {
      if (!worker) throw new Error("The outbox worker starts when the app is ready.");
      return worker;
    },
  };
  app.decorate("outbox", outbox);
  app.addHook("onRequest", async (_request, reply) => {
    inFlight += 1;
    lastActivity = Date.now();
    // "close" comes once for every response: finished, or its connection gone.
    reply.raw.once("close", () => {
      inFlight -= 1;
      lastActivity = Date.now();
    });
  });
  app.addHook("onReady", async () => {
    worker = outboxWorker({
      prisma: app.db.prisma,
      transports,
      now: app.now,
      pollMs: app.config.OUTBOX_POLL_MS,
      leaseSeconds: app.config.OUTBOX_LEASE_SECONDS,
      busy,
      maxDeferMs: app.config.OUTBOX_MAX_DEFER_MS,
      onError: (error) => app.log.error({ err: error }, "outbox: a pass failed; it runs again"),
    });
  });
  app.addHook("onClose", async () => {
    await worker?.stop();
    for (const transport of transports) transport.close?.();
  });
});
