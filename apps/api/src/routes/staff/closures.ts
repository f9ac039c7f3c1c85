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
import { problemResponses } from "../../lib/problem.ts";
import type { StaffContext } from "../../plugins/staff-session.ts";
import { localIso } from "../bookings/service.ts";
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
  return rows.map((row) => ({
    reference: row.reference,
    start: localIso(row.startsAt, zone),
    servicePoint: row.servicePoint.slug,
    service: row.service.slug,
    serviceName: localise(row.service.name, language),
    client: { name: row.clientName, phone: row.clientPhone },
  }));
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
          "Nothing can be booked inside it from now on. Existing bookings are kept: the " +
          "answer lists them with the clients' phones so staff can call them.",
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
      const row = await prisma.closure.create({
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
      const zone = point?.organisation.timezone ?? (await zoneOf(context.user.organisationId));
      // Reception closes only their own points; an administrator sees the whole organisation.
      const visiblePointIds = await visiblePoints(context);
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
        { start: closure.start, end: closure.end, affected: closure.affected.length },
      );
      return reply.code(201).send(closure);
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
