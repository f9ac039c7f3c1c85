import {
  AppError,
  ZBooking,
  ZBookingParams,
  ZCreateBookingRequestSchema,
  ZCreateBookingResponseSchema,
  ZRescheduleBookingRequestSchema,
} from "@pieraksts/contracts";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { clientAddress } from "../../lib/client-address.ts";
import { sha256 } from "../../lib/crypto.ts";
import {
  type Claim,
  ClaimLostError,
  claimIdempotencyKey,
  findIdempotentReplay,
  KeyInUseError,
  sweepIdempotencyRecords,
} from "../../lib/idempotency.ts";
import { problem, problemResponses } from "../../lib/problem.ts";
import { bookingCalendar } from "./calendar.ts";
import { AddressLimitError, bookingService, toBooking } from "./service.ts";

const tags = ["Booking"];
const TEN_MINUTES = 10 * 60_000;
const HOUR = 60 * 60_000;
const bearer = [{ manageToken: [] }];

const ZIdempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .optional()
    .describe("Makes a retry safe: the same key and body replay the first response (24 h)"),
});
const ZAuthHeaders = z.object({
  authorization: z.string().optional().describe("Bearer <manageToken>"),
});

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/** What makes two booking requests "the same" for Idempotency-Key. */
export function bookingFingerprint(body: unknown): string {
  return `POST /api/v1/bookings ${canonical(body)}`;
}

/** Canonical JSON (sorted keys), so that the same request always hashes alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export const bookingRoutes: FastifyPluginAsyncZod = async (app) => {
  const limits = app.config;
  const bookings = bookingService(
    app.db.prisma,
    limits.RATE_LIMITS === "on"
      ? {
          scarceDailyLimit: limits.SCARCE_DAILY_LIMIT,
          ordinary: {
            perDay: limits.BOOKINGS_PER_ADDRESS_PER_DAY,
            perWeek: limits.BOOKINGS_PER_ADDRESS_PER_WEEK,
          },
          scarce: {
            perDay: limits.SCARCE_BOOKINGS_PER_ADDRESS_PER_DAY,
            perWeek: limits.SCARCE_BOOKINGS_PER_ADDRESS_PER_WEEK,
          },
        }
      : undefined,
  );

  const sweep = setInterval(() => {
    sweepIdempotencyRecords(app.db.prisma, app.now()).catch(() => {});
  }, HOUR);
  sweep.unref();
  app.addHook("onClose", async () => clearInterval(sweep));

  /** Guessing protection: every lookup counts, and failures also count on their own. */
  async function findForClient(request: FastifyRequest, reply: FastifyReply, reference: string) {
    const ip = clientAddress(request);
    await app.rateLimiter.check(
      reply,
      `lookup-fail:${ip}`,
      limits.RATE_LIMIT_FAILED_LOOKUPS_PER_10_MIN,
    );
    await app.rateLimiter.consume(
      reply,
      `lookup:${ip}`,
      limits.RATE_LIMIT_LOOKUPS_PER_10_MIN,
      TEN_MINUTES,
    );
    try {
      return await bookings.findForClient(reference, bearerToken(request));
    } catch (error) {
      await app.rateLimiter.countFailure(`lookup-fail:${ip}`, TEN_MINUTES).catch(() => {});
      throw error;
    }
  }

  app.post(
    "/bookings",
    {
      schema: {
        tags,
        summary: "Book a slot (no account needed)",
        description:
          "Returns the booking's reference and, once only, its manage token. Capacity and " +
          "daily limits are enforced by the database: when the last place goes, others get " +
          "409 SLOT_FULL or DAILY_LIMIT_REACHED.",
        operationId: "createBooking",
        headers: ZIdempotencyHeaders,
        body: ZCreateBookingRequestSchema,
        response: {
          201: ZCreateBookingResponseSchema,
          ...problemResponses(400, 404, 409, 422, 429),
        },
      },
    },
    async (request, reply) => {
      const rawKey = request.headers["idempotency-key"];
      const address = clientAddress(request);
      const fingerprint = bookingFingerprint(request.body);
      // An empty key is an invalid key, not a missing one.
      const claimKey = async () =>
        rawKey !== undefined
          ? claimIdempotencyKey(app.db.prisma, {
              rawKey,
              caller: address,
              fingerprint,
              now: app.now(),
              leaseMs: limits.IDEMPOTENCY_LEASE_SECONDS * 1000,
            })
          : null;
      const replay = (stored: Extract<Claim, { kind: "replay" }>) => {
        // Sent as stored, past the route's typed serialiser.
        const { status, body } = stored.response;
        return (reply as FastifyReply)
          .code(status)
          .header("idempotent-replayed", "true")
          .type(status >= 400 ? "application/problem+json" : "application/json")
          .send(JSON.stringify(body));
      };
      const earlier =
        rawKey !== undefined
          ? await findIdempotentReplay(app.db.prisma, {
              rawKey,
              caller: address,
              fingerprint,
              now: app.now(),
            })
          : null;
      if (earlier) return replay(earlier);
      await app.rateLimiter.consume(
        reply,
        `bookings:${address}`,
        limits.RATE_LIMIT_BOOKINGS_PER_HOUR,
        HOUR,
      );
      const claim = await claimKey().catch((error) => {
        if (error instanceof KeyInUseError) {
          reply.header("retry-after", String(error.retryAfterSeconds));
        }
        throw error;
      });
      if (claim?.kind === "replay") return replay(claim);
      try {
        const { row, manageToken } = await bookings.create(request.body, {
          language: request.language,
          now: app.now(),
          address,
          // The stored answer commits with the booking: a crash leaves both or neither.
          beforeCommit: async (tx, created, token) => {
            await claim?.complete(
              {
                status: 201,
                body: { ...toBooking(created, request.language), manageToken: token },
              },
              tx,
            );
          },
        });
        const body = { ...toBooking(row, request.language), manageToken };
        reply.header("location", `/api/v1/bookings/${row.reference}`);
        return reply.code(201).send(body);
      } catch (error) {
        if (error instanceof ClaimLostError) {
          // A retry took this claim over while we were slow; its answer is the answer.
          const again = await claimKey().catch((inUse) => {
            if (inUse instanceof KeyInUseError) return null;
            throw inUse;
          });
          if (again?.kind === "replay") return replay(again);
          await again?.release();
          reply.header("retry-after", "1");
          throw new KeyInUseError(1);
        }
        if (error instanceof AddressLimitError) {
          reply.header("retry-after", String(error.retryAfterSeconds));
        }
        if (claim && error instanceof AppError && error.status < 500 && error.status !== 429) {
          // A definite answer (full, not bookable): the same request gets the same one.
          // No booking pairs with it, so it needs no transaction: lost in a crash, the
          // retry takes the claim over after the lease and is answered afresh.
          await claim
            .complete({
              status: error.status,
              body: problem(error.code, error.message, { errors: error.errors }),
            })
            .catch((lost) => {
              if (!(lost instanceof ClaimLostError)) throw lost;
            });
        } else {
          await claim?.release();
        }
        throw error;
      }
    },
  );

  app.get(
    "/bookings/:reference",
    {
      schema: {
        tags,
        summary: "See a booking",
        operationId: "getBooking",
        security: bearer,
        params: ZBookingParams,
        headers: ZAuthHeaders,
        response: { 200: ZBooking, ...problemResponses(404, 429) },
      },
    },
    async (request, reply) => {
      const row = await findForClient(request, reply, request.params.reference);
      reply.header("cache-control", "no-store");
      return toBooking(row, request.language);
    },
  );

  app.post(
    "/bookings/:reference/cancel",
    {
      schema: {
        tags,
        summary: "Cancel a booking; the place is free at once",
        operationId: "cancelBooking",
        security: bearer,
        params: ZBookingParams,
        headers: ZAuthHeaders,
        response: { 200: ZBooking, ...problemResponses(404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const row = await findForClient(request, reply, request.params.reference);
      const cancelled = await bookings.cancel(row, { now: app.now(), by: "CLIENT" });
      return toBooking(cancelled, request.language);
    },
  );

  app.post(
    "/bookings/:reference/reschedule",
    {
      schema: {
        tags,
        summary: "Move a booking to another slot, atomically",
        description:
          "The new place is taken before the old one is released; when the new slot is " +
          "full the booking is left as it was and the answer is 409.",
        operationId: "rescheduleBooking",
        security: bearer,
        params: ZBookingParams,
        headers: ZAuthHeaders,
        body: ZRescheduleBookingRequestSchema,
        response: { 200: ZBooking, ...problemResponses(400, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const row = await findForClient(request, reply, request.params.reference);
      const moved = await bookings.reschedule(row, new Date(request.body.start), {
        now: app.now(),
      });
      return toBooking(moved, request.language);
    },
  );

  app.get(
    "/bookings/:reference/calendar.ics",
    {
      schema: {
        tags,
        summary: "The booking as an RFC 5545 calendar file",
        operationId: "getBookingCalendar",
        security: bearer,
        params: ZBookingParams,
        headers: ZAuthHeaders,
        response: {
          200: {
            description: "text/calendar",
            content: { "text/calendar": { schema: z.string() } },
          },
          ...problemResponses(404, 429),
        },
      },
    },
    async (request, reply) => {
      const row = await findForClient(request, reply, request.params.reference);
      const booking = toBooking(row, row.language as "lv" | "ru" | "en");
      return reply
        .header("content-type", "text/calendar; charset=utf-8")
        .header("content-disposition", `attachment; filename="pieraksts-${booking.reference}.ics"`)
        .header("cache-control", "no-store")
        .send(bookingCalendar(booking, sha256(request.hostname).slice(0, 12)));
    },
  );
};
