import { AppError } from "@pieraksts/contracts";
import type { Prisma, PrismaClient } from "@pieraksts/db";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { recordAudit } from "../../lib/audit.ts";
import { requestAddress } from "../../lib/client-address.ts";
import type { StaffContext } from "../../plugins/staff-session.ts";

export const staffTags = ["Staff"];
export const adminTags = ["Administration"];
export const staffSecurity = [{ staffSession: [] }];
/** A state-changing staff request sends the session's CSRF token with the cookie. */
export const staffWriteSecurity = [{ staffSession: [], csrfToken: [] }];

/** Where a request names the service point its data belongs to. */
export type PointSource = "params.servicePoint" | "query.servicePoint" | "body.servicePoint";

/**
 * Who may call a staff route, declared in its `config.staff` and enforced by one hook
 * (`staffAccessPlugin`) before the handler runs. Every route under it must declare one.
 */
export interface StaffAccess {
  /**
   * "public": no session (sign-in; `sessionIfAny` still reads one when present);
   * "staff": any signed-in staff member; "admin": administrators only.
   * A session route that is not GET or HEAD always needs the X-CSRF-Token header.
   */
  role: "public" | "staff" | "admin";
  /** Reads the session when there is one, without answering 401 when there is not. */
  sessionIfAny?: true;
  /** Answers while the password is temporary (otherwise 403 PASSWORD_CHANGE_REQUIRED). */
  allowDuringPasswordChange?: true;
  /**
   * The request names a service point the staff member must work at (404 if unknown,
   * 403 if not theirs); checked after validation, the point is in `request.staffPoint`.
   * When the field is optional and absent, `request.staffPoint` is null.
   */
  point?: PointSource;
}

export type StaffPoint = Awaited<ReturnType<typeof pointForStaff>>;

declare module "fastify" {
  interface FastifyContextConfig {
    staff?: StaffAccess;
  }
  interface FastifyRequest {
    /** The checked staff member; set on every staff route but the public ones. */
    staff: StaffContext;
    /** The point named by the route's `config.staff.point`, checked for this staff member. */
    staffPoint: StaffPoint | null;
  }
}

const safeMethods = new Set(["GET", "HEAD"]);

/**
 * Staff access as route configuration: the session, CSRF on every state-changing
 * request, the administrator role and the temporary-password rule are checked in
 * `onRequest`, before the body is parsed or any handler work; the service point, which
 * needs the validated request, in `preHandler`. Registered in the staff routes' scope.
 */
export const staffAccessPlugin = fp(async (app: FastifyInstance) => {
  const prisma = app.db.prisma;
  app.decorateRequest("staff", null as unknown as StaffContext);
  app.decorateRequest("staffPoint", null);

  app.addHook("onRoute", (route) => {
    const access = route.config?.staff;
    if (!access) {
      throw new Error(`${route.method} ${route.url} declares no config.staff access rule.`);
    }
    if (access.role !== "public" && route.schema && !route.schema.hide) {
      const methods = [route.method].flat();
      route.schema.security ??= methods.every((method) => safeMethods.has(method))
        ? staffSecurity
        : staffWriteSecurity;
    }
  });

  app.addHook("onRequest", async (request) => {
    const access = request.routeOptions.config.staff;
    if (!access || (access.role === "public" && !access.sessionIfAny)) return;
    let context: StaffContext;
    try {
      context = await app.staffSessions.require(request, {
        csrf: access.role !== "public" && !safeMethods.has(request.method),
        passwordChangePending: access.allowDuringPasswordChange ?? false,
      });
    } catch (error) {
      if (access.role === "public" && error instanceof AppError && error.code === "UNAUTHORIZED") {
        return;
      }
      throw error;
    }
    if (access.role === "admin") assertAdmin(context);
    request.staff = context;
  });

  app.addHook("preHandler", async (request) => {
    const source = request.routeOptions.config.staff?.point;
    if (!source) return;
    const [place, field] = source.split(".") as ["params" | "query" | "body", string];
    const slug = (request[place] as Record<string, unknown> | undefined)?.[field];
    request.staffPoint =
      typeof slug === "string" ? await pointForStaff(prisma, request.staff, slug) : null;
  });
});

/**
 * Object-level authorisation: an administrator reaches every point of their own
 * organisation, a reception user only the points they are assigned to.
 */
export function assertCanUsePoint(
  context: StaffContext,
  point: { slug: string; organisationId: string },
): void {
  const allowed =
    point.organisationId === context.user.organisationId &&
    (context.user.role === "ADMIN" || context.user.servicePoints.includes(point.slug));
  if (!allowed) throw new AppError("FORBIDDEN", "You do not work at this service point.");
}

export function assertAdmin(context: StaffContext): void {
  if (context.user.role !== "ADMIN") {
    throw new AppError("FORBIDDEN", "Only an administrator may do this.");
  }
}

/** The service point by slug, if this staff member may use it (else 404 or 403). */
export async function pointForStaff(prisma: PrismaClient, context: StaffContext, slug: string) {
  const point = await prisma.servicePoint.findUnique({
    where: { slug },
    include: { organisation: { select: { timezone: true } } },
  });
  if (!point) {
    throw new AppError("SERVICE_POINT_NOT_FOUND", `There is no service point "${slug}".`);
  }
  assertCanUsePoint(context, point);
  return point;
}

/** Audit entry for a staff member's action or view. */
export function auditStaff(
  prisma: PrismaClient,
  request: FastifyRequest,
  context: StaffContext,
  action: string,
  entity: { type: string; id: string },
  details?: Prisma.InputJsonValue,
): Promise<void> {
  return recordAudit(prisma, {
    organisationId: context.user.organisationId,
    actorId: context.user.id,
    action,
    entity,
    ip: requestAddress(request),
    details,
  });
}

/** The point checked by the hook, for a route whose `config.staff.point` is required. */
export function staffPointOf(request: FastifyRequest): StaffPoint {
  if (!request.staffPoint) {
    throw new Error(`${request.routeOptions.url} names no point in config.staff.point.`);
  }
  return request.staffPoint;
}
