import {
  ZAdminServicePoint,
  ZCreateServicePointRequestSchema,
  ZUpdateServicePointRequestSchema,
} from "@pieraksts/contracts";
import type { Prisma } from "@pieraksts/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { problemResponses } from "../../lib/problem.ts";
import { auditStaff, staffPointOf, adminTags as tags } from "./access.ts";
import { conflictOnDuplicate, jsonOrNull, pointParams, toPoint } from "./catalog-rows.ts";

/**
 * Service points: reading is for staff of the point, changing for administrators of its
 * organisation. Public availability reads the same rows, so every change applies at once.
 */
export const servicePointRoutes: FastifyPluginAsyncZod = async (app) => {
  const prisma = app.db.prisma;
  app.get(
    "/staff/service-points",
    {
      config: { staff: { role: "staff" } },
      schema: {
        tags,
        summary: "The service points this staff member works at (all, for an admin)",
        operationId: "staffListServicePoints",
        response: { 200: z.array(ZAdminServicePoint), ...problemResponses(401) },
      },
    },
    async (request) => {
      const context = request.staff;
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
      config: { staff: { role: "admin" } },
      schema: {
        tags,
        summary: "Add a service point",
        operationId: "adminCreateServicePoint",
        body: ZCreateServicePointRequestSchema,
        response: { 201: ZAdminServicePoint, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const context = request.staff;
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
      config: { staff: { role: "admin", point: "params.servicePoint" } },
      schema: {
        tags,
        summary: "Change a service point (active: false hides it from the public)",
        operationId: "adminUpdateServicePoint",
        params: pointParams,
        body: ZUpdateServicePointRequestSchema,
        response: { 200: ZAdminServicePoint, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const context = request.staff;
      const point = staffPointOf(request);
      const { phones, description, ...rest } = request.body;
      const current = await prisma.servicePoint.findUniqueOrThrow({
        where: { id: point.id },
        select: { placeholders: true },
      });
      // A value saved by an administrator is no longer the seed's stand-in.
      const placeholders = current.placeholders.filter(
        (field) => !(field === "address" && rest.address) && !(field === "phones" && phones),
      );
      const row = await prisma.servicePoint.update({
        where: { id: point.id },
        data: {
          ...rest,
          ...(phones ? { phones: phones as Prisma.InputJsonValue } : {}),
          description: jsonOrNull(description),
          placeholders,
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
};
