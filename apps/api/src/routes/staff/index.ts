import { AppError, ZStaffLoginRequestSchema, ZStaffMeResponseSchema } from "@pieraksts/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { recordAudit } from "../../lib/audit.ts";
import { problemResponses } from "../../lib/problem.ts";
import type { StaffContext } from "../../plugins/staff-session.ts";
import { verifyPassword } from "./passwords.ts";

const tags = ["Staff"];
const FIFTEEN_MINUTES = 15 * 60_000;
const security = [{ staffSession: [] }];

function me(context: StaffContext) {
  return {
    user: {
      email: context.user.email,
      name: context.user.name,
      role: context.user.role.toLowerCase() as "admin" | "reception",
      organisation: context.user.organisation,
      servicePoints: context.user.role === "ADMIN" ? [] : context.user.servicePoints,
    },
    csrfToken: context.csrfToken,
    expiresAt: context.expiresAt.toISOString(),
  };
}

export const staffRoutes: FastifyPluginAsyncZod = async (app) => {
  const prisma = app.db.prisma;

  app.post(
    "/staff/login",
    {
      schema: {
        tags,
        summary: "Sign in (staff)",
        description:
          "Sets the session cookie and returns the CSRF token. A wrong password and an " +
          "unknown e-mail get the same answer; attempts are limited per account and per address.",
        operationId: "staffLogin",
        body: ZStaffLoginRequestSchema,
        response: { 200: ZStaffMeResponseSchema, ...problemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const email = request.body.email.trim().toLowerCase();
      // Every attempt counts per address; failures count per account, so guessing one
      // account stops after 5 wrong passwords in 15 minutes from any number of addresses.
      await app.rateLimiter.consume(reply, `login-ip:${request.ip}`, 20, FIFTEEN_MINUTES);
      await app.rateLimiter.check(reply, `login-account:${email}`, 5);
      const user = await prisma.staffUser.findUnique({ where: { email } });
      const ok = await verifyPassword(
        user?.active ? user.passwordHash : null,
        request.body.password,
      );
      if (!user || !ok) {
        await app.rateLimiter.countFailure(`login-account:${email}`, FIFTEEN_MINUTES);
        throw new AppError("INVALID_CREDENTIALS", "The e-mail or the password is wrong.");
      }
      const context = await app.staffSessions.open(reply, user.id);
      await recordAudit(prisma, {
        organisationId: user.organisationId,
        actorId: user.id,
        action: "staff.login",
        entity: { type: "StaffUser", id: user.id },
        ip: request.ip,
      });
      return me(context);
    },
  );

  app.get(
    "/staff/me",
    {
      schema: {
        tags,
        summary: "The signed-in staff member and the CSRF token",
        operationId: "staffMe",
        security,
        response: { 200: ZStaffMeResponseSchema, ...problemResponses(401) },
      },
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return me(await app.staffSessions.require(request));
    },
  );

  app.get(
    "/staff/session",
    {
      schema: {
        tags,
        summary: "Whether this browser is signed in (never 401)",
        description:
          "For the SPA at start: the signed-in staff member and CSRF token, or null. " +
          "Unlike /staff/me it answers 200 when signed out, so that is not an error.",
        operationId: "staffSession",
        response: {
          200: z
            .object({ session: ZStaffMeResponseSchema.nullable() })
            .meta({ id: "StaffSessionState" }),
        },
      },
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      try {
        return { session: me(await app.staffSessions.require(request)) };
      } catch (error) {
        if (error instanceof AppError && error.code === "UNAUTHORIZED") return { session: null };
        throw error;
      }
    },
  );

  app.post(
    "/staff/logout",
    {
      schema: {
        tags,
        summary: "Sign out: the session is revoked",
        operationId: "staffLogout",
        security,
        response: { 204: z.undefined(), ...problemResponses(401, 403) },
      },
    },
    async (request, reply) => {
      const context = await app.staffSessions.require(request, { csrf: true });
      await app.staffSessions.close(reply, context);
      return reply.code(204).send();
    },
  );
};
