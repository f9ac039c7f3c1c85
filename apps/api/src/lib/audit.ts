import type { Prisma, PrismaClient } from "@pieraksts/db";

/** One append-only entry: who did what to which record, from where. */
export async function recordAudit(
  prisma: PrismaClient,
  entry: {
    organisationId: string;
    actorId: string;
    /** "staff" unless said otherwise; "api_key": actorId is the key's id. */
    actorKind?: "staff" | "api_key";
    action: string;
    entity: { type: string; id: string };
    ip: string;
    details?: Prisma.InputJsonValue;
  },
): Promise<void> {
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
