import { randomBytes } from "node:crypto";
import { AppError } from "@pieraksts/contracts";
import type { Prisma } from "@pieraksts/db";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { secretsEqual, sha256 } from "../lib/crypto.ts";

export const SESSION_COOKIE = "pieraksts_staff";
export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60_000;
/** lastSeenAt is written at most this often, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

const sessionInclude = {
  staffUser: {
    include: {
      organisation: { select: { slug: true } },
      assignments: { include: { servicePoint: { select: { slug: true } } } },
    },
  },
} as const;

export interface StaffContext {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  user: {
    id: string;
    email: string;
    name: string;
    role: "ADMIN" | "RECEPTION";
    organisationId: string;
    organisation: string;
    servicePoints: string[];
    mustChangePassword: boolean;
  };
}

declare module "fastify" {
  interface FastifyInstance {
    staffSessions: {
      /** Opens a session: a new random id (never reused from before the login). */
      open(reply: FastifyReply, staffUserId: string): Promise<StaffContext>;
      /**
       * The signed-in staff member, or 401. With `csrf` the request must also carry the
       * session's CSRF token in X-CSRF-Token (403 otherwise). While the user's password is
       * temporary, only `passwordChangePending` lets it through (403 otherwise). Routes do
       * not call this: the staff access hook does, from their config (routes/staff/access.ts).
       */
      require(
        request: FastifyRequest,
        options?: { csrf?: boolean; passwordChangePending?: boolean },
      ): Promise<StaffContext>;
      /** Ends every session of the user but `keep` (after a password change). */
      revokeOthers(staffUserId: string, keep: string | null): Promise<void>;
      close(reply: FastifyReply, context: StaffContext): Promise<void>;
    };
  }
}

type SessionRow = Prisma.StaffSessionGetPayload<{ include: typeof sessionInclude }>;

function toContext(session: SessionRow): StaffContext {
  const user = session.staffUser;
  return {
    sessionId: session.id,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt,
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      organisationId: user.organisationId,
      organisation: user.organisation.slug,
      servicePoints: user.assignments.map((assignment) => assignment.servicePoint.slug),
      mustChangePassword: user.mustChangePassword,
    },
  };
}

/**
 * Staff sessions live in the database, so every API process sees them and they can be
 * revoked: an opaque cookie (HttpOnly, SameSite=Strict, Secure unless turned off) whose
 * SHA-256 is the row id; idle timeout 30 minutes, absolute 12 hours; a disabled account's
 * sessions stop working at once.
 */
export const staffSessionPlugin = fp(async (app: FastifyInstance) => {
  const prisma = app.db.prisma;
  const cookieOptions = {
    httpOnly: true,
    sameSite: "strict" as const,
    secure: app.config.STAFF_COOKIE_SECURE,
    path: "/",
  };

  app.decorate("staffSessions", {
    async open(reply, staffUserId) {
      const token = randomBytes(32).toString("base64url");
      const csrfToken = randomBytes(32).toString("base64url");
      const now = app.now();
      const expiresAt = new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS);
      const session = await prisma.staffSession.create({
        data: {
          id: sha256(token),
          staffUserId,
          csrfToken,
          createdAt: now,
          lastSeenAt: now,
          expiresAt,
        },
        include: sessionInclude,
      });
      reply.setCookie(SESSION_COOKIE, token, {
        ...cookieOptions,
        maxAge: ABSOLUTE_TIMEOUT_MS / 1000,
      });
      return toContext(session);
    },

    async require(request, options = {}) {
      const token = request.cookies[SESSION_COOKIE];
      const session = token
        ? await prisma.staffSession.findUnique({
            where: { id: sha256(token) },
            include: sessionInclude,
          })
        : null;
      const now = app.now();
      if (
        !session ||
        session.revokedAt ||
        session.expiresAt <= now ||
        now.getTime() - session.lastSeenAt.getTime() > IDLE_TIMEOUT_MS ||
        !session.staffUser.active
      ) {
        throw new AppError("UNAUTHORIZED", "Please sign in.");
      }
      const sent = request.headers["x-csrf-token"];
      if (
        options.csrf &&
        !secretsEqual(typeof sent === "string" ? sent : undefined, session.csrfToken)
      ) {
        throw new AppError("CSRF_TOKEN_INVALID", "The X-CSRF-Token header is missing or wrong.");
      }
      if (session.staffUser.mustChangePassword && !options.passwordChangePending) {
        throw new AppError(
          "PASSWORD_CHANGE_REQUIRED",
          "Your password is temporary: change it before anything else.",
        );
      }
      if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
        await prisma.staffSession.update({ where: { id: session.id }, data: { lastSeenAt: now } });
      }
      return toContext(session);
    },

    async revokeOthers(staffUserId, keep) {
      await prisma.staffSession.updateMany({
        where: { staffUserId, revokedAt: null, ...(keep ? { id: { not: keep } } : {}) },
        data: { revokedAt: app.now() },
      });
    },

    async close(reply, context) {
      await prisma.staffSession.update({
        where: { id: context.sessionId },
        data: { revokedAt: app.now() },
      });
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
    },
  });
});
