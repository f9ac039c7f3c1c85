import {
  AppError,
  ZChangePasswordRequestSchema,
  ZStaffLoginRequestSchema,
  ZStaffMeResponseSchema,
} from "@pieraksts/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { recordAudit } from "../../lib/audit.ts";
import { clientAddress, requestAddress } from "../../lib/client-address.ts";
import { problemResponses } from "../../lib/problem.ts";
import type { StaffContext } from "../../plugins/staff-session.ts";
import { hashPassword, passwordProblems, verifyPassword } from "./passwords.ts";
import { signInThrottle } from "./sign-in-throttle.ts";

const tags = ["Staff"];
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
    mustChangePassword: context.user.mustChangePassword,
  };
}

export const staffRoutes: FastifyPluginAsyncZod = async (app) => {
  const prisma = app.db.prisma;
  const throttle = signInThrottle(app);

  app.post(
    "/staff/login",
    {
      schema: {
        tags,
        summary: "Sign in (staff)",
        description:
          "Sets the session cookie and returns the CSRF token. A wrong password and an " +
          "unknown e-mail get the same answer. Failures slow further attempts from the same " +
          "address (per account and per address: 429 with a growing Retry-After), never " +
          "attempts from elsewhere.",
        operationId: "staffLogin",
        body: ZStaffLoginRequestSchema,
        response: { 200: ZStaffMeResponseSchema, ...problemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const email = request.body.email.trim().toLowerCase();
      await throttle.beforeAttempt(reply, email, clientAddress(request));
      const candidates = await prisma.staffUser.findMany({
        where: {
          email,
          active: true,
          ...(request.body.organisation
            ? { organisation: { slug: request.body.organisation } }
            : {}),
        },
      });
      // One hash is checked for an unknown e-mail too (a decoy), so both take as long.
      const matching = [];
      for (const candidate of candidates.length ? candidates : [null]) {
        const ok = await verifyPassword(candidate?.passwordHash ?? null, request.body.password);
        if (candidate && ok) matching.push(candidate);
      }
      const user = matching[0];
      if (!user) {
        await throttle.failed(email, clientAddress(request));
        throw new AppError("INVALID_CREDENTIALS", "The e-mail or the password is wrong.");
      }
      if (matching.length > 1) {
        // Only someone who knows the password of each account gets here.
        throw new AppError("VALIDATION_FAILED", "Choose the organisation to sign in to.", [
          { field: "organisation", message: "is needed for this e-mail" },
        ]);
      }
      await throttle.succeeded(email, clientAddress(request));
      const context = await app.staffSessions.open(reply, user.id);
      await recordAudit(prisma, {
        organisationId: user.organisationId,
        actorId: user.id,
        action: "staff.login",
        entity: { type: "StaffUser", id: user.id },
        ip: requestAddress(request),
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
      return me(await app.staffSessions.require(request, { passwordChangePending: true }));
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
        return {
          session: me(await app.staffSessions.require(request, { passwordChangePending: true })),
        };
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
      const context = await app.staffSessions.require(request, {
        csrf: true,
        passwordChangePending: true,
      });
      await app.staffSessions.close(reply, context);
      return reply.code(204).send();
    },
  );

  app.post(
    "/staff/password",
    {
      schema: {
        tags,
        summary: "Change your own password",
        description:
          "Needs the current password; the new one follows the same rules as at creation. " +
          "Every other session of the account ends; this one stays signed in. This is the " +
          "only request (besides /staff/me, /staff/session and sign-out) a session with a " +
          "temporary password may make.",
        operationId: "staffChangePassword",
        security,
        body: ZChangePasswordRequestSchema,
        response: { 200: ZStaffMeResponseSchema, ...problemResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const context = await app.staffSessions.require(request, {
        csrf: true,
        passwordChangePending: true,
      });
      const { currentPassword, newPassword } = request.body;
      // A stolen session must not become a way to guess the password: same throttle.
      await throttle.beforeAttempt(reply, context.user.email, clientAddress(request));
      const user = await prisma.staffUser.findUniqueOrThrow({ where: { id: context.user.id } });
      if (!(await verifyPassword(user.passwordHash, currentPassword))) {
        await throttle.failed(context.user.email, clientAddress(request));
        throw new AppError("VALIDATION_FAILED", "The current password is wrong.", [
          { field: "currentPassword", message: "is wrong" },
        ]);
      }
      const problems = passwordProblems(newPassword, user.email).map((problem) => ({
        ...problem,
        field: "newPassword",
      }));
      if (newPassword === currentPassword) {
        problems.push({ field: "newPassword", message: "must differ from the current one" });
      }
      if (problems.length) {
        throw new AppError("VALIDATION_FAILED", "The new password is not allowed.", problems);
      }
      await throttle.succeeded(context.user.email, clientAddress(request));
      await prisma.staffUser.update({
        where: { id: user.id },
        data: { passwordHash: await hashPassword(newPassword), mustChangePassword: false },
      });
      await app.staffSessions.revokeOthers(user.id, context.sessionId);
      await recordAudit(prisma, {
        organisationId: user.organisationId,
        actorId: user.id,
        action: "staff.password.change",
        entity: { type: "StaffUser", id: user.id },
        ip: requestAddress(request),
        details: { wasTemporary: user.mustChangePassword },
      });
      return me({ ...context, user: { ...context.user, mustChangePassword: false } });
    },
  );
};
