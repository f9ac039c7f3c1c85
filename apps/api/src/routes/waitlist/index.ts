import {
  AppError,
  type Language,
  localise,
  type WaitlistEntry,
  ZJoinWaitlistRequestSchema,
  ZJoinWaitlistResponseSchema,
  ZWaitlistEntry,
  ZWaitlistParams,
} from "@pieraksts/contracts";
import type { Prisma, PrismaClient } from "@pieraksts/db";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { DateTime } from "luxon";
import { z } from "zod";
import { loadAvailabilitySource } from "../../lib/availability-source.ts";
import { clientAddress } from "../../lib/client-address.ts";
import {
  newManageToken,
  newReference,
  normaliseReference,
  sha256,
  tokenMatches,
} from "../../lib/crypto.ts";
import { normalisePhone } from "../../lib/phone.ts";
import { releaseHold } from "../../lib/places.ts";
import { problemResponses } from "../../lib/problem.ts";
import type { Sealer } from "../../lib/sealing.ts";
import { localDateOf, localIso, transactionOptions, withRetry } from "../bookings/service.ts";

const tags = ["Waiting list"];
const HOUR = 60 * 60_000;
const TEN_MINUTES = 10 * 60_000;

export const waitlistInclude = {
  service: { select: { slug: true, name: true, slotMinutes: true } },
  servicePoint: {
    select: {
      slug: true,
      name: true,
      address: true,
      organisationId: true,
      organisation: { select: { slug: true, timezone: true } },
    },
  },
  booking: { select: { reference: true } },
} as const;
export type WaitlistRow = Prisma.WaitlistEntryGetPayload<{ include: typeof waitlistInclude }>;

const dateOf = (date: Date) => date.toISOString().slice(0, 10);

/** The entry as its client sees it; the offer only while it is open. */
export function toWaitlistEntry(
  row: WaitlistRow,
  language: Language,
  now: Date,
  openToken: (sealed: string) => string | null,
): WaitlistEntry {
  const zone = row.servicePoint.organisation.timezone;
  const holdToken = row.offerTokenSealed ? openToken(row.offerTokenSealed) : null;
  const open =
    holdToken &&
    row.status === "WAITING" &&
    row.offerStartsAt &&
    row.offerExpiresAt &&
    row.offerTokenSealed &&
    row.offerExpiresAt.getTime() > now.getTime();
  return {
    reference: row.reference,
    status: row.status.toLowerCase() as WaitlistEntry["status"],
    organisation: row.servicePoint.organisation.slug,
    servicePoint: row.servicePoint.slug,
    service: row.service.slug,
    serviceName: localise(row.service.name as never, language),
    location: {
      name: localise(row.servicePoint.name as never, language),
      address: row.servicePoint.address,
    },
    from: dateOf(row.fromDate),
    to: dateOf(row.toDate),
    timezone: zone,
    language: row.language as Language,
    client: { name: row.clientName, phone: row.clientPhone, email: row.clientEmail },
    offer:
      open && row.offerStartsAt && row.offerExpiresAt
        ? {
            start: localIso(row.offerStartsAt, zone),
            end: localIso(
              new Date(row.offerStartsAt.getTime() + row.service.slotMinutes * 60_000),
              zone,
            ),
            expiresAt: localIso(row.offerExpiresAt, zone),
            holdToken,
          }
        : null,
    booking: row.booking?.reference ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

const ZAuthHeaders = z.object({
  authorization: z.string().optional().describe("Bearer <manageToken>"),
});

export const waitlistRoutes: FastifyPluginAsyncZod = async (app) => {
  const prisma = app.db.prisma;
  const config = app.config;
  const limitsOn = config.RATE_LIMITS === "on";

  /** Guessing protection as for bookings: every lookup counts, failures on their own too. */
  async function findForClient(
    request: FastifyRequest,
    reply: FastifyReply,
    reference: string,
  ): Promise<WaitlistRow> {
    const ip = clientAddress(request);
    await app.rateLimiter.check(
      reply,
      `lookup-fail:${ip}`,
      config.RATE_LIMIT_FAILED_LOOKUPS_PER_10_MIN,
    );
    await app.rateLimiter.consume(
      reply,
      `lookup:${ip}`,
      config.RATE_LIMIT_LOOKUPS_PER_10_MIN,
      TEN_MINUTES,
    );
    const canonical = normaliseReference(reference);
    const row = canonical
      ? await prisma.waitlistEntry.findUnique({
          where: { reference: canonical },
          include: waitlistInclude,
        })
      : null;
    const token = bearerToken(request);
    if (!row || !token || !tokenMatches(token, row.manageTokenHash) || row.anonymisedAt) {
      await app.rateLimiter.countFailure(`lookup-fail:${ip}`, TEN_MINUTES).catch(() => {});
      throw new AppError(
        "WAITLIST_ENTRY_NOT_FOUND",
        "No waiting-list entry matches this reference and token.",
      );
    }
    return row;
  }

  app.post(
    "/waitlist",
    {
      schema: {
        tags,
        summary: "Wait for a place of a service between two dates",
        description:
          "When a place inside the dates frees (a cancellation, a move, an expired hold, " +
          "more capacity or hours), the first entry in line gets it held for " +
          "WAITLIST_OFFER_MINUTES (default 30) and a message (SMS, and e-mail when given) " +
          "with the link to confirm; unconfirmed, the place goes to the next entry. " +
          "`from` must not be in the past nor `to` beyond the service's booking horizon " +
          "(422 IN_THE_PAST / TOO_FAR_AHEAD). One phone may wait WAITLIST_PER_PHONE times " +
          "for a service and once for any day (409 TOO_MANY_WAITLIST_ENTRIES / " +
          "ALREADY_ON_WAITLIST); one address WAITLIST_PER_ADDRESS times.",
        operationId: "joinWaitlist",
        body: ZJoinWaitlistRequestSchema,
        response: {
          201: ZJoinWaitlistResponseSchema,
          ...problemResponses(400, 404, 409, 422, 429),
        },
      },
    },
    async (request, reply) => {
      const address = clientAddress(request);
      await app.rateLimiter.consume(
        reply,
        `waitlist:${address}`,
        config.RATE_LIMIT_BOOKINGS_PER_HOUR,
        HOUR,
      );
      const body = request.body;
      const phone = normalisePhone(body.client.phone, "body.client.phone");
      const now = app.now();
      const source = await loadAvailabilitySource(
        prisma,
        { servicePoint: body.servicePoint, service: body.service, from: body.from, to: body.to },
        "PUBLIC",
        { counters: false, booking: true },
      );
      const today = localDateOf(now, source.timezone);
      if (body.from < today) {
        throw new AppError("IN_THE_PAST", "The dates must not begin before today.", [
          { field: "body.from", message: `must be ${today} or later` },
        ]);
      }
      const last =
        DateTime.fromISO(today, { zone: source.timezone })
          .plus({ days: source.rules.maxAdvanceDays })
          .toISODate() ?? today;
      if (body.to > last) {
        throw new AppError("TOO_FAR_AHEAD", "This service cannot be booked that far ahead.", [
          { field: "body.to", message: `must be ${last} or earlier` },
        ]);
      }
      const manageToken = newManageToken();
      const row = await withRetry(() =>
        prisma.$transaction(async (tx) => {
          // One phone's (and one address's) entries are counted under a lock, so a burst
          // cannot pass the caps, across processes.
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`waitlist:${source.serviceId}:${phone}`}))`;
          const mine = await tx.waitlistEntry.findMany({
            where: {
              serviceId: source.serviceId,
              clientPhone: phone,
              status: "WAITING",
              toDate: { gte: new Date(`${today}T00:00:00Z`) },
            },
            select: { fromDate: true, toDate: true },
          });
          if (mine.some((e) => dateOf(e.fromDate) <= body.to && dateOf(e.toDate) >= body.from)) {
            throw new AppError(
              "ALREADY_ON_WAITLIST",
              "This phone number already waits for this service on some of these days.",
            );
          }
          if (mine.length >= config.WAITLIST_PER_PHONE) {
            throw new AppError(
              "TOO_MANY_WAITLIST_ENTRIES",
              `This phone number already waits ${mine.length} times for this service.`,
            );
          }
          if (limitsOn) {
            await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`waitlist-address:${source.serviceId}:${address}`}))`;
            const fromAddress = await tx.waitlistEntry.count({
              where: {
                serviceId: source.serviceId,
                address,
                status: "WAITING",
                toDate: { gte: new Date(`${today}T00:00:00Z`) },
              },
            });
            if (fromAddress >= config.WAITLIST_PER_ADDRESS) {
              throw new AppError(
                "TOO_MANY_WAITLIST_ENTRIES",
                "This address already waits for this service as often as allowed.",
              );
            }
          }
          for (let attempt = 0; ; attempt++) {
            const reference = newReference();
            // One reference space with bookings: a short link names either.
            const taken =
              (await tx.waitlistEntry.count({ where: { reference } })) +
              (await tx.booking.count({ where: { reference } }));
            if (taken && attempt < 5) continue;
            return tx.waitlistEntry.create({
              data: {
                reference,
                manageTokenHash: sha256(manageToken),
                manageTokenSealed: app.sealer.seal(manageToken),
                servicePointId: source.servicePointId,
                serviceId: source.serviceId,
                fromDate: new Date(`${body.from}T00:00:00Z`),
                toDate: new Date(`${body.to}T00:00:00Z`),
                language: body.language,
                clientName: body.client.name,
                clientPhone: phone,
                clientEmail: body.client.email ?? null,
                address,
                createdAt: now,
              },
              select: { reference: true },
            });
          }
        }, transactionOptions),
      );
      // Something may be free already (nothing was when the client looked, or it freed).
      await app.waitlist.placesFreed(source.serviceId);
      reply.header("cache-control", "no-store");
      return reply.code(201).send({ reference: row.reference, manageToken });
    },
  );

  app.get(
    "/waitlist/:reference",
    {
      schema: {
        tags,
        summary: "See a waiting-list entry and the place offered to it",
        description:
          "With `Authorization: Bearer <manageToken>`. While a place is held for the entry, " +
          "`offer` names it, until when, and the hold's token to book it with " +
          "(POST /api/v1/bookings with this entry's client and `holdToken`).",
        operationId: "getWaitlistEntry",
        security: [{ manageToken: [] }],
        params: ZWaitlistParams,
        headers: ZAuthHeaders,
        response: { 200: ZWaitlistEntry, ...problemResponses(404, 429) },
      },
    },
    async (request, reply) => {
      const row = await findForClient(request, reply, request.params.reference);
      reply.header("cache-control", "no-store");
      return toWaitlistEntry(row, request.language, app.now(), (sealed) => app.sealer.open(sealed));
    },
  );

  app.delete(
    "/waitlist/:reference",
    {
      schema: {
        tags,
        summary: "Leave the waiting list",
        description:
          "The entry stops waiting; a place held for it now is given back (and offered to " +
          "the next in line). Leaving twice is no error. An entry that became a booking " +
          "answers 409 CONFLICT: cancel the booking instead.",
        operationId: "leaveWaitlist",
        security: [{ manageToken: [] }],
        params: ZWaitlistParams,
        headers: ZAuthHeaders,
        response: {
          204: z.undefined().describe("Left the waiting list"),
          ...problemResponses(404, 409, 429),
        },
      },
    },
    async (request, reply) => {
      const row = await findForClient(request, reply, request.params.reference);
      const freed = await leaveWaitlist(app, row.id, "CANCELLED");
      if (freed) await app.waitlist.placesFreed(freed);
      return reply.code(204).send();
    },
  );
};

/**
 * Ends an entry (the client left, or staff removed it) and gives back the place held for
 * it now. Returns the service whose place came back, if one did.
 */
export async function leaveWaitlist(
  app: { db: { prisma: PrismaClient }; sealer: Sealer; now(): Date },
  entryId: string,
  status: "CANCELLED" | "REMOVED",
): Promise<string | null> {
  return withRetry(() =>
    app.db.prisma.$transaction(async (tx) => {
      const [current] = await tx.$queryRaw<
        { status: string; offerTokenSealed: string | null; offerExpiresAt: Date | null }[]
      >`SELECT status::text AS status, "offerTokenSealed", "offerExpiresAt"
        FROM "WaitlistEntry" WHERE id = ${entryId}::uuid FOR UPDATE`;
      if (!current) return null;
      if (current.status === "BOOKED") {
        throw new AppError("CONFLICT", "This entry became a booking; cancel the booking instead.");
      }
      if (current.status !== "WAITING") return null;
      await tx.waitlistEntry.update({
        where: { id: entryId },
        data: {
          status,
          offerHoldId: null,
          offerExpiresAt: null,
          offerTokenSealed: null,
          offerTokenHash: null,
          updatedAt: app.now(),
        },
      });
      const token = current.offerTokenSealed ? app.sealer.open(current.offerTokenSealed) : null;
      return token ? releaseHold(tx, token) : null;
    }, transactionOptions),
  );
}
