import {
  AppError,
  ZChangePasswordRequestSchema,
  ZStaffLoginRequestSchema,
  ZStaffMeResponseSchema,
  ZStaffSessionStateResponseSchema,
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

function me(context: StaffContext, configured: ReadonlySet<string>) {
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
    messaging: { email: configured.has("EMAIL"), sms: configured.has("SMS") },
  };
}

export const staffSessionRoutes: FastifyPluginAsyncZod = async (app) => {
  const prisma = app.db.prisma;
  const throttle = signInThrottle(app);

  app.post(
    "/staff/login",
    {
      config: { staff: { role: "public" } },
      schema: {
        tags,
        summary: "Sign in (staff)",
        description:
          "Sets the session cookie and returns the CSRF token. An account is an organisation " +
          "and an e-mail; a wrong password, an unknown e-mail and an unknown organisation get " +
          "the same answer. Failures slow further attempts from the same " +
          "address (per account and per address: 429 with a growing Retry-After), never " +
          "attempts from elsewhere.",
        operationId: "staffLogin",
        body: ZStaffLoginRequestSchema,
        response: { 200: ZStaffMeResponseSchema, ...problemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      // An account is (organisation, e-mail): the answer depends on that one account only,
      // never on accounts with the same e-mail elsewhere (decision 011).
      const { organisation } = request.body;
      const email = request.body.email.trim().toLowerCase();
      await throttle.beforeAttempt(reply, organisation, email, clientAddress(request));
      const candidate = await prisma.staffUser.findFirst({
        where: { email, active: true, organisation: { slug: organisation } },
      });
      // An unknown organisation or e-mail is checked against a decoy hash: same time, same answer.
      const ok = await verifyPassword(candidate?.passwordHash ?? null, request.body.password);
      const user = ok ? candidate : null;
      if (!user) {
        await throttle.failed(organisation, email, clientAddress(request));
        throw new AppError(
          "INVALID_CREDENTIALS",
          "The organisation, the e-mail or the password is wrong.",
        );
      }
      await throttle.succeeded(organisation, email, clientAddress(request));
      const context = await app.staffSessions.open(reply, user.id);
      await recordAudit(prisma, {
        organisationId: user.organisationId,
        actorId: user.id,
        action: "staff.login",
        entity: { type: "StaffUser", id: user.id },
        ip: requestAddress(request),
      });
      return me(context, app.outbox.configured);
    },
  );

  app.get(
    "/staff/me",
    {
      config: { staff: { role: "staff", allowDuringPasswordChange: true } },
      schema: {
        tags,
        summary: "The signed-in staff member and the CSRF token",
        operationId: "staffMe",
        response: { 200: ZStaffMeResponseSchema, ...problemResponses(401) },
      },
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return me(request.staff, app.outbox.configured);
    },
  );

  app.get(
    "/staff/session",
    {
      config: { staff: { role: "public", sessionIfAny: true, allowDuringPasswordChange: true } },
      schema: {
        tags,
        summary: "Whether this browser is signed in (never 401)",
        description:
          "For the SPA at start: the signed-in staff member and CSRF token, or null. " +
          "Unlike /staff/me it answers 200 when signed out, so that is not an error.",
        operationId: "staffSession",
        response: {
          200: ZStaffSessionStateResponseSchema,
        },
      },
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      // The access hook leaves request.staff unset when nobody is signed in.
      const context: StaffContext | null = request.staff;
      return { session: context ? me(context, app.outbox.configured) : null };
    },
  );

  app.post(
    "/staff/logout",
    {
      config: { staff: { role: "staff", allowDuringPasswordChange: true } },
      schema: {
        tags,
        summary: "Sign out: the session is revoked",
        operationId: "staffLogout",
        response: { 204: z.undefined(), ...problemResponses(401, 403) },
      },
    },
    async (request, reply) => {
      const context = request.staff;
      await app.staffSessions.close(reply, context);
      return reply.code(204).send();
    },
  );

  app.post(
    "/staff/password",
    {
      config: { staff: { role: "staff", allowDuringPasswordChange: true } },
      schema: {
        tags,
        summary: "Change your own password",
        description:
          "Needs the current password; the new one follows the same rules as at creation. " +
          "Every other session of the account ends; this one stays signed in. This is the " +
          "only request (besides /staff/me, /staff/session and sign-out) a session with a " +
          "temporary password may make.",
        operationId: "staffChangePassword",
        body: ZChangePasswordRequestSchema,
        response: { 200: ZStaffMeResponseSchema, ...problemResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const context = request.staff;
      const { currentPassword, newPassword } = request.body;
      // A stolen session must not become a way to guess the password: same throttle.
      const account = [context.user.organisation, context.user.email] as const;
      await throttle.beforeAttempt(reply, ...account, clientAddress(request));
      const user = await prisma.staffUser.findUniqueOrThrow({ where: { id: context.user.id } });
      if (!(await verifyPassword(user.passwordHash, currentPassword))) {
        await throttle.failed(...account, clientAddress(request));
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
      await throttle.succeeded(...account, clientAddress(request));
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
      return me(
        { ...context, user: { ...context.user, mustChangePassword: false } },
        app.outbox.configured,
      );
    },
  );
};
