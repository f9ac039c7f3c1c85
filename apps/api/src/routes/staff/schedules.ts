import { AppError, ZSaveScheduleRequestSchema, ZSchedule } from "@pieraksts/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { problemResponses } from "../../lib/problem.ts";
import type { StaffContext } from "../../plugins/staff-session.ts";
import { auditStaff, staffPointOf, adminTags as tags } from "./access.ts";
import {
  asDate,
  jsonOrNull,
  pointParams,
  type ScheduleRow,
  scheduleParams,
  toSchedule,
} from "./catalog-rows.ts";

/** Weekly opening hours and seasonal schedules of a point. */
export const scheduleRoutes: FastifyPluginAsyncZod = async (app) => {
  const prisma = app.db.prisma;

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

  /** Saving the point's own week replaces the seed's stand-in hours. */
  async function hoursSet(pointId: string, body: z.infer<typeof ZSaveScheduleRequestSchema>) {
    if (body.kind !== "regular" || body.service) return;
    await prisma.$executeRaw`
      UPDATE "ServicePoint" SET placeholders = array_remove(placeholders, 'hours')
      WHERE id = ${pointId}::uuid AND 'hours' = ANY(placeholders)`;
  }

  const intervalRows = (body: z.infer<typeof ZSaveScheduleRequestSchema>) =>
    body.intervals.map((i) => ({ weekday: i.weekday, startTime: i.start, endTime: i.end }));

  app.get(
    "/staff/service-points/:servicePoint/schedules",
    {
      config: { staff: { role: "staff", point: "params.servicePoint" } },
      schema: {
        tags,
        summary: "A point's weekly hours and seasonal schedules",
        operationId: "staffListSchedules",
        params: pointParams,
        response: { 200: z.array(ZSchedule), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const point = staffPointOf(request);
      const rows = await prisma.schedule.findMany({
        where: { servicePointId: point.id },
        include: scheduleInclude,
        orderBy: [{ kind: "asc" }, { validFrom: "asc" }, { createdAt: "asc" }],
      });
      return rows.map(toSchedule);
    },
  );

  /** New hours may hold places the waiting lists of the point's services wait for. */
  async function offerAtPoint(servicePointId: string): Promise<void> {
    const services = await prisma.service.findMany({
      where: { servicePointId, waitlist: { some: { status: "WAITING" } } },
      select: { id: true },
    });
    for (const service of services) await app.waitlist.placesFreed(service.id);
  }

  app.post(
    "/staff/service-points/:servicePoint/schedules",
    {
      config: { staff: { role: "admin", point: "params.servicePoint" } },
      schema: {
        tags,
        summary: "Add weekly hours or a seasonal schedule",
        operationId: "adminCreateSchedule",
        params: pointParams,
        body: ZSaveScheduleRequestSchema,
        response: { 201: ZSchedule, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const context = request.staff;
      const point = staffPointOf(request);
      const serviceId = await serviceIdOf(point.id, request.body.service);
      const row = await prisma.schedule.create({
        data: {
          ...scheduleData(request.body, serviceId),
          servicePointId: point.id,
          intervals: { create: intervalRows(request.body) },
        },
        include: scheduleInclude,
      });
      await hoursSet(point.id, request.body);
      await auditStaff(prisma, request, context, "schedule.create", {
        type: "Schedule",
        id: row.id,
      });
      await offerAtPoint(point.id);
      return reply.code(201).send(toSchedule(row));
    },
  );

  /** The schedule, if it belongs to a point of the admin's organisation. */
  async function scheduleForAdmin(context: StaffContext, id: string): Promise<ScheduleRow> {
    const row = await prisma.schedule.findUnique({ where: { id }, include: scheduleInclude });
    if (!row || row.servicePoint.organisationId !== context.user.organisationId) {
      throw new AppError("NOT_FOUND", "There is no such schedule.");
    }
    return row;
  }

  app.put(
    "/staff/schedules/:id",
    {
      config: { staff: { role: "admin" } },
      schema: {
        tags,
        summary: "Replace a schedule (its dates and all its intervals)",
        operationId: "adminReplaceSchedule",
        params: scheduleParams,
        body: ZSaveScheduleRequestSchema,
        response: { 200: ZSchedule, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const context = request.staff;
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
      await hoursSet(current.servicePointId, request.body);
      await auditStaff(
        prisma,
        request,
        context,
        "schedule.update",
        { type: "Schedule", id: row.id },
        { before: toSchedule(current).intervals, after: toSchedule(row).intervals },
      );
      await offerAtPoint(current.servicePointId);
      return toSchedule(row);
    },
  );

  app.delete(
    "/staff/schedules/:id",
    {
      config: { staff: { role: "admin" } },
      schema: {
        tags,
        summary: "Remove a schedule",
        operationId: "adminDeleteSchedule",
        params: scheduleParams,
        response: { 204: z.undefined(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const context = request.staff;
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
