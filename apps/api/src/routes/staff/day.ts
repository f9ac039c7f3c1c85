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
import { undoOpen } from "@pieraksts/domain";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { DateTime } from "luxon";
import { z } from "zod";
import { recordView } from "../../lib/audit.ts";
import { requestAddress } from "../../lib/client-address.ts";
import { sha256 } from "../../lib/crypto.ts";
import { problemResponses } from "../../lib/problem.ts";
import type { StaffContext } from "../../plugins/staff-session.ts";
import {
  bookingService,
  localDateOf,
  localIso,
  toStatus,
  undoTarget,
} from "../bookings/service.ts";
import { assertCanUsePoint, auditStaff, staffPointOf, staffTags as tags } from "./access.ts";

export const staffBookingInclude = {
  service: { select: { slug: true, name: true, questions: true, eligibility: true } },
  apiKey: { select: { name: true, prefix: true } },
  history: {
    select: { fromStatus: true, toStatus: true, reason: true },
    orderBy: { at: "desc" },
    take: 1,
  },
} as const satisfies Prisma.BookingInclude;

type StaffBookingRow = Prisma.BookingGetPayload<{ include: typeof staffBookingInclude }>;

/** What a day list showed, in a few bytes: which bookings, in which state, at what time. */
function seenDigest(rows: readonly StaffBookingRow[]): string {
  const seen = rows.map((row) => `${row.id}:${row.status}:${row.startsAt.toISOString()}`);
  return sha256(seen.join("\n")).slice(0, 16);
}
type Localised = Record<string, string> | string;
interface AskedQuestion {
  key: string;
  label: Localised;
  options?: { key: string; label: Localised }[];
}

/** The answers as staff read them: questions, options and categories by their labels. */
function answerLabels(
  answers: Record<string, string | boolean>,
  service: { questions: Prisma.JsonValue; eligibility: Prisma.JsonValue },
  language: "lv" | "ru" | "en",
): z.infer<typeof ZStaffBooking>["answerLabels"] {
  const text = (label: Localised | undefined) =>
    label === undefined ? null : localise(label as never, language);
  const questions = (Array.isArray(service.questions)
    ? service.questions
    : []) as never as AskedQuestion[];
  const categories = (Array.isArray(service.eligibility) ? service.eligibility : []) as never as {
    key: string;
    label: Localised;
  }[];
  const order = [...questions.map((q) => q.key), "eligibility"];
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  return Object.entries(answers)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([key, value]) => {
      if (key === "eligibility") {
        const category = categories.find((c) => c.key === value);
        return { key, question: null, value, valueLabel: text(category?.label) };
      }
      const question = questions.find((q) => q.key === key);
      const option = question?.options?.find((o) => o.key === value);
      return { key, question: text(question?.label), value, valueLabel: text(option?.label) };
    });
}

export function staffBooking(
  row: Omit<StaffBookingRow, "history" | "service"> & {
    service: Pick<StaffBookingRow["service"], "slug" | "name" | "questions" | "eligibility">;
    history?: StaffBookingRow["history"];
  },
  zone: string,
  language: "lv" | "ru" | "en",
  now: Date,
): z.infer<typeof ZStaffBooking> {
  const answers = (row.answers ?? {}) as Record<string, string | boolean>;
  const open = undoOpen(row.localDate.toISOString().slice(0, 10), localDateOf(now, zone));
  return {
    reference: row.reference,
    status: toStatus(row.status),
    start: localIso(row.startsAt, zone),
    end: localIso(row.endsAt, zone),
    service: row.service.slug,
    serviceName: localise(row.service.name, language),
    source: row.source.toLowerCase() as z.infer<typeof ZStaffBooking>["source"],
    client: { name: row.clientName, phone: row.clientPhone, email: row.clientEmail },
    answers,
    answerLabels: answerLabels(answers, row.service, language),
    undo: open ? undoTarget(row.status, row.history?.[0] ?? null) : null,
    apiKey: row.apiKey ? { name: row.apiKey.name, prefix: row.apiKey.prefix } : null,
  };
}

export const staffDayRoutes: FastifyPluginAsyncZod = async (app) => {
  const prisma = app.db.prisma;
  const bookings = bookingService(prisma, {
    sealer: app.sealer,
    onEvent: app.webhooks.onBookingEvent,
    webhookDeliveries: app.webhooks.bookingDeliveries,
    outbox: app.outbox,
    onPlacesFreed: app.waitlist.placesFreed,
  });

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
    // Another organisation's booking is as unknown as a missing one: a reference says
    // nothing across organisations. Within the organisation, a point not one's own is 403.
    if (!row || row.servicePoint.organisationId !== context.user.organisationId) {
      throw new AppError("BOOKING_NOT_FOUND", "No booking has this reference.");
    }
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
        include: staffBookingInclude,
        orderBy: [{ startsAt: "asc" }, { createdAt: "asc" }],
      });
      // Read again every 20 s by an open desk: one entry per change in what it shows.
      await recordView(prisma, {
        organisationId: context.user.organisationId,
        actorId: context.user.id,
        action: "bookings.day.view",
        entity: { type: "ServicePoint", id: point.id },
        ip: requestAddress(request),
        details: { date, bookings: rows.length, seen: seenDigest(rows) },
      });
      reply.header("cache-control", "no-store");
      return {
        servicePoint: point.slug,
        date,
        timezone: zone,
        bookings: rows.map((row) => staffBooking(row, zone, request.language, app.now())),
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
        description:
          "Only on the booking's day or later: a booking of a day to come answers 409 " +
          "BOOKING_DAY_NOT_REACHED.",
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
        now: app.now(),
      });
      await audit(request, context, `booking.${request.body.status}`, {
        type: "Booking",
        id: row.id,
      });
      return { reference: updated.reference, status: updated.status.toLowerCase() };
    },
  );

  app.post(
    "/staff/bookings/:reference/undo",
    {
      config: { staff: { role: "staff" } },
      schema: {
        tags,
        summary: "Take back the last desk mark (arrived, seen, did not come)",
        description:
          "For a mis-tap: the booking returns to the status the mark replaced. Only on the " +
          "booking's day, and only a desk mark that is still the booking's status; " +
          "otherwise 409 UNDO_NOT_POSSIBLE. The day list's `undo` says what an undo would " +
          "bring back.",
        operationId: "staffUndoStatus",
        params: ZBookingParams,
        response: {
          200: z.object({ reference: z.string(), status: z.string() }),
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const context = request.staff;
      const row = await bookingForStaff(context, request.params.reference);
      const updated = await bookings.undoStatus(row, {
        staffUserId: context.user.id,
        now: app.now(),
      });
      await audit(
        request,
        context,
        "booking.undo",
        { type: "Booking", id: row.id },
        { from: toStatus(row.status), to: toStatus(updated.status) },
      );
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
