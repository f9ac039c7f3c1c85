import { createServer, type Server } from "node:http";
import type { FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** The routes that create bookings, by channel, for pieraksts_bookings_total. */
const bookingChannels: Record<string, string> = {
  "/api/v1/bookings": "public",
  "/api/v1/staff/bookings": "staff",
};

function bookingChannel(request: FastifyRequest): string | undefined {
  const route = request.routeOptions.url;
  return request.method === "POST" && route ? bookingChannels[route] : undefined;
}

/** The `code` of a problem+json answer, which is all a refusal's outcome needs. */
function problemCode(reply: FastifyReply, payload: unknown): string | undefined {
  const type = String(reply.getHeader("content-type") ?? "");
  if (!type.startsWith("application/problem+json") || typeof payload !== "string") return;
  try {
    const code = (JSON.parse(payload) as { code?: unknown }).code;
    return typeof code === "string" ? code : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Prometheus metrics of this process (each process has its own registry; Prometheus
 * scrapes every one), served by a listener of their own on METRICS_PORT so that the
 * public API never exposes them. Without METRICS_PORT nothing is collected or listened on.
 */
export const metricsPlugin = fp(async (app) => {
  const port = app.config.METRICS_PORT;
  if (port === undefined) return;

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // The route's pattern, never the URL: URLs carry booking references and are unbounded.
  const requestDuration = new Histogram({
    name: "pieraksts_http_request_duration_seconds",
    help: "Time to answer a request, by route pattern, method and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const bookings = new Counter({
    name: "pieraksts_bookings_total",
    help: 'Booking requests by channel (public, staff) and outcome ("created" or the problem code)',
    labelNames: ["channel", "outcome"],
    registers: [registry],
  });
  const poolUse = app.db.poolUse?.bind(app.db);
  // PGlite has no pool (one connection inside the process): there is nothing to report.
  if (poolUse) {
    new Gauge({
      name: "pieraksts_db_pool_connections",
      help: "Database connections of this process's pool, by state (idle, in_use)",
      labelNames: ["state"],
      registers: [registry],
      collect() {
        const use = poolUse();
        this.set({ state: "idle" }, use.idle);
        this.set({ state: "in_use" }, use.total - use.idle);
      },
    });
    new Gauge({
      name: "pieraksts_db_pool_waiting",
      help: "Queries waiting for a database connection of this process's pool",
      registers: [registry],
      collect() {
        this.set(poolUse().waiting);
      },
    });
  }
  // Outbox depth: messages due and not yet sent, by channel (one query a scrape).
  const prisma = app.db.prisma;
  new Gauge({
    name: "pieraksts_outbox_pending",
    help: "Outbox messages due and not yet sent (waiting or being retried), by channel",
    labelNames: ["channel"],
    registers: [registry],
    async collect() {
      const rows = await prisma.$queryRaw<{ channel: string; n: number }[]>`
        SELECT channel::text AS channel, count(*)::int AS n FROM "OutboxMessage"
        WHERE status = 'PENDING' AND "dueAt" <= ${app.now()} GROUP BY channel`;
      const counts = new Map(rows.map((row) => [row.channel.toLowerCase(), row.n]));
      for (const channel of ["email", "sms", "webhook"]) {
        this.set({ channel }, counts.get(channel) ?? 0);
      }
    },
  });

  const refusals = new WeakMap<FastifyRequest, string>();
  app.addHook("onSend", async (request, reply, payload) => {
    if (bookingChannel(request)) {
      const code = problemCode(reply, payload);
      if (code) refusals.set(request, code);
    }
    return payload;
  });
  app.addHook("onResponse", async (request, reply) => {
    const status = reply.statusCode;
    requestDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? "unmatched",
        status: String(status),
      },
      reply.elapsedTime / 1000,
    );
    const channel = bookingChannel(request);
    if (!channel) return;
    const outcome = status === 201 ? "created" : (refusals.get(request) ?? String(status));
    bookings.inc({ channel, outcome });
  });

  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "").split("?")[0];
    if (path !== "/metrics" || (request.method !== "GET" && request.method !== "HEAD")) {
      response.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { "content-type": registry.contentType }).end(text),
      (error: unknown) => {
        app.log.error({ err: error }, "metrics failed");
        response.writeHead(500, { "content-type": "text/plain" }).end("Metrics failed\n");
      },
    );
  });
  app.addHook("onReady", async () => {
    await new Promise<void>((resolve, reject) => {
      server.once("error", (error) =>
        reject(new Error(`Cannot listen for metrics on METRICS_PORT ${port}: ${error.message}`)),
      );
      server.listen(port, app.config.HOST, () => {
        server.removeAllListeners("error");
        resolve();
      });
    });
    app.log.info({ port }, "metrics at GET /metrics");
  });
  app.addHook("onClose", async () => {
    if (!server.listening) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
