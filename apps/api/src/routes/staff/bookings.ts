import {
  type AvailabilityResponse,
  ZAvailabilityResponseSchema,
  ZStaffAvailabilityRequestSchema,
  ZStaffCreateBookingRequestSchema,
  ZStaffCreateBookingResponseSchema,
} from "@pieraksts/contracts";
import { computeAvailability } from "@pieraksts/domain";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { type Audience, loadAvailabilitySource } from "../../lib/availability-source.ts";
import { problemResponses } from "../../lib/problem.ts";
import { bookingService } from "../bookings/service.ts";
import { auditStaff, staffPointOf, staffTags as tags } from "./access.ts";
import { staffBooking } from "./day.ts";

const audiences: Record<"walk_in" | "phone", Audience> = { walk_in: "WALK_IN", phone: "STAFF" };

/** Walk-ins and phone bookings: staff may use every place, the public only its part. */
export const staffBookingRoutes: FastifyPluginAsyncZod = async (app) => {
  const prisma = app.db.prisma;
  const bookings = bookingService(prisma, {
    sealer: app.sealer,
    onEvent: app.webhooks.onBookingEvent,
    webhookDeliveries: app.webhooks.bookingDeliveries,
    outbox: app.outbox,
    onPlacesFreed: app.waitlist.placesFreed,
  });

  app.get(
    "/staff/availability",
    {
      config: { staff: { role: "staff", point: "query.servicePoint" } },
      schema: {
        tags,
        summary: "Slots staff may book on one day (walk-in or phone)",
        description:
          "Like the public availability, but counting the places kept for staff. For a " +
          "walk-in only today is bookable, from the slot that is running now.",
        operationId: "staffAvailability",
        querystring: ZStaffAvailabilityRequestSchema,
        response: { 200: ZAvailabilityResponseSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply): Promise<AvailabilityResponse> => {
      const { servicePoint, service, date, kind } = request.query;
      const now = app.now();
      const source = await loadAvailabilitySource(
        prisma,
        { servicePoint, service, from: date, to: date, now },
        audiences[kind],
      );
      const days = computeAvailability({
        timezone: source.timezone,
        from: date,
        to: date,
        now,
        rules: source.rules,
        schedules: source.schedules,
        closures: source.closures,
        slotBookings: source.slotBookings,
        dayBookings: source.dayBookings,
      });
      reply.header("cache-control", "no-store");
      return { timezone: source.timezone, servicePoint, service, days };
    },
  );

  app.post(
    "/staff/bookings",
    {
      config: { staff: { role: "staff", point: "body.servicePoint" } },
      schema: {
        tags,
        summary: "Book a walk-in or a caller",
        description:
          "The reference in the answer is what to read out to a caller. Capacity and the " +
          "daily limit hold as for public bookings; staff may also use the places kept back.",
        operationId: "staffCreateBooking",
        body: ZStaffCreateBookingRequestSchema,
        response: {
          201: ZStaffCreateBookingResponseSchema,
          ...problemResponses(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const context = request.staff;
      const point = staffPointOf(request);
      const { kind, notify, ...booking } = request.body;
      const { row, manageToken } = await bookings.create(booking, {
        language: request.language,
        now: app.now(),
        source: audiences[kind],
        staffUserId: context.user.id,
        // Only when the client agreed to messages (decision 025).
        notify: notify ?? false,
      });
      await auditStaff(prisma, request, context, `booking.create.${kind}`, {
        type: "Booking",
        id: row.id,
      });
      reply.header("location", `/api/v1/bookings/${row.reference}`);
      return reply.code(201).send({
        // Just made: no desk mark to take back.
        ...staffBooking(
          { ...row, history: [] },
          point.organisation.timezone,
          request.language,
          app.now(),
        ),
        manageToken,
      });
    },
  );
};
