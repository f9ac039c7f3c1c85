import {
  AppError,
  type StaffUser,
  ZCreateStaffUserRequestSchema,
  ZSetTemporaryPasswordRequestSchema,
  ZStaffUser,
  ZUpdateStaffUserRequestSchema,
} from "@pieraksts/contracts";
import type { Prisma } from "@pieraksts/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { problemResponses } from "../../lib/problem.ts";
import { auditStaff, adminTags as tags } from "./access.ts";
import { hashPassword, passwordProblems } from "./passwords.ts";
import { createStaffUser, pointsOfOrganisation } from "./users.ts";

const userInclude = { assignments: { include: { servicePoint: { select: { slug: true } } } } };
type UserRow = Prisma.StaffUserGetPayload<{ include: typeof userInclude }>;

function toUser(row: UserRow): StaffUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role === "ADMIN" ? "admin" : "reception",
    servicePoints: row.assignments.map((a) => a.servicePoint.slug).sort(),
    active: row.active,
    mustChangePassword: row.mustChangePassword,
  };
}

/** Staff accounts of the organisation: administrators add reception users and disable them. */
export const staffUserRoutes: FastifyPluginAsyncZod = async (app) => {
  const prisma = app.db.prisma;

  app.get(
    "/staff/users",
    {
      config: { staff: { role: "admin" } },
      schema: {
        tags,
        summary: "The organisation's staff accounts",
        operationId: "adminListStaffUsers",
        response: { 200: z.array(ZStaffUser), ...problemResponses(401, 403) },
      },
    },
    async (request) => {
      const context = request.staff;
      const rows = await prisma.staffUser.findMany({
        where: { organisationId: context.user.organisationId },
        include: userInclude,
        orderBy: { email: "asc" },
      });
      return rows.map(toUser);
    },
  );

  app.post(
    "/staff/users",
    {
      config: { staff: { role: "admin" } },
      schema: {
        tags,
        summary: "Add a staff account",
        operationId: "adminCreateStaffUser",
        body: ZCreateStaffUserRequestSchema,
        response: { 201: ZStaffUser, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const context = request.staff;
      const created = await createStaffUser(prisma, {
        ...request.body,
        organisation: context.user.organisation,
        role: request.body.role === "admin" ? "ADMIN" : "RECEPTION",
      });
      await auditStaff(prisma, request, context, "staffUser.create", {
        type: "StaffUser",
        id: created.id,
      });
      const row = await prisma.staffUser.findUniqueOrThrow({
        where: { id: created.id },
        include: userInclude,
      });
      return reply.code(201).send(toUser(row));
    },
  );

  app.patch(
    "/staff/users/:id",
    {
      config: { staff: { role: "admin" } },
      schema: {
        tags,
        summary: "Change a staff account's role, points or name; disable it",
        operationId: "adminUpdateStaffUser",
        params: z.object({ id: z.uuid() }),
        body: ZUpdateStaffUserRequestSchema,
        response: { 200: ZStaffUser, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const context = request.staff;
      const user = await prisma.staffUser.findUnique({ where: { id: request.params.id } });
      if (!user || user.organisationId !== context.user.organisationId) {
        throw new AppError("NOT_FOUND", "There is no such staff account.");
      }
      const { servicePoints, role, ...rest } = request.body;
      if (user.id === context.user.id && (rest.active === false || role === "reception")) {
        throw new AppError("CONFLICT", "You cannot disable or demote your own account.");
      }
      const points = servicePoints
        ? await pointsOfOrganisation(prisma, context.user.organisationId, servicePoints)
        : null;
      const row = await prisma.$transaction(async (tx) => {
        if (points) {
          await tx.staffAssignment.deleteMany({ where: { staffUserId: user.id } });
          await tx.staffAssignment.createMany({
            data: points.map((point) => ({ staffUserId: user.id, servicePointId: point.id })),
          });
        }
        if (rest.active === false || role !== undefined || points) {
          // New rights or none: the user signs in again.
          await tx.staffSession.updateMany({
            where: { staffUserId: user.id, revokedAt: null },
            data: { revokedAt: app.now() },
          });
        }
        return tx.staffUser.update({
          where: { id: user.id },
          data: {
            ...rest,
            ...(role
              ? { role: role === "admin" ? ("ADMIN" as const) : ("RECEPTION" as const) }
              : {}),
          },
          include: userInclude,
        });
      });
      await auditStaff(
        prisma,
        request,
        context,
        "staffUser.update",
        { type: "StaffUser", id: user.id },
        { fields: Object.keys(request.body) },
      );
      return toUser(row);
    },
  );

  app.post(
    "/staff/users/:id/temporary-password",
    {
      config: { staff: { role: "admin" } },
      schema: {
        tags,
        summary: "Set a temporary password that must be changed at the next sign-in",
        description:
          "For a user of your organisation who forgot theirs. Their sessions end; after " +
          "signing in with it they can do nothing but change it (403 PASSWORD_CHANGE_REQUIRED). " +
          "Tell them the password in person or by phone, not by e-mail.",
        operationId: "adminSetTemporaryPassword",
        params: z.object({ id: z.uuid() }),
        body: ZSetTemporaryPasswordRequestSchema,
        response: { 204: z.undefined(), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const context = request.staff;
      const user = await prisma.staffUser.findUnique({ where: { id: request.params.id } });
      if (!user || user.organisationId !== context.user.organisationId) {
        throw new AppError("NOT_FOUND", "There is no such staff account.");
      }
      if (user.id === context.user.id) {
        throw new AppError("CONFLICT", "Change your own password with your current one instead.");
      }
      const problems = passwordProblems(request.body.password, user.email);
      if (problems.length) {
        throw new AppError("VALIDATION_FAILED", "The password is not allowed.", problems);
      }
      const passwordHash = await hashPassword(request.body.password);
      await prisma.$transaction([
        prisma.staffUser.update({
          where: { id: user.id },
          data: { passwordHash, mustChangePassword: true },
        }),
        prisma.staffSession.updateMany({
          where: { staffUserId: user.id, revokedAt: null },
          data: { revokedAt: app.now() },
        }),
      ]);
      await auditStaff(prisma, request, context, "staffUser.password.temporary", {
        type: "StaffUser",
        id: user.id,
      });
      return reply.code(204).send();
    },
  );
};
