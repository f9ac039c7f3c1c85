import {
  AppError,
  type Closure,
  localise,
  ZClosure,
  ZClosureListRequestSchema,
  ZCreateClosureRequestSchema,
} from "@pieraksts/contracts";
import type { Prisma, PrismaClient } from "@pieraksts/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { DateTime } from "luxon";
import { z } from "zod";
import { placesOnStatusChange } from "../../lib/places.ts";
import { problemResponses } from "../../lib/problem.ts";
import type { StaffContext } from "../../plugins/staff-session.ts";
import {
  type BookingRow,
  bookingInclude,
  cancellationMessages,
  localIso,
} from "../bookings/service.ts";
import { assertAdmin, assertCanUsePoint, auditStaff, staffTags as tags } from "./access.ts";

const closureInclude = {
  servicePoint: { select: { slug: true, organisationId: true } },
  service: { select: { slug: true } },
  organisation: { select: { timezone: true } },
} as const;
type ClosureRow = Prisma.ClosureGetPayload<{ include: typeof closureInclude }>;

/** Booked clients inside a closed period, to call them: nothing is cancelled by itself. */
async function affectedBookings(
  prisma: PrismaClient,
  closure: {
    organisationId: string;
    servicePointId: string | null;
    serviceId: string | null;
    startsAt: Date;
    endsAt: Date;
  },
  /** Only bookings at these points: whoever reads must not see other points' clients. */
  visiblePointIds: string[] | null,
  zone: string,
  language: "lv" | "ru" | "en",
): Promise<Closure["affected"]> {
  const rows = await prisma.booking.findMany({
    where: {
      status: { in: ["BOOKED", "CHECKED_IN"] },
      startsAt: { lt: closure.endsAt },
      endsAt: { gt: closure.startsAt },
      servicePoint: { organisationId: closure.organisationId },
      ...(closure.servicePointId ? { servicePointId: closure.servicePointId } : {}),
      ...(closure.serviceId ? { serviceId: closure.serviceId } : {}),
      ...(visiblePointIds ? { servicePointId: { in: visiblePointIds } } : {}),
    },
    include: { servicePoint: { select: { slug: true } }, service: true },
    orderBy: { startsAt: "asc" },
  });
  return rows.map((row) => toAffected(row, zone, language));
}

function toAffected(
  row: {
    reference: string;
    startsAt: Date;
    clientName: string;
    clientPhone: string;
    servicePoint: { slug: string };
    service: { slug: string; name: Prisma.JsonValue };
  },
  zone: string,
  language: "lv" | "ru" | "en",
): Closure["affected"][number] {
  return {
    reference: row.reference,
    start: localIso(row.startsAt, zone),
    servicePoint: row.servicePoint.slug,
    service: row.service.slug,
    serviceName: localise(row.service.name, language),
    client: { name: row.clientName, phone: row.clientPhone },
  };
}

/** Reception may close their own points; the organisation and holidays are for admins. */
function assertMayClose(
  context: StaffContext,
  scope: { kind: "closure" | "holiday"; point: { slug: string; organisationId: string } | null },
) {
  if (scope.kind === "holiday" || !scope.point) assertAdmin(context);
  if (scope.point) assertCanUsePoint(context, scope.point);
}

export const closureRoutes: FastifyPluginAsyncZod = async (app) => {
  const prisma = app.db.prisma;

  /**
   * Cancels the upcoming bookings inside a new closure, in its transaction, each with the
   * clients' notice (by: closure, with the text staff wrote). Bookings already under way
   * (checked in, or started) stay, listed as affected.
   */
  async function cancelInside(
    tx: Prisma.TransactionClient,
    closure: ClosureRow,
    visiblePointIds: string[] | null,
    event: { now: Date; staffUserId: string; reason: string; message: string },
  ): Promise<BookingRow[]> {
    const organisationId = closure.organisationId ?? closure.servicePoint?.organisationId ?? "";
    const candidates = await tx.booking.findMany({
      where: {
        status: "BOOKED",
        startsAt: { lt: closure.endsAt, gt: event.now },
        endsAt: { gt: closure.startsAt },
        servicePoint: { organisationId },
        ...(closure.servicePointId ? { servicePointId: closure.servicePointId } : {}),
        ...(closure.serviceId ? { serviceId: closure.serviceId } : {}),
        ...(visiblePointIds ? { servicePointId: { in: visiblePointIds } } : {}),
      },
      select: { id: true },
      orderBy: { startsAt: "asc" },
    });
    const cancelled: BookingRow[] = [];
    for (const { id } of candidates) {
      // The client may be cancelling or moving it at this instant: the lock decides.
      const [current] = await tx.$queryRaw<{ status: string }[]>`
        SELECT status FROM "Booking" WHERE id = ${id}::uuid FOR UPDATE`;
      if (current?.status !== "BOOKED") continue;
      const row = await tx.booking.findUniqueOrThrow({ where: { id }, include: bookingInclude });
      if (row.startsAt.getTime() <= event.now.getTime()) continue;
      await placesOnStatusChange(tx, row, "booked", "cancelled_by_staff");
      const updated = await tx.booking.update({
        where: { id },
        data: {
          status: "CANCELLED_BY_STAFF",
          history: {
            create: {
              fromStatus: "BOOKED",
              toStatus: "CANCELLED_BY_STAFF",
              staffUserId: event.staffUserId,
              reason: event.reason,
              details: { closure: closure.id },
            },
          },
        },
        include: bookingInclude,
      });
      await app.webhooks.onBookingEvent(tx, "booking.cancelled", updated);
      await cancellationMessages(tx, app.outbox, updated, {
        now: event.now,
        by: "closure",
        message: event.message,
      });
      cancelled.push(updated);
    }
    return cancelled;
  }

  async function zoneOf(organisationId: string): Promise<string> {
    const organisation = await prisma.organisation.findUniqueOrThrow({
      where: { id: organisationId },
      select: { timezone: true },
    });
    return organisation.timezone;
  }

  async function visiblePoints(context: StaffContext): Promise<string[] | null> {
    if (context.user.role === "ADMIN") return null;
    const points = await prisma.servicePoint.findMany({
      where: {
        organisationId: context.user.organisationId,
        slug: { in: context.user.servicePoints },
      },
      select: { id: true },
    });
    return points.map((point) => point.id);
  }

  async function toClosure(
    row: ClosureRow,
    organisationId: string,
    visiblePointIds: string[] | null,
    zone: string,
    language: "lv" | "ru" | "en",
  ) {
    return {
      id: row.id,
      kind: row.kind === "HOLIDAY" ? ("holiday" as const) : ("closure" as const),
      servicePoint: row.servicePoint?.slug ?? null,
      service: row.service?.slug ?? null,
      start: localIso(row.startsAt, zone),
      end: localIso(row.endsAt, zone),
      reason: row.reason === null ? null : localise(row.reason, language),
      createdAt: row.createdAt.toISOString(),
      affected: await affectedBookings(
        prisma,
        {
          organisationId,
          servicePointId: row.servicePointId,
          serviceId: row.serviceId,
          startsAt: row.startsAt,
          endsAt: row.endsAt,
        },
        visiblePointIds,
        zone,
        language,
      ),
    };
  }

  app.get(
    "/staff/closures",
    {
      config: { staff: { role: "staff", point: "query.servicePoint" } },
      schema: {
        tags,
        summary: "Closures and one-off holidays, with the booked clients inside each",
        operationId: "staffListClosures",
        querystring: ZClosureListRequestSchema,
        response: { 200: z.array(ZClosure), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const context = request.staff;
      const { from, to } = request.query;
      const organisationId = context.user.organisationId;
      const point = request.staffPoint;
      // Without a point named: an administrator reads every point, reception its own.
      const readPointIds = point ? [point.id] : await visiblePoints(context);
      const zone = point?.organisation.timezone ?? (await zoneOf(organisationId));
      const fromAt = from ? DateTime.fromISO(from, { zone }).toJSDate() : undefined;
      const toAt = to ? DateTime.fromISO(to, { zone }).plus({ days: 1 }).toJSDate() : undefined;
      const rows = await prisma.closure.findMany({
        where: {
          ...(toAt ? { startsAt: { lt: toAt } } : {}),
          endsAt: { gt: fromAt ?? app.now() },
          OR: readPointIds
            ? [{ organisationId }, { servicePointId: { in: readPointIds } }]
            : [{ organisationId }, { servicePoint: { organisationId } }],
        },
        include: closureInclude,
        orderBy: { startsAt: "asc" },
        take: 500,
      });
      // An organisation-wide closure is listed for everyone, its clients only at the points read.
      const closures = [];
      for (const row of rows) {
        closures.push(await toClosure(row, organisationId, readPointIds, zone, request.language));
      }
      await auditStaff(
        prisma,
        request,
        context,
        "closures.view",
        { type: "Closure", id: point?.id ?? organisationId },
        { affected: closures.reduce((sum, closure) => sum + closure.affected.length, 0) },
      );
      reply.header("cache-control", "no-store");
      return closures;
    },
  );

  app.post(
    "/staff/closures",
    {
      config: { staff: { role: "staff", point: "body.servicePoint" } },
      schema: {
        tags,
        summary: "Close a slot, an afternoon, days or the whole organisation",
        description:
          "Nothing can be booked inside it from now on. With `bookings: keep` (the default) " +
          "existing bookings are kept and the answer lists them with the clients' phones " +
          "so staff can call them. With `bookings: cancel` the upcoming bookings inside " +
          "(at the points the caller works at) are cancelled in the same transaction and " +
          "each client is sent a cancellation notice with `message`; the answer lists them " +
          "in `cancelled`, with their phones.",
        operationId: "staffCreateClosure",
        body: ZCreateClosureRequestSchema,
        response: { 201: ZClosure, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const context = request.staff;
      const body = request.body;
      const point = request.staffPoint;
      assertMayClose(context, { kind: body.kind, point });
      let serviceId: string | null = null;
      if (body.service && point) {
        const service = await prisma.service.findUnique({
          where: { servicePointId_slug: { servicePointId: point.id, slug: body.service } },
        });
        if (!service)
          throw new AppError("SERVICE_NOT_FOUND", `There is no service "${body.service}".`);
        serviceId = service.id;
      }
      const now = app.now();
      // Reception closes only their own points; an administrator sees the whole organisation.
      const visiblePointIds = await visiblePoints(context);
      const { row, cancelled } = await prisma.$transaction(
        async (tx) => {
          const row = await tx.closure.create({
            data: {
              kind: body.kind === "holiday" ? "HOLIDAY" : "CLOSURE",
              organisationId: point ? null : context.user.organisationId,
              servicePointId: point?.id ?? null,
              serviceId,
              startsAt: new Date(body.start),
              endsAt: new Date(body.end),
              reason: { lv: body.reason, ru: body.reason, en: body.reason },
              createdById: context.user.id,
            },
            include: closureInclude,
          });
          // The closure and its webhook deliveries commit together.
          await app.webhooks.emit(tx, context.user.organisationId, "closure.created", {
            id: row.id,
            kind: row.kind === "HOLIDAY" ? "holiday" : "closure",
            servicePoint: point?.slug ?? null,
            service: body.service ?? null,
            start: row.startsAt.toISOString(),
            end: row.endsAt.toISOString(),
            reason: body.reason,
          });
          const cancelled =
            body.bookings === "cancel"
              ? await cancelInside(tx, row, visiblePointIds, {
                  now,
                  staffUserId: context.user.id,
                  reason: body.reason,
                  message: body.message ?? body.reason,
                })
              : [];
          return { row, cancelled };
        },
        { maxWait: 20_000, timeout: 60_000 },
      );
      if (cancelled.length) app.outbox.nudge();
      const zone = point?.organisation.timezone ?? (await zoneOf(context.user.organisationId));
      const closure = await toClosure(
        row,
        context.user.organisationId,
        visiblePointIds,
        zone,
        request.language,
      );
      await auditStaff(
        prisma,
        request,
        context,
        "closure.create",
        { type: "Closure", id: row.id },
        {
          start: closure.start,
          end: closure.end,
          affected: closure.affected.length,
          bookings: body.bookings,
          cancelled: cancelled.map((booking) => booking.reference),
        },
      );
      return reply.code(201).send({
        ...closure,
        ...(body.bookings === "cancel"
          ? { cancelled: cancelled.map((booking) => toAffected(booking, zone, request.language)) }
          : {}),
      });
    },
  );

  app.delete(
    "/staff/closures/:id",
    {
      config: { staff: { role: "staff" } },
      schema: {
        tags,
        summary: "Reopen: remove a closure",
        operationId: "staffDeleteClosure",
        params: z.object({ id: z.uuid() }),
        response: { 204: z.undefined(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const context = request.staff;
      const row = await prisma.closure.findUnique({
        where: { id: request.params.id },
        include: closureInclude,
      });
      const organisationId = row?.organisationId ?? row?.servicePoint?.organisationId;
      if (!row || organisationId !== context.user.organisationId) {
        throw new AppError("NOT_FOUND", "There is no such closure.");
      }
      const point = row.servicePoint
        ? { slug: row.servicePoint.slug, organisationId: row.servicePoint.organisationId }
        : null;
      assertMayClose(context, { kind: row.kind === "HOLIDAY" ? "holiday" : "closure", point });
      await prisma.closure.delete({ where: { id: row.id } });
      await auditStaff(prisma, request, context, "closure.delete", {
        type: "Closure",
        id: row.id,
      });
      return reply.code(204).send();
    },
  );
};
