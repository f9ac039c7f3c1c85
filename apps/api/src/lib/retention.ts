import type { PrismaClient } from "@pieraksts/db";

const DAY_MS = 86_400_000;

/**
 * Anonymises the personal data of bookings whose visit ended more than `days` ago:
 * name, phone, e-mail, answers, the sealed manage token, the free-text reasons in their
 * history, and their messages' addresses, bodies and payloads. What is
 * left (service, time, status) keeps the statistics. Waiting-list entries go the same way
 * when their last day (or their end) is as old; they are not counted in the answer.
 *
 * Safe with several processes: one transaction-level advisory lock lets one run at a
 * time (the others skip), and the update only touches rows not yet anonymised, so a
 * run that repeats another does nothing. Returns how many bookings it anonymised.
 */
export async function anonymiseOldBookings(
  prisma: PrismaClient,
  options: { now: Date; days: number },
): Promise<number | null> {
  const cutoff = new Date(options.now.getTime() - options.days * DAY_MS);
  return prisma.$transaction(async (tx) => {
    const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
      SELECT pg_try_advisory_xact_lock(hashtext('pieraksts:retention')) AS locked`;
    if (!lock?.locked) return null;
    const ids = await tx.$queryRaw<{ id: string }[]>`
      UPDATE "Booking"
      SET "clientName" = '', "clientPhone" = '', "clientEmail" = NULL, answers = '{}'::jsonb,
          "manageTokenSealed" = NULL,
          "anonymisedAt" = ${options.now}, "updatedAt" = ${options.now}
      WHERE "anonymisedAt" IS NULL AND "endsAt" < ${cutoff}
      RETURNING id::text`;
    // Waiting-list entries like bookings: once their last day (or their end, when they
    // stopped waiting earlier) is that long ago (decision 026).
    const entries = await tx.$queryRaw<{ id: string }[]>`
      UPDATE "WaitlistEntry"
      SET "clientName" = '', "clientPhone" = '', "clientEmail" = NULL, address = NULL,
          "manageTokenSealed" = NULL, "offerTokenSealed" = NULL, "offerTokenHash" = NULL,
          "anonymisedAt" = ${options.now}, "updatedAt" = ${options.now}
      WHERE "anonymisedAt" IS NULL
        AND ("toDate" < ${cutoff}::date OR (status <> 'WAITING' AND "updatedAt" < ${cutoff}))
      RETURNING id::text`;
    if (entries.length > 0) {
      await tx.$executeRaw`
        UPDATE "OutboxMessage" SET address = '', body = NULL, payload = '{}'::jsonb,
          "lastError" = NULL, "updatedAt" = ${options.now}
        WHERE "waitlistEntryId" = ANY(${entries.map((row) => row.id)}::uuid[])`;
      await tx.auditEntry.create({
        data: {
          actorKind: "system",
          action: "retention.anonymise",
          entityType: "WaitlistEntry",
          details: {
            entries: entries.length,
            endedBefore: cutoff.toISOString(),
            days: options.days,
          },
        },
      });
    }
    if (ids.length === 0) return 0;
    await tx.$executeRaw`
      UPDATE "BookingStatusChange" SET reason = NULL
      WHERE "bookingId" = ANY(${ids.map((row) => row.id)}::uuid[]) AND reason IS NOT NULL
        AND reason <> 'rescheduled'`;
    // The messages' addresses and what they said (names, times, links, staff's texts) go
    // too; kind, channel, status and times stay for the statistics. One not yet sent is
    // skipped by the sending side (its booking is anonymised).
    await tx.$executeRaw`
      UPDATE "OutboxMessage" SET address = '', body = NULL, payload = '{}'::jsonb,
        "lastError" = NULL, "updatedAt" = ${options.now}
      WHERE "bookingId" = ANY(${ids.map((row) => row.id)}::uuid[]) AND channel IN ('EMAIL', 'SMS')`;
    await tx.auditEntry.create({
      data: {
        actorKind: "system",
        action: "retention.anonymise",
        entityType: "Booking",
        details: { bookings: ids.length, endedBefore: cutoff.toISOString(), days: options.days },
      },
    });
    return ids.length;
  });
}
