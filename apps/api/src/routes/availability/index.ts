import { ZAvailabilityRequestSchema, ZAvailabilityResponseSchema } from "@pieraksts/contracts";
import { computeAvailability } from "@pieraksts/domain";
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { AvailabilityCache } from "../../lib/availability-cache.ts";
import { serializeAvailability } from "../../lib/availability-json.ts";
import { loadAvailabilitySource } from "../../lib/availability-source.ts";
import { problemResponses } from "../../lib/problem.ts";

export const availabilityRoutes: FastifyPluginAsyncZod = async (app) => {
  const read = app.db.read;
  const cache = app.config.AVAILABILITY_CACHE === "on" ? new AvailabilityCache(app.db) : null;

  app.get(
    "/availability",
    {
      schema: {
        tags: ["Reading"],
        summary: "Bookable slots of a service at a point, per local date",
        description:
          "Only slots that can still be booked are listed (remaining > 0, inside opening " +
          "hours, not closed, not past, not inside the minimum notice, not beyond the " +
          "maximum advance). A closed day has an empty `slots`. Cacheable for 5 seconds.",
        operationId: "getAvailability",
        querystring: ZAvailabilityRequestSchema,
        response: { 200: ZAvailabilityResponseSchema, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { servicePoint, service, from, to } = request.query;
      const now = app.now();
      // Places change as people book: a proxy or the SPA may reuse this for seconds only.
      reply.header("cache-control", "public, max-age=5");
      const cached = cache ? await cache.lookup(request.query, now) : null;
      if (cached !== null) {
        // Already JSON: Fastify sends a Buffer with a JSON content type as it is.
        return (reply as FastifyReply).type("application/json; charset=utf-8").send(cached);
      }
      // Straight on the driver: Prisma's raw path cost more than the query (decision 028).
      const source = await loadAvailabilitySource(read, { ...request.query, now });
      const days = computeAvailability({
        timezone: source.timezone,
        from,
        to,
        now,
        rules: source.rules,
        schedules: source.schedules,
        closures: source.closures,
        slotBookings: source.slotBookings,
        dayBookings: source.dayBookings,
      });
      // Encoded once: a Buffer is sent as it is, where a string would be measured and then
      // encoded, and a reused answer is then never encoded again.
      const body = Buffer.from(
        serializeAvailability({ timezone: source.timezone, servicePoint, service, days }),
      );
      cache?.store(request.query, {
        serviceId: source.serviceId,
        version: source.version,
        now,
        body,
      });
      return (reply as FastifyReply).type("application/json; charset=utf-8").send(body);
    },
  );
};
