import {
  AppError,
  ZCreateHoldRequestSchema,
  ZCreateHoldResponseSchema,
  ZReleaseHoldRequestSchema,
} from "@pieraksts/contracts";
import type { PrismaClient } from "@pieraksts/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { clientAddress } from "../../lib/client-address.ts";
import { channelOf, createHold, releaseExpiredHolds, releaseHold } from "../../lib/places.ts";
import { problemResponses } from "../../lib/problem.ts";
import {
  AddressLimitError,
  addressAllowance,
  checkStart,
  countAgainstAddress,
  loadForStart,
  localIso,
  transactionOptions,
  withRetry,
} from "../bookings/service.ts";

const tags = ["Booking"];
const HOUR = 60 * 60_000;

/**
 * Gives back every hold that expired by `now`, day by day. Not needed for correctness
 * (taking a place and reading availability already treat them as free); it deletes the
 * rows, with the addresses in them, and leaves the counters tidy.
 */
export async function sweepExpiredHolds(prisma: PrismaClient, now: Date): Promise<number> {
  const days = await prisma.$queryRaw<{ serviceId: string; localDate: string }[]>`
    SELECT DISTINCT "serviceId"::text AS "serviceId", "localDate"::text AS "localDate"
    FROM "Hold" WHERE "expiresAt" <= ${now}`;
  let released = 0;
  for (const day of days) {
    released += await withRetry(() =>
      prisma.$transaction((tx) => releaseExpiredHolds(tx, { ...day, now }), transactionOptions),
    );
  }
  return released;
}

export const holdRoutes: FastifyPluginAsyncZod = async (app) => {
  const config = app.config;
  const prisma = app.db.prisma;
  const limitsOn = config.RATE_LIMITS === "on";
  const addressLimits = {
    scarceDailyLimit: config.SCARCE_DAILY_LIMIT,
    ordinary: {
      perDay: config.BOOKINGS_PER_ADDRESS_PER_DAY,
      perWeek: config.BOOKINGS_PER_ADDRESS_PER_WEEK,
    },
    scarce: {
      perDay: config.SCARCE_BOOKINGS_PER_ADDRESS_PER_DAY,
      perWeek: config.SCARCE_BOOKINGS_PER_ADDRESS_PER_WEEK,
    },
  };

  const sweep = setInterval(() => {
    sweepExpiredHolds(prisma, app.now()).catch(() => {});
  }, 10 * 60_000);
  sweep.unref();
  app.addHook("onClose", async () => clearInterval(sweep));

  app.post(
    "/holds",
    {
      schema: {
        tags,
        summary: "Keep a time while the client fills in the form",
        description:
          "Takes the place for HOLD_MINUTES (default 10, rounded up to a whole minute): it " +
          "counts against the slot's capacity and the daily limit like a booking, and " +
          "availability no longer offers it. Book it by sending `holdToken` with " +
          "POST /api/v1/bookings. Unused, it frees itself at `expiresAt`. Refused like a " +
          "booking: 409 SLOT_FULL or DAILY_LIMIT_REACHED, 422 when the time is not " +
          "bookable, 409 TOO_MANY_ACTIVE_BOOKINGS when the address already holds " +
          "HOLDS_PER_ADDRESS times of the service, 429 when the address has used its " +
          "allowance of the service (a hold counts as a booking; booking it then does not " +
          "count again).",
        operationId: "createHold",
        body: ZCreateHoldRequestSchema,
        response: {
          201: ZCreateHoldResponseSchema,
          ...problemResponses(400, 404, 409, 422, 429),
        },
      },
    },
    async (request, reply) => {
      const address = clientAddress(request);
      await app.rateLimiter.consume(
        reply,
        `holds:${address}`,
        config.RATE_LIMIT_BOOKINGS_PER_HOUR,
        HOUR,
      );
      const now = app.now();
      const start = new Date(request.body.start);
      const source = await loadForStart(prisma, request.body, start, "PUBLIC");
      const { localDate } = checkStart(source, start, now, "PUBLIC");
      try {
        const hold = await withRetry(() =>
          prisma.$transaction(async (tx) => {
            if (limitsOn) {
              // One address's live holds of a service are counted under a lock, so a
              // burst cannot pass the cap.
              await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`hold:${source.serviceId}:${address}`}))`;
              const live = await tx.hold.count({
                where: { serviceId: source.serviceId, address, expiresAt: { gt: now } },
              });
              if (live >= config.HOLDS_PER_ADDRESS) {
                throw new AppError(
                  "TOO_MANY_ACTIVE_BOOKINGS",
                  `This address already holds ${live} times of this service; book or release one first.`,
                );
              }
              await countAgainstAddress(tx, {
                serviceId: source.serviceId,
                address,
                ...addressAllowance(source.booking, addressLimits),
              });
            }
            return createHold(tx, {
              serviceId: source.serviceId,
              startsAt: start,
              localDate,
              slot: source,
              channel: channelOf("PUBLIC"),
              dailyLimit: source.rules.dailyLimit,
              now,
              minutes: config.HOLD_MINUTES,
              address,
            });
          }, transactionOptions),
        );
        reply.header("cache-control", "no-store");
        return reply.code(201).send({
          holdToken: hold.token,
          expiresAt: localIso(hold.expiresAt, source.timezone),
        });
      } catch (error) {
        if (error instanceof AddressLimitError) {
          reply.header("retry-after", String(error.retryAfterSeconds));
        }
        throw error;
      }
    },
  );

  app.post(
    "/holds/release",
    {
      schema: {
        tags,
        summary: "Give a held time back (best effort)",
        description:
          "Frees the held place at once. Answers 204 whether or not the token named a hold " +
          "(released, booked or expired already), so it is safe to send when leaving the " +
          "form. The token is in the body, not the path, to keep it out of access logs.",
        operationId: "releaseHold",
        body: ZReleaseHoldRequestSchema,
        response: {
          204: z.undefined().describe("Released, or nothing to release"),
          ...problemResponses(400),
        },
      },
    },
    async (request, reply) => {
      const serviceId = await withRetry(() =>
        prisma.$transaction((tx) => releaseHold(tx, request.body.holdToken), transactionOptions),
      );
      // A place given back goes to the waiting list first (decision 026).
      if (serviceId) await app.waitlist.placesFreed(serviceId);
      return reply.code(204).send();
    },
  );
};
