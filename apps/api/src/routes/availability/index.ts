import {
  type Availability,
  ZAvailabilityRequestSchema,
  ZAvailabilityResponseSchema,
} from "@pieraksts/contracts";
import { computeAvailability } from "@pieraksts/domain";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { loadAvailabilitySource } from "../../lib/availability-source.ts";
import { problemResponses } from "../../lib/problem.ts";

/**
 * The response is built from typed values only (slugs, ISO strings, integers), so it is
 * written with JSON.stringify instead of being re-validated by zod for every slot; the
 * tests check every response against ZAvailabilityResponseSchema instead.
 */
const serializeAvailability = (data: Availability) => JSON.stringify(data);

export const availabilityRoutes: FastifyPluginAsyncZod = async (app) => {
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
      serializerCompiler: () => (data) => serializeAvailability(data as Availability),
    },
    async (request, reply) => {
      const { servicePoint, service, from, to } = request.query;
      const source = await loadAvailabilitySource(app.db.prisma, request.query);
      const days = computeAvailability({
        timezone: source.timezone,
        from,
        to,
        now: app.now(),
        rules: source.rules,
        schedules: source.schedules,
        closures: source.closures,
        slotBookings: source.slotBookings,
        dayBookings: source.dayBookings,
      });
      // Places change as people book: a proxy or the SPA may reuse this for seconds only.
      reply.header("cache-control", "public, max-age=5");
      return { timezone: source.timezone, servicePoint, service, days };
    },
  );
};
