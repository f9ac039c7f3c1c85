import {
  AppError,
  localise,
  ZBookingParams,
  type ZStaffBooking,
  ZStaffCancelRequestSchema,
  ZStaffDayRequestSchema,
  ZStaffDayResponseSchema,
  ZStaffStatusRequestSchema,
} from "@pieraksts/contracts";
import type { Prisma } from "@pieraksts/db";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { DateTime } from "luxon";
import { z } from "zod";
import { problemResponses } from "../../lib/problem.ts";
import type { StaffContext } from "../../plugins/staff-session.ts";
import { bookingService, localIso, toStatus } from "../bookings/service.ts";
import { assertCanUsePoint, auditStaff, staffPointOf, staffTags as tags } from "./access.ts";

export function staffBooking(
  row: Prisma.BookingGetPayload<{ include: { service: { select: { slug: true; name: true } } } }>,
  zone: string,
  language: "lv" | "ru" | "en",
): z.infer<typeof ZStaffBooking> {
  return {
    reference: row.reference,
    status: toStatus(row.status),
    start: localIso(row.startsAt, zone),
    end: localIso(row.endsAt, zone),
    service: row.service.slug,
    serviceName: localise(row.service.name, language),
    source: row.source.toLowerCase() as z.infer<typeof ZStaffBooking>["source"],
    client: { name: row.clientName, phone: row.clientPhone, email: row.clientEmail },
    answers: (row.answers ?? {}) as Record<string, string | boolean>,
  };
}

export const staffDayRoutes: FastifyPluginAsyncZod = async (app) => {
  const prisma = app.db.prisma;
  const bookings = bookingService(prisma);

  const audit = (
    request: FastifyRequest,
    context: StaffContext,
    action: string,
    entity: { type: string; id: string },
    details?: Prisma.InputJsonValue,
  ) => auditStaff(prisma, request, context, action, entity, details);

  /** The booking by reference, if this staff member may act on it (else 404 or 403). */
  async function bookingForStaff(context: StaffContext, reference: string) {
    const row = await bookings.findByReference(reference);
    if (!row) throw new AppError("BOOKING_NOT_FOUND", "No booking has this reference.");
    assertCanUsePoint(context, row.servicePoint);
    return row;
  }

  app.get(
    "/staff/service-points/:servicePoint/day",
    {
      config: { staff: { role: "staff", point: "params.servicePoint" } },
      schema: {
        tags,
        summary: "The day's bookings at a service point",
        operationId: "staffDay",
        params: z.object({ servicePoint: z.string() }),
        querystring: ZStaffDayRequestSchema,
        response: { 200: ZStaffDayResponseSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const context = request.staff;
      const point = staffPointOf(request);
      const zone = point.organisation.timezone;
      const date = request.query.date ?? DateTime.fromJSDate(app.now(), { zone }).toISODate() ?? "";
      const rows = await prisma.booking.findMany({
        where: { servicePointId: point.id, localDate: new Date(`${date}T00:00:00Z`) },
        include: { service: { select: { slug: true, name: true } } },
        orderBy: [{ startsAt: "asc" }, { createdAt: "asc" }],
      });
      await audit(
        request,
        context,
        "bookings.day.view",
        { type: "ServicePoint", id: point.id },
        {
          date,
          bookings: rows.length,
        },
      );
      reply.header("cache-control", "no-store");
      return {
        servicePoint: point.slug,
        date,
        timezone: zone,
        bookings: rows.map((row) => staffBooking(row, zone, request.language)),
      };
    },
  );

  app.post(
    "/staff/bookings/:reference/status",
    {
      config: { staff: { role: "staff" } },
      schema: {
        tags,
        summary: "Check in, complete or mark a no-show",
        operationId: "staffSetStatus",
        params: ZBookingParams,
        body: ZStaffStatusRequestSchema,
        response: {
          200: z.object({ reference: z.string(), status: z.string() }),
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const context = request.staff;
      const row = await bookingForStaff(context, request.params.reference);
      // Which change may follow which is @pieraksts/domain's booking-status table.
      const updated = await bookings.setStatus(row, request.body.status, {
        staffUserId: context.user.id,
      });
      await audit(request, context, `booking.${request.body.status}`, {
        type: "Booking",
        id: row.id,
      });
      return { reference: updated.reference, status: updated.status.toLowerCase() };
    },
  );

  app.post(
    "/staff/bookings/:reference/cancel",
    {
      config: { staff: { role: "staff" } },
      schema: {
        tags,
        summary: "Cancel a booking with a reason; the place is free at once",
        operationId: "staffCancel",
        params: ZBookingParams,
        body: ZStaffCancelRequestSchema,
        response: {
          200: z.object({ reference: z.string(), status: z.string() }),
          ...problemResponses(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request) => {
      const context = request.staff;
      const row = await bookingForStaff(context, request.params.reference);
      const cancelled = await bookings.cancel(row, {
        now: app.now(),
        by: "STAFF",
        staffUserId: context.user.id,
        reason: request.body.reason,
      });
      await audit(
        request,
        context,
        "booking.cancel",
        { type: "Booking", id: row.id },
        { reason: request.body.reason },
      );
      return { reference: cancelled.reference, status: cancelled.status.toLowerCase() };
    },
  );
};
