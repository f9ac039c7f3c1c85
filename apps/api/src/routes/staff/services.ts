import {
  AppError,
  ZAdminService,
  ZCreateServiceRequestSchema,
  ZUpdateServiceRequestSchema,
} from "@pieraksts/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { problemResponses } from "../../lib/problem.ts";
import { auditStaff, staffPointOf, adminTags as tags } from "./access.ts";
import {
  conflictOnDuplicate,
  jsonOrNull,
  pointParams,
  serviceParams,
  toService,
} from "./catalog-rows.ts";

/** A point's services and their settings; availability follows every change at once. */
export const serviceRoutes: FastifyPluginAsyncZod = async (app) => {
  const prisma = app.db.prisma;

  app.get(
    "/staff/service-points/:servicePoint/services",
    {
      config: { staff: { role: "staff", point: "params.servicePoint" } },
      schema: {
        tags,
        summary: "A point's services with all their settings",
        operationId: "staffListServices",
        params: pointParams,
        response: { 200: z.array(ZAdminService), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const point = staffPointOf(request);
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
      config: { staff: { role: "admin", point: "params.servicePoint" } },
      schema: {
        tags,
        summary: "Add a service to a point",
        operationId: "adminCreateService",
        params: pointParams,
        body: ZCreateServiceRequestSchema,
        response: { 201: ZAdminService, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const context = request.staff;
      const point = staffPointOf(request);
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
      config: { staff: { role: "admin", point: "params.servicePoint" } },
      schema: {
        tags,
        summary: "Change a service's settings; availability follows at once",
        description:
          "Bookings already made keep their place; a smaller capacity or limit applies to " +
          "new bookings.",
        operationId: "adminUpdateService",
        params: serviceParams,
        body: ZUpdateServiceRequestSchema,
        response: { 200: ZAdminService, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const context = request.staff;
      const point = staffPointOf(request);
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
      // More places or hours may free some for the waiting list (decision 026).
      await app.waitlist.placesFreed(row.id);
      return toService(row);
    },
  );
};
