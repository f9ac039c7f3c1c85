import {
  AppError,
  type BookingMessage,
  ZAdminFailedMessagesResponseSchema,
  ZBookingParams,
  ZOrganisationSettings,
  ZStaffBookingMessagesResponseSchema,
  ZUpdateOrganisationSettingsRequestSchema,
} from "@pieraksts/contracts";
import type { OutboxMessage } from "@pieraksts/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { normaliseReference } from "../../lib/crypto.ts";
import { recomputeReminders } from "../../lib/messages/decide.ts";
import { problemResponses } from "../../lib/problem.ts";
import { adminTags, assertCanUsePoint, auditStaff, staffTags } from "./access.ts";

/** One outbox row as staff see it: never the address or the body. */
export function toBookingMessage(row: OutboxMessage): BookingMessage {
  return {
    id: row.id,
    channel: row.channel === "EMAIL" ? "email" : "sms",
    kind: row.kind,
    status: row.status.toLowerCase() as BookingMessage["status"],
    attempts: row.attempts,
    ...(row.sentAt ? { sentAt: row.sentAt.toISOString() } : {}),
    dueAt: row.dueAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    lastError: row.lastError,
  };
}

/** What was sent to clients, and the organisation's reminder setting (issue 11). */
export const staffMessageRoutes: FastifyPluginAsyncZod = async (app) => {
  const prisma = app.db.prisma;

  app.get(
    "/staff/bookings/:reference/messages",
    {
      config: { staff: { role: "staff" } },
      schema: {
        tags: staffTags,
        summary: "The messages of a booking and their state",
        description:
          "Every e-mail and SMS decided for the booking (confirmation, reminder, notices, " +
          "a lost link sent again): pending, sent, failed, or not_configured when this " +
          "server does not send that channel.",
        operationId: "staffBookingMessages",
        params: ZBookingParams,
        response: {
          200: ZStaffBookingMessagesResponseSchema,
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const context = request.staff;
      const reference = normaliseReference(request.params.reference);
      const booking = reference
        ? await prisma.booking.findUnique({
            where: { reference },
            select: {
              id: true,
              servicePoint: { select: { slug: true, organisationId: true } },
            },
          })
        : null;
      // Another organisation's booking is as unknown as a missing one (see bookingForStaff).
      if (!booking || booking.servicePoint.organisationId !== context.user.organisationId) {
        throw new AppError("BOOKING_NOT_FOUND", "No booking has this reference.");
      }
      assertCanUsePoint(context, booking.servicePoint);
      const rows = await prisma.outboxMessage.findMany({
        where: { bookingId: booking.id, channel: { in: ["EMAIL", "SMS"] } },
        orderBy: [{ createdAt: "asc" }, { dueAt: "asc" }, { id: "asc" }],
        take: 200,
      });
      reply.header("cache-control", "no-store");
      return rows.map(toBookingMessage);
    },
  );

  app.get(
    "/staff/messages/failed",
    {
      config: { staff: { role: "admin" } },
      schema: {
        tags: adminTags,
        summary: "Messages to clients that failed, across the organisation, newest first",
        operationId: "adminFailedMessages",
        response: {
          200: ZAdminFailedMessagesResponseSchema,
          ...problemResponses(401, 403),
        },
      },
    },
    async (request, reply) => {
      const rows = await prisma.outboxMessage.findMany({
        where: {
          organisationId: request.staff.user.organisationId,
          status: "FAILED",
          channel: { in: ["EMAIL", "SMS"] },
        },
        include: {
          booking: { select: { reference: true, servicePoint: { select: { slug: true } } } },
        },
        orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
        take: 500,
      });
      reply.header("cache-control", "no-store");
      return rows.map((row) => ({
        ...toBookingMessage(row),
        reference: row.booking?.reference ?? null,
        servicePoint: row.booking?.servicePoint.slug ?? null,
      }));
    },
  );

  async function settingsOf(organisationId: string) {
    const row = await prisma.organisation.findUniqueOrThrow({
      where: { id: organisationId },
      select: { slug: true, timezone: true, reminderTime: true, reminderDaysBefore: true },
    });
    return {
      organisation: row.slug,
      timezone: row.timezone,
      reminderTime: row.reminderTime,
      reminderDaysBefore: row.reminderDaysBefore,
    };
  }

  app.get(
    "/staff/organisation",
    {
      config: { staff: { role: "admin" } },
      schema: {
        tags: adminTags,
        summary: "The organisation's settings (when reminders are sent)",
        operationId: "adminOrganisationSettings",
        response: { 200: ZOrganisationSettings, ...problemResponses(401, 403) },
      },
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return settingsOf(request.staff.user.organisationId);
    },
  );

  app.patch(
    "/staff/organisation",
    {
      config: { staff: { role: "admin" } },
      schema: {
        tags: adminTags,
        summary: "Change when reminders are sent",
        description:
          "The reminders not yet sent of every upcoming booking are decided again in the " +
          "same transaction: moved to the new time, removed (0 days: none; a time already " +
          "passed), or added when reminders were off.",
        operationId: "adminUpdateOrganisationSettings",
        body: ZUpdateOrganisationSettingsRequestSchema,
        response: { 200: ZOrganisationSettings, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const context = request.staff;
      const organisationId = context.user.organisationId;
      const now = app.now();
      const rescheduled = await prisma.$transaction(
        async (tx) => {
          const updated = await tx.organisation.update({
            where: { id: organisationId },
            data: request.body,
            select: { timezone: true, reminderTime: true, reminderDaysBefore: true },
          });
          return recomputeReminders(tx, organisationId, updated, now, app.outbox.enqueue);
        },
        { maxWait: 20_000, timeout: 60_000 },
      );
      app.outbox.nudge();
      await auditStaff(
        prisma,
        request,
        context,
        "organisation.update",
        { type: "Organisation", id: organisationId },
        { ...request.body, remindersPending: rescheduled },
      );
      return settingsOf(organisationId);
    },
  );
};
