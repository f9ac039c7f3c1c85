import { isDeepStrictEqual } from "node:util";
import type { Prisma, PrismaClient } from "@pieraksts/db";

export interface AuditInput {
  organisationId: string;
  actorId: string;
  /** "staff" unless said otherwise; "api_key": actorId is the key's id. */
  actorKind?: "staff" | "api_key";
  action: string;
  entity: { type: string; id: string };
  ip: string;
  details?: Prisma.InputJsonValue;
}

/** How long a view of exactly the same data by the same person counts as one view. */
export const REPEATED_VIEW_MS = 15 * 60_000;

/** One append-only entry: who did what to which record, from where. */
export async function recordAudit(prisma: PrismaClient, entry: AuditInput): Promise<void> {
  await prisma.auditEntry.create({
    data: {
      organisationId: entry.organisationId,
      actorId: entry.actorId,
      actorKind: entry.actorKind ?? "staff",
      action: entry.action,
      entityType: entry.entity.type,
      entityId: entry.entity.id,
      details: entry.details,
      ip: entry.ip,
    },
  });
}

/**
 * A view that a page repeats on its own (the day list is read again every 20 s): written
 * unless the same actor already viewed the same record with exactly the same details (the
 * same date and the same bookings seen) in the last quarter hour. A view that shows
 * anything different, another person's view, or one after the quarter hour is written.
 * `at` is the database's own clock, so the window is read on the wall clock too.
 */
export async function recordView(prisma: PrismaClient, entry: AuditInput): Promise<void> {
  const recent = await prisma.auditEntry.findMany({
    where: {
      actorId: entry.actorId,
      actorKind: entry.actorKind ?? "staff",
      action: entry.action,
      entityType: entry.entity.type,
      entityId: entry.entity.id,
      at: { gt: new Date(Date.now() - REPEATED_VIEW_MS) },
    },
    select: { details: true },
    orderBy: { at: "desc" },
    take: 20,
  });
  if (recent.some((row) => isDeepStrictEqual(row.details ?? undefined, entry.details))) return;
  await recordAudit(prisma, entry);
}
