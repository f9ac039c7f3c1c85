import {
  type AdminService,
  type AdminServicePoint,
  AppError,
  type Schedule,
  ZAdminService,
  ZAdminServicePoint,
  ZCreateServicePointRequestSchema,
  ZCreateServiceRequestSchema,
  ZSaveScheduleRequestSchema,
  ZSchedule,
  ZSlug,
  ZUpdateServicePointRequestSchema,
  ZUpdateServiceRequestSchema,
} from "@pieraksts/contracts";
import { Prisma } from "@pieraksts/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { problemResponses } from "../../lib/problem.ts";
import {
  assertAdmin,
  auditStaff,
  pointForStaff,
  staffSecurity as security,
  adminTags as tags,
} from "./access.ts";

type PointRow = Prisma.ServicePointGetPayload<{ include: { organisation: true } }>;
type ServiceRow = Prisma.ServiceGetPayload<{ include: { servicePoint: true } }>;
type ScheduleRow = Prisma.ScheduleGetPayload<{
  include: { intervals: true; service: true; servicePoint: true };
}>;

const asArray = <T>(value: Prisma.JsonValue): T[] => (Array.isArray(value) ? (value as T[]) : []);
const dateOnly = (value: Date | null) => (value ? value.toISOString().slice(0, 10) : null);
/** A nullable JSON column: null clears it, undefined leaves it. */
const jsonOrNull = (value: Prisma.InputJsonValue | null | undefined) =>
  value === null ? Prisma.DbNull : value;
const asDate = (value: string | null | undefined) =>
  value ? new Date(`${value}T00:00:00Z`) : value === null ? null : undefined;

function toPoint(row: PointRow): AdminServicePoint {
  return {
    slug: row.slug,
    organisation: row.organisation.slug,
    name: row.name as AdminServicePoint["name"],
    address: row.address,
    phones: asArray(row.phones),
    description: (row.description ?? null) as AdminServicePoint["description"],
    active: row.active,
    sortOrder: row.sortOrder,
  };
}

function toService(row: ServiceRow): AdminService {
  return {
    slug: row.slug,
    servicePoint: row.servicePoint.slug,
    name: row.name as AdminService["name"],
    description: (row.description ?? null) as AdminService["description"],
    slotMinutes: row.slotMinutes,
    capacityPerSlot: row.capacityPerSlot,
    staffOnlyCapacity: row.staffOnlyCapacity,
    dailyLimit: row.dailyLimit,
    minNoticeMinutes: row.minNoticeMinutes,
    maxAdvanceDays: row.maxAdvanceDays,
    maxActivePerPhone: row.maxActivePerPhone,
    maxBookingsPerAddressPerDay: row.maxBookingsPerAddressPerDay,
    maxBookingsPerAddressPerWeek: row.maxBookingsPerAddressPerWeek,
    requirements: asArray(row.requirements),
    questions: asArray(row.questions),
    eligibility: asArray(row.eligibility),
    active: row.active,
    sortOrder: row.sortOrder,
  };
}

function toSchedule(row: ScheduleRow): Schedule {
  return {
    id: row.id,
    servicePoint: row.servicePoint.slug,
    kind: row.kind === "REGULAR" ? "regular" : "seasonal",
    mode: row.mode === "REPLACE" ? "replace" : "add",
    service: row.service?.slug ?? null,
    validFrom: dateOnly(row.validFrom),
    validTo: dateOnly(row.validTo),
    name: (row.name ?? null) as Schedule["name"],
    intervals: [...row.intervals]
      .sort((a, b) => a.weekday - b.weekday || a.startTime.localeCompare(b.startTime))
      .map((i) => ({ weekday: i.weekday, start: i.startTime, end: i.endTime })),
  };
}

/** Prisma's unique-constraint error, as a 409 the client can act on. */
function conflictOnDuplicate(error: unknown, message: string): never {
  if ((error as { code?: string })?.code === "P2002") throw new AppError("CONFLICT", message);
  throw error;
}

const pointParams = z.object({ servicePoint: ZSlug });
const serviceParams = z.object({ servicePoint: ZSlug, service: ZSlug });
const scheduleParams = z.object({ id: z.uuid() });

/**
 * Service points, services and opening hours. Reading is for staff of the point;
 * changing is for administrators of its organisation. Public availability reads the
 * same rows, so every change applies at once.
 */
export const adminCatalogRoutes: FastifyPluginAsyncZod = async (app) => {
  const prisma = app.db.prisma;

  app.get(
    "/staff/service-points",
    {
      schema: {
        tags,
        summary: "The service points this staff member works at (all, for an admin)",
        operationId: "staffListServicePoints",
        security,
        response: { 200: z.array(ZAdminServicePoint), ...problemResponses(401) },
      },
    },
    async (request) => {
      const context = await app.staffSessions.require(request);
      const rows = await prisma.servicePoint.findMany({
        where: {
          organisationId: context.user.organisationId,
          ...(context.user.role === "ADMIN"
            ? {}
            : { slug: { in: context.user.servicePoints }, active: true }),
        },
        include: { organisation: true },
        orderBy: [{ sortOrder: "asc" }, { slug: "asc" }],
      });
      return rows.map(toPoint);
    },
  );

  app.post(
    "/staff/service-points",
    {
      schema: {
        tags,
        summary: "Add a service point",
        operationId: "adminCreateServicePoint",
        security,
        body: ZCreateServicePointRequestSchema,
        response: { 201: ZAdminServicePoint, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const context = await app.staffSessions.require(request, { csrf: true });
      assertAdmin(context);
      const { phones, description, ...rest } = request.body;
      const row = await prisma.servicePoint
        .create({
          data: {
            ...rest,
            phones: phones as Prisma.InputJsonValue,
            description: description ?? undefined,
            organisationId: context.user.organisationId,
          },
          include: { organisation: true },
        })
        .catch((error) =>
          conflictOnDuplicate(error, `The slug "${request.body.slug}" is already used.`),
        );
      await auditStaff(prisma, request, context, "servicePoint.create", {
        type: "ServicePoint",
        id: row.id,
      });
      return reply.code(201).send(toPoint(row));
    },
  );

  app.patch(
    "/staff/service-points/:servicePoint",
    {
      schema: {
        tags,
        summary: "Change a service point (active: false hides it from the public)",
        operationId: "adminUpdateServicePoint",
        security,
        params: pointParams,
        body: ZUpdateServicePointRequestSchema,
        response: { 200: ZAdminServicePoint, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const context = await app.staffSessions.require(request, { csrf: true });
      assertAdmin(context);
      const point = await pointForStaff(prisma, context, request.params.servicePoint);
      const { phones, description, ...rest } = request.body;
      const row = await prisma.servicePoint.update({
        where: { id: point.id },
        data: {
          ...rest,
          ...(phones ? { phones: phones as Prisma.InputJsonValue } : {}),
          description: jsonOrNull(description),
        },
        include: { organisation: true },
      });
      await auditStaff(
        prisma,
        request,
        context,
        "servicePoint.update",
        { type: "ServicePoint", id: row.id },
        { fields: Object.keys(request.body) },
      );
      return toPoint(row);
    },
  );

  app.get(
    "/staff/service-points/:servicePoint/services",
    {
      schema: {
        tags,
        summary: "A point's services with all their settings",
        operationId: "staffListServices",
        security,
        params: pointParams,
        response: { 200: z.array(ZAdminService), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const context = await app.staffSessions.require(request);
      const point = await pointForStaff(prisma, context, request.params.servicePoint);
      const rows = await prisma.service.findMany({
        where: { servicePointId: point.id },
        include: { servicePoint: true },
        orderBy: [{ sortOrder: "asc" }, { slug: "asc" }],
      });
      return rows.map(toService);
    },
  );

  app.post(
    "/staff/service-points/:servicePoint/services",
    {
      schema: {
        tags,
        summary: "Add a service to a point",
        operationId: "adminCreateService",
        security,
        params: pointParams,
        body: ZCreateServiceRequestSchema,
        response: { 201: ZAdminService, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const context = await app.staffSessions.require(request, { csrf: true });
      assertAdmin(context);
      const point = await pointForStaff(prisma, context, request.params.servicePoint);
      const { description, requirements, questions, eligibility, ...rest } = request.body;
      const row = await prisma.service
        .create({
          data: {
            ...rest,
            description: description ?? undefined,
            requirements,
            questions,
            eligibility,
            servicePointId: point.id,
          },
          include: { servicePoint: true },
        })
        .catch((error) =>
          conflictOnDuplicate(error, `The point already has a service "${request.body.slug}".`),
        );
      await auditStaff(prisma, request, context, "service.create", {
        type: "Service",
        id: row.id,
      });
      return reply.code(201).send(toService(row));
    },
  );

  app.patch(
    "/staff/service-points/:servicePoint/services/:service",
    {
      schema: {
        tags,
        summary: "Change a service's settings; availability follows at once",
        description:
          "Bookings already made keep their place; a smaller capacity or limit applies to " +
          "new bookings.",
        operationId: "adminUpdateService",
        security,
        params: serviceParams,
        body: ZUpdateServiceRequestSchema,
        response: { 200: ZAdminService, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const context = await app.staffSessions.require(request, { csrf: true });
      assertAdmin(context);
      const point = await pointForStaff(prisma, context, request.params.servicePoint);
      const current = await prisma.service.findUnique({
        where: {
          servicePointId_slug: { servicePointId: point.id, slug: request.params.service },
        },
      });
      if (!current) {
        throw new AppError("SERVICE_NOT_FOUND", `There is no service "${request.params.service}".`);
      }
      const { description, ...rest } = request.body;
      const row = await prisma.$transaction(async (tx) => {
        // The pair is checked against the stored row, locked so that two PATCHes naming
        // one each cannot together leave more places for staff than in the slot.
        const [stored] = await tx.$queryRaw<{ capacityPerSlot: number; staffOnly: number }[]>`
          SELECT "capacityPerSlot", "staffOnlyCapacity" AS "staffOnly" FROM "Service"
          WHERE id = ${current.id}::uuid FOR UPDATE`;
        const capacity = request.body.capacityPerSlot ?? stored?.capacityPerSlot ?? 0;
        const staffOnly = request.body.staffOnlyCapacity ?? stored?.staffOnly ?? 0;
        if (staffOnly > capacity) {
          const field =
            request.body.staffOnlyCapacity === undefined ? "capacityPerSlot" : "staffOnlyCapacity";
          throw new AppError("VALIDATION_FAILED", "More places for staff than in the slot.", [
            {
              field: `body.${field}`,
              message:
                field === "staffOnlyCapacity"
                  ? `must not be more than capacityPerSlot (${capacity})`
                  : `must not be less than staffOnlyCapacity (${staffOnly})`,
            },
          ]);
        }
        return tx.service.update({
          where: { id: current.id },
          data: { ...rest, description: jsonOrNull(description) },
          include: { servicePoint: true },
        });
      });
      await auditStaff(
        prisma,
        request,
        context,
        "service.update",
        { type: "Service", id: row.id },
        { fields: Object.keys(request.body) },
      );
      return toService(row);
    },
  );

  const scheduleInclude = { intervals: true, service: true, servicePoint: true } as const;

  /** The schedule's service id, checked to belong to the point. */
  async function serviceIdOf(pointId: string, slug: string | null): Promise<string | null> {
    if (!slug) return null;
    const service = await prisma.service.findUnique({
      where: { servicePointId_slug: { servicePointId: pointId, slug } },
    });
    if (!service) throw new AppError("SERVICE_NOT_FOUND", `There is no service "${slug}".`);
    return service.id;
  }

  function scheduleData(
    body: z.infer<typeof ZSaveScheduleRequestSchema>,
    serviceId: string | null,
  ) {
    const regular = body.kind === "regular";
    return {
      kind: regular ? ("REGULAR" as const) : ("SEASONAL" as const),
      mode: regular || body.mode === "replace" ? ("REPLACE" as const) : ("ADD" as const),
      serviceId,
      validFrom: regular ? null : asDate(body.validFrom),
      validTo: regular ? null : asDate(body.validTo),
      name: jsonOrNull(body.name),
    };
  }

  const intervalRows = (body: z.infer<typeof ZSaveScheduleRequestSchema>) =>
    body.intervals.map((i) => ({ weekday: i.weekday, startTime: i.start, endTime: i.end }));

  app.get(
    "/staff/service-points/:servicePoint/schedules",
    {
      schema: {
        tags,
        summary: "A point's weekly hours and seasonal schedules",
        operationId: "staffListSchedules",
        security,
        params: pointParams,
        response: { 200: z.array(ZSchedule), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const context = await app.staffSessions.require(request);
      const point = await pointForStaff(prisma, context, request.params.servicePoint);
      const rows = await prisma.schedule.findMany({
        where: { servicePointId: point.id },
        include: scheduleInclude,
        orderBy: [{ kind: "asc" }, { validFrom: "asc" }, { createdAt: "asc" }],
      });
      return rows.map(toSchedule);
    },
  );

  app.post(
    "/staff/service-points/:servicePoint/schedules",
    {
      schema: {
        tags,
        summary: "Add weekly hours or a seasonal schedule",
        operationId: "adminCreateSchedule",
        security,
        params: pointParams,
        body: ZSaveScheduleRequestSchema,
        response: { 201: ZSchedule, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const context = await app.staffSessions.require(request, { csrf: true });
      assertAdmin(context);
      const point = await pointForStaff(prisma, context, request.params.servicePoint);
      const serviceId = await serviceIdOf(point.id, request.body.service);
      const row = await prisma.schedule.create({
        data: {
          ...scheduleData(request.body, serviceId),
          servicePointId: point.id,
          intervals: { create: intervalRows(request.body) },
        },
        include: scheduleInclude,
      });
      await auditStaff(prisma, request, context, "schedule.create", {
        type: "Schedule",
        id: row.id,
      });
      return reply.code(201).send(toSchedule(row));
    },
  );

  /** The schedule, if it belongs to a point of the admin's organisation. */
  async function scheduleForAdmin(
    context: Parameters<typeof assertAdmin>[0],
    id: string,
  ): Promise<ScheduleRow> {
    assertAdmin(context);
    const row = await prisma.schedule.findUnique({ where: { id }, include: scheduleInclude });
    if (!row || row.servicePoint.organisationId !== context.user.organisationId) {
      throw new AppError("NOT_FOUND", "There is no such schedule.");
    }
    return row;
  }

  app.put(
    "/staff/schedules/:id",
    {
      schema: {
        tags,
        summary: "Replace a schedule (its dates and all its intervals)",
        operationId: "adminReplaceSchedule",
        security,
        params: scheduleParams,
        body: ZSaveScheduleRequestSchema,
        response: { 200: ZSchedule, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const context = await app.staffSessions.require(request, { csrf: true });
      const current = await scheduleForAdmin(context, request.params.id);
      const serviceId = await serviceIdOf(current.servicePointId, request.body.service);
      const row = await prisma.$transaction(async (tx) => {
        await tx.scheduleInterval.deleteMany({ where: { scheduleId: current.id } });
        return tx.schedule.update({
          where: { id: current.id },
          data: {
            ...scheduleData(request.body, serviceId),
            intervals: { create: intervalRows(request.body) },
          },
          include: scheduleInclude,
        });
      });
      await auditStaff(
        prisma,
        request,
        context,
        "schedule.update",
        { type: "Schedule", id: row.id },
        { before: toSchedule(current).intervals, after: toSchedule(row).intervals },
      );
      return toSchedule(row);
    },
  );

  app.delete(
    "/staff/schedules/:id",
    {
      schema: {
        tags,
        summary: "Remove a schedule",
        operationId: "adminDeleteSchedule",
        security,
        params: scheduleParams,
        response: { 204: z.undefined(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const context = await app.staffSessions.require(request, { csrf: true });
      const current = await scheduleForAdmin(context, request.params.id);
      await prisma.schedule.delete({ where: { id: current.id } });
      await auditStaff(
        prisma,
        request,
        context,
        "schedule.delete",
        { type: "Schedule", id: current.id },
        { schedule: toSchedule(current) },
      );
      return reply.code(204).send();
    },
  );
};
