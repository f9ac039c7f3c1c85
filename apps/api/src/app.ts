import { randomUUID } from "node:crypto";
import cookie from "@fastify/cookie";
import type { Database } from "@pieraksts/db";
import Fastify, { type FastifyServerOptions, type RouteOptions } from "fastify";
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { Config } from "./config.ts";
import { languagePlugin } from "./lib/language.ts";
import { requestForLog } from "./lib/request-log.ts";
import { apiKeysPlugin } from "./plugins/api-keys.ts";
import { clientErrors, errorsPlugin, frameworkErrors } from "./plugins/errors.ts";
import { metricsPlugin } from "./plugins/metrics.ts";
import { openapiPlugin } from "./plugins/openapi.ts";
import { outboxPlugin } from "./plugins/outbox.ts";
import { rateLimitPlugin } from "./plugins/rate-limit.ts";
import { retentionPlugin } from "./plugins/retention.ts";
import { securityHeadersPlugin } from "./plugins/security-headers.ts";
import { spaPlugin } from "./plugins/spa.ts";
import { staffSessionPlugin } from "./plugins/staff-session.ts";
import { waitlistPlugin } from "./plugins/waitlist.ts";
import { webhooksPlugin } from "./plugins/webhooks.ts";
import { availabilityRoutes } from "./routes/availability/index.ts";
import { bookingRoutes } from "./routes/bookings/index.ts";
import { catalogRoutes } from "./routes/catalog/index.ts";
import { healthRoutes } from "./routes/health/index.ts";
import { holdRoutes } from "./routes/holds/index.ts";
import { shortLinkRoutes } from "./routes/short-link.ts";
import { staffRoutes } from "./routes/staff/index.ts";
import { waitlistRoutes } from "./routes/waitlist/index.ts";

declare module "fastify" {
  interface FastifyInstance {
    db: Database;
    config: Config;
    /** The current instant; tests fix it. */
    now: () => Date;
    /** Every route as registered, for checks over all of them (tests). */
    routeTable: RouteOptions[];
  }
}

export interface AppOptions {
  database: Database;
  config: Config;
  /** false for none; options (a test's `stream`, say) are merged with the app's own. */
  logger?: false | Exclude<FastifyServerOptions["logger"], boolean | undefined>;
  now?: () => Date;
}

const requestIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Fastify's own hop count trusts nothing (it cannot check the peer), so a count becomes
 * "the first n hops, counted from the socket, are proxies".
 */
function proxyTrust(trust: Config["TRUST_PROXY"]) {
  if (typeof trust !== "number") return trust;
  return (_address: string, hop: number) => hop < trust;
}

/** The whole HTTP application; server.ts adds the process around it. */
export async function buildApp({ database, config, logger, now }: AppOptions) {
  const app = Fastify({
    logger:
      logger === false
        ? false
        : {
            level: config.LOG_LEVEL,
            ...logger,
            serializers: { ...logger?.serializers, req: requestForLog },
          },
    trustProxy: proxyTrust(config.TRUST_PROXY),
    bodyLimit: 64 * 1024,
    requestIdHeader: false,
    genReqId(request) {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && requestIdPattern.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors,
    clientErrorHandler: clientErrors,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate("db", database);
  app.decorate("config", config);
  app.decorate("now", now ?? (() => new Date()));
  app.decorate("routeTable", []);
  app.addHook("onRoute", (route) => {
    app.routeTable.push(route);
  });
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });

  await app.register(errorsPlugin);
  await app.register(metricsPlugin);
  await app.register(securityHeadersPlugin);
  await app.register(languagePlugin);
  await app.register(openapiPlugin);
  await app.register(rateLimitPlugin);
  await app.register(apiKeysPlugin);
  await app.register(cookie);
  await app.register(staffSessionPlugin);
  await app.register(outboxPlugin);
  await app.register(webhooksPlugin);
  await app.register(waitlistPlugin);
  await app.register(healthRoutes);
  await app.register(catalogRoutes, { prefix: "/api/v1" });
  await app.register(availabilityRoutes, { prefix: "/api/v1" });
  await app.register(bookingRoutes, { prefix: "/api/v1" });
  await app.register(holdRoutes, { prefix: "/api/v1" });
  await app.register(waitlistRoutes, { prefix: "/api/v1" });
  await app.register(staffRoutes, { prefix: "/api/v1" });
  await app.register(shortLinkRoutes);
  await app.register(retentionPlugin);
  await app.register(spaPlugin, { dist: config.WEB_DIST });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
