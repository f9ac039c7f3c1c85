import { AppError } from "@pieraksts/contracts";
import type { Prisma, PrismaClient } from "@pieraksts/db";
import type { FastifyRequest } from "fastify";
import { recordAudit } from "../../lib/audit.ts";
import { requestAddress } from "../../lib/client-address.ts";
import type { StaffContext } from "../../plugins/staff-session.ts";

export const staffTags = ["Staff"];
export const adminTags = ["Administration"];
export const staffSecurity = [{ staffSession: [] }];

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
