/**
 * Offers (decision 026): a free place inside a waiting entry's dates goes to the first
 * entry in line as a hold, with a message to confirm within the hold's time.
 *
 * - **What is free** is what the public availability offers now (`computeAvailability`
 *   over the waiting entries' dates): so a closed time, a time too soon or too far ahead
 *   is never offered, and every kind of freeing (a cancellation, a move away, an expired
 *   hold, more capacity, more hours) is found the same way.
 * - **Who gets it**: one short transaction per place. The first waiting entry in line
 *   (`position`) whose dates cover the day, with no open offer, never offered this place
 *   before and with no booking of the service that day, is locked (`FOR UPDATE`, waiting
 *   for a transaction that holds it); then the place is taken by `createHold` (the
 *   conditional counter upserts of every booking). Two processes offering at once decide
 *   the first entry one after the other; the counters let one place go to one of them
 *   only: the other's transaction rolls back and its entry stays first for the next place.
 * - **When**: right after a change that frees places commits (cancel, reschedule, release,
 *   capacity or hours), and by a sweep every WAITLIST_SWEEP_SECONDS in each process and at
 *   start, which finds places freed by expired holds, also when no process ran at expiry.
 */
import { AppError, localise } from "@pieraksts/contracts";
import type { Prisma, PrismaClient } from "@pieraksts/db";
import { computeAvailability } from "@pieraksts/domain";
import { loadAvailabilitySource } from "../../lib/availability-source.ts";
import { sha256 } from "../../lib/crypto.ts";
import { renderEmail, renderSms } from "../../lib/messages/render.ts";
import { prepareOffer } from "../../lib/messages/render-context.ts";
import type { NewMessage } from "../../lib/outbox/outbox.ts";
import { createHold } from "../../lib/places.ts";
import type { Sealer } from "../../lib/sealing.ts";
import { localDateOf, transactionOptions, withRetry } from "../bookings/service.ts";

type Tx = Prisma.TransactionClient;

export interface OfferDeps {
  prisma: PrismaClient;
  sealer: Sealer;
  now: () => Date;
  /** How long an offered place is held (WAITLIST_OFFER_MINUTES). */
  minutes: number;
  /**
   * Offers an entry gets at most (WAITLIST_MAX_OFFERS): an entry that lets them all pass
   * is offered nothing more, so entries that never confirm cannot keep places held.
   */
  maxOffers: number;
  publicUrl: string;
  enqueue(tx: Tx, messages: readonly NewMessage[]): Promise<void>;
  nudge(): void;
}

interface Candidate {
  id: string;
  organisationId: string;
  language: string;
  clientPhone: string;
  clientEmail: string | null;
}

/**
 * The first entry in line for this place, locked; null when none may take it. The lock
 * waits (no SKIP LOCKED): an entry another transaction is offering a place to is decided
 * by that transaction first. If it got its offer, the row no longer qualifies when the
 * lock comes (PostgreSQL checks the updated row again) and the next in line is taken; if
 * that transaction failed (its place went), this one offers to the same entry. Skipping
 * locked entries instead let the second in line be passed over (decision 026).
 */
async function firstInLine(
  tx: Tx,
  place: { serviceId: string; startsAt: Date; localDate: string; now: Date },
  maxOffers: number,
): Promise<Candidate | null> {
  const [entry] = await tx.$queryRaw<Candidate[]>`
    SELECT e.id::text AS id, p."organisationId"::text AS "organisationId", e.language,
           e."clientPhone", e."clientEmail"
    FROM "WaitlistEntry" e JOIN "ServicePoint" p ON p.id = e."servicePointId"
    WHERE e."serviceId" = ${place.serviceId}::uuid AND e.status = 'WAITING'
      AND e."fromDate" <= ${place.localDate}::date AND e."toDate" >= ${place.localDate}::date
      AND (e."offerExpiresAt" IS NULL OR e."offerExpiresAt" <= ${place.now})
      AND NOT EXISTS (SELECT 1 FROM "WaitlistOffer" o
                      WHERE o."entryId" = e.id AND o."startsAt" = ${place.startsAt})
      AND (SELECT count(*) FROM "WaitlistOffer" o WHERE o."entryId" = e.id) < ${maxOffers}
      AND NOT EXISTS (SELECT 1 FROM "Booking" b
                      WHERE b."serviceId" = e."serviceId" AND b."clientPhone" = e."clientPhone"
                        AND b."localDate" = ${place.localDate}::date
                        AND b.status IN ('BOOKED', 'CHECKED_IN', 'COMPLETED'))
    ORDER BY e.position
    LIMIT 1
    FOR UPDATE OF e`;
  return entry ?? null;
}

type Outcome = "offered" | "nobody" | "full" | "day-full";

/** One place to the first entry in line, in one transaction. */
async function offerPlace(
  deps: OfferDeps,
  place: {
    serviceId: string;
    startsAt: Date;
    localDate: string;
    slot: { capacity: number; publicCapacity: number };
    dailyLimit: number | null;
    now: Date;
  },
): Promise<{ outcome: Outcome; entryId?: string }> {
  try {
    return await withRetry(() =>
      deps.prisma.$transaction(async (tx) => {
        const entry = await firstInLine(tx, place, deps.maxOffers);
        if (!entry) return { outcome: "nobody" as const };
        const hold = await createHold(tx, {
          serviceId: place.serviceId,
          startsAt: place.startsAt,
          localDate: place.localDate,
          slot: place.slot,
          channel: "PUBLIC",
          dailyLimit: place.dailyLimit,
          now: place.now,
          minutes: deps.minutes,
          address: null,
        });
        await tx.waitlistEntry.update({
          where: { id: entry.id },
          data: {
            offerHoldId: hold.id,
            offerStartsAt: place.startsAt,
            offerExpiresAt: hold.expiresAt,
            offerTokenSealed: deps.sealer.seal(hold.token),
            offerTokenHash: sha256(hold.token),
          },
        });
        await tx.waitlistOffer.create({
          data: {
            entryId: entry.id,
            startsAt: place.startsAt,
            holdId: hold.id,
            expiresAt: hold.expiresAt,
            createdAt: place.now,
          },
        });
        await deps.enqueue(tx, offerMessages(entry, place.startsAt, hold.expiresAt));
        return { outcome: "offered" as const, entryId: entry.id };
      }, transactionOptions),
    );
  } catch (error) {
    if (error instanceof AppError && error.code === "SLOT_FULL") return { outcome: "full" };
    if (error instanceof AppError && error.code === "DAILY_LIMIT_REACHED") {
      return { outcome: "day-full" };
    }
    throw error;
  }
}

/** SMS to the entry's phone, e-mail when it gave one. */
function offerMessages(entry: Candidate, startsAt: Date, expiresAt: Date): NewMessage[] {
  const base = {
    organisationId: entry.organisationId,
    waitlistEntryId: entry.id,
    kind: "offer",
    language: entry.language,
    payload: { start: startsAt.toISOString(), expiresAt: expiresAt.toISOString() },
  };
  return [
    { ...base, channel: "SMS", address: entry.clientPhone },
    ...(entry.clientEmail
      ? [{ ...base, channel: "EMAIL" as const, address: entry.clientEmail }]
      : []),
  ];
}

/**
 * A message no channel could send (NOT_CONFIGURED) is kept with the text it would have
 * had, as staff and the client's data export see it; a sent one gets its body when sent.
 */
async function writeUnsentBodies(deps: OfferDeps, entryId: string): Promise<void> {
  const rows = await deps.prisma.outboxMessage.findMany({
    where: { waitlistEntryId: entryId, kind: "offer", status: "NOT_CONFIGURED", body: null },
  });
  for (const row of rows) {
    const prepared = await prepareOffer(row, { ...deps, now: deps.now() });
    if (prepared.status !== "ready") continue;
    const body =
      row.channel === "SMS"
        ? renderSms(prepared.context)
        : (() => {
            const mail = renderEmail(prepared.context);
            return `Subject: ${mail.subject}\n\n${mail.text}`;
          })();
    await deps.prisma.outboxMessage.update({ where: { id: row.id }, data: { body } });
  }
}

/**
 * Offers the free places of one service to its waiting entries, first place first. The
 * number of offers made.
 */
export async function offerFreePlaces(deps: OfferDeps, serviceId: string): Promise<number> {
  const now = deps.now();
  const service = await deps.prisma.service.findUnique({
    where: { id: serviceId },
    select: {
      slug: true,
      servicePoint: { select: { slug: true, organisation: { select: { timezone: true } } } },
    },
  });
  if (!service) return 0;
  const today = localDateOf(now, service.servicePoint.organisation.timezone);
  const [range] = await deps.prisma.$queryRaw<{ from: string | null; to: string | null }[]>`
    SELECT min("fromDate")::text AS from, max("toDate")::text AS to FROM "WaitlistEntry"
    WHERE "serviceId" = ${serviceId}::uuid AND status = 'WAITING' AND "toDate" >= ${today}::date`;
  if (!range?.from || !range.to) return 0;
  const from = [range.from, today].sort()[1] ?? today;
  const source = await loadAvailabilitySource(deps.prisma, {
    servicePoint: service.servicePoint.slug,
    service: service.slug,
    from,
    to: range.to,
    now,
  });
  const days = computeAvailability({
    timezone: source.timezone,
    from,
    to: range.to,
    now,
    rules: source.rules,
    schedules: source.schedules,
    closures: source.closures,
    slotBookings: source.slotBookings,
    dayBookings: source.dayBookings,
  });
  let offered = 0;
  const entries = new Set<string>();
  for (const day of days) {
    dayLoop: for (const slot of day.slots) {
      for (let place = 0; place < slot.remaining; place++) {
        const { outcome, entryId } = await offerPlace(deps, {
          serviceId,
          startsAt: new Date(slot.start),
          localDate: day.date,
          slot: source,
          dailyLimit: source.rules.dailyLimit,
          now,
        });
        if (outcome === "offered" && entryId) {
          offered++;
          entries.add(entryId);
          continue;
        }
        if (outcome === "day-full") break dayLoop;
        // Nobody waits for this place (or every one is busy in another offer), or it went.
        break;
      }
    }
  }
  if (offered > 0) {
    deps.nudge();
    for (const entryId of entries) await writeUnsentBodies(deps, entryId);
  }
  return offered;
}

/**
 * Every service with waiting entries, offered its free places: what the periodic sweep
 * runs (expired holds free their places with no process present; a process that died
 * after a cancellation and before offering left them free too).
 */
export async function sweepWaitlist(deps: OfferDeps): Promise<number> {
  const services = await deps.prisma.$queryRaw<{ serviceId: string }[]>`
    SELECT DISTINCT "serviceId"::text AS "serviceId" FROM "WaitlistEntry"
    WHERE status = 'WAITING' AND "toDate" >= (${deps.now()}::timestamptz - interval '1 day')::date`;
  let offered = 0;
  for (const { serviceId } of services) offered += await offerFreePlaces(deps, serviceId);
  return offered;
}

/** The localised service name and place of an entry, for pages and staff lists. */
export function entryNames(
  entry: {
    service: { name: Prisma.JsonValue };
    servicePoint: { name: Prisma.JsonValue; address: string };
  },
  language: "lv" | "ru" | "en",
) {
  return {
    serviceName: localise(entry.service.name as never, language),
    location: {
      name: localise(entry.servicePoint.name as never, language),
      address: entry.servicePoint.address,
    },
  };
}
