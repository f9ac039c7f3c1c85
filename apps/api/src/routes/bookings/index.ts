import {
  AppError,
  ZBooking,
  ZBookingParams,
  ZCreateBookingRequestSchema,
  ZCreateBookingResponseSchema,
  ZListBookingsRequestSchema,
  ZListBookingsResponseSchema,
  ZRecoverBookingsRequestSchema,
  ZRecoverBookingsResponseSchema,
  ZRescheduleBookingRequestSchema,
} from "@pieraksts/contracts";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ApiKeyContext } from "../../lib/api-keys.ts";
import { clientAddress } from "../../lib/client-address.ts";
import { normaliseReference, sha256 } from "../../lib/crypto.ts";
import {
  type Claim,
  ClaimLostError,
  claimIdempotencyKey,
  findIdempotentReplay,
  KeyInUseError,
  sweepIdempotencyRecords,
} from "../../lib/idempotency.ts";
import { bookingMessages } from "../../lib/messages/decide.ts";
import { normalisePhone } from "../../lib/phone.ts";
import { problem, problemResponses } from "../../lib/problem.ts";
import { staffBooking, staffBookingInclude } from "../staff/day.ts";
import { bookingCalendar } from "./calendar.ts";
import { AddressLimitError, type BookingRow, bookingService, toBooking } from "./service.ts";

const tags = ["Booking"];
const TEN_MINUTES = 10 * 60_000;
const HOUR = 60 * 60_000;
/** The client with the manage token, or a third party with its key. */
const bearer: Record<string, string[]>[] = [{ manageToken: [] }, { apiKey: [] }];
/** Anyone, or a third party booking for a client with its key. */
const anyoneOrKey: Record<string, string[]>[] = [{}, { apiKey: [] }];

const ZApiKeyHeader = z
  .string()
  .optional()
  .describe("A third party's API key (instead of the manage token)");
const DAY = 24 * HOUR;
/** Upcoming bookings whose links one recovery request sends at most. */
const RECOVER_MAX_BOOKINGS = 10;

const ZIdempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .optional()
    .describe("Makes a retry safe: the same key and body replay the first response (24 h)"),
  "x-api-key": ZApiKeyHeader,
});
const ZAuthHeaders = z.object({
  authorization: z.string().optional().describe("Bearer <manageToken>"),
  "x-api-key": ZApiKeyHeader,
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
  const bookings = bookingService(app.db.prisma, {
    sealer: app.sealer,
    onEvent: app.webhooks.onBookingEvent,
    webhookDeliveries: app.webhooks.bookingDeliveries,
    outbox: app.outbox,
    onPlacesFreed: app.waitlist.placesFreed,
    addressLimits:
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
  });

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

  /** A key books only at its own organisation's points (an unknown point is the 404 later). */
  async function assertKeysPoint(key: ApiKeyContext, slug: string) {
    const point = await app.db.prisma.servicePoint.findUnique({
      where: { slug },
      select: { organisationId: true },
    });
    if (point && point.organisationId !== key.organisationId) {
      throw new AppError("FORBIDDEN", "This key is for another organisation's points.");
    }
  }

  /**
   * The booking a request may act on: with X-API-Key, one of the key's organisation that
   * this key made (`bookings:write`), or any of it for reading (`bookings:read`); else
   * the manage token's. Anything else is the same 404 as a wrong token.
   */
  async function findForCaller(
    request: FastifyRequest,
    reply: FastifyReply,
    reference: string,
    access: "read" | "write",
  ): Promise<{ row: BookingRow; key: ApiKeyContext | null }> {
    if (app.apiKeys.given(request) === undefined) {
      return { row: await findForClient(request, reply, reference), key: null };
    }
    const key = await app.apiKeys.require(
      request,
      reply,
      access === "write" ? "bookings:write" : ["bookings:write", "bookings:read"],
    );
    const row = await bookings.findByReference(reference);
    const reachable =
      row &&
      !row.anonymisedAt &&
      row.servicePoint.organisationId === key.organisationId &&
      (row.apiKeyId === key.id || (access === "read" && key.scopes.includes("bookings:read")));
    if (!reachable) {
      throw new AppError("BOOKING_NOT_FOUND", "This key has no booking with this reference.");
    }
    return { row, key };
  }

  app.get(
    "/bookings",
    {
      schema: {
        tags,
        summary: "A day's bookings at a service point, for a third party's key",
        description:
          "Needs an API key with the bookings:read scope, of the organisation the point " +
          "belongs to. Every read is recorded in the organisation's audit log.",
        operationId: "listBookings",
        security: [{ apiKey: [] }],
        headers: z.object({ "x-api-key": ZApiKeyHeader }),
        querystring: ZListBookingsRequestSchema,
        response: {
          200: ZListBookingsResponseSchema,
          ...problemResponses(400, 401, 403, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const key = await app.apiKeys.require(request, reply, "bookings:read");
      const { servicePoint, date } = request.query;
      const point = await app.db.prisma.servicePoint.findUnique({
        where: { slug: servicePoint },
        include: { organisation: { select: { timezone: true } } },
      });
      if (!point) {
        throw new AppError(
          "SERVICE_POINT_NOT_FOUND",
          `There is no service point "${servicePoint}".`,
        );
      }
      if (point.organisationId !== key.organisationId) {
        throw new AppError("FORBIDDEN", "This key is for another organisation's points.");
      }
      const rows = await app.db.prisma.booking.findMany({
        where: {
          servicePointId: point.id,
          localDate: new Date(`${date}T00:00:00Z`),
          anonymisedAt: null,
        },
        include: staffBookingInclude,
        orderBy: [{ startsAt: "asc" }, { createdAt: "asc" }],
      });
      await app.apiKeys.audit(
        request,
        key,
        "bookings.day.view",
        { type: "ServicePoint", id: point.id },
        { date, bookings: rows.length },
      );
      reply.header("cache-control", "no-store");
      const zone = point.organisation.timezone;
      return {
        servicePoint: point.slug,
        date,
        timezone: zone,
        bookings: rows.map((row) => staffBooking(row, zone, request.language, app.now())),
      };
    },
  );

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
        security: anyoneOrKey,
        headers: ZIdempotencyHeaders,
        body: ZCreateBookingRequestSchema,
        response: {
          201: ZCreateBookingResponseSchema,
          ...problemResponses(400, 401, 403, 404, 409, 422, 429),
        },
      },
    },
    async (request, reply) => {
      const rawKey = request.headers["idempotency-key"];
      const apiKey =
        app.apiKeys.given(request) === undefined
          ? null
          : await app.apiKeys.require(request, reply, "bookings:write");
      if (apiKey) await assertKeysPoint(apiKey, request.body.servicePoint);
      const address = clientAddress(request);
      // A key's requests are its own, wherever they come from: its idempotency keys too.
      const caller = apiKey ? `api-key:${apiKey.id}` : address;
      const fingerprint = bookingFingerprint(request.body);
      // An empty key is an invalid key, not a missing one.
      const claimKey = async () =>
        rawKey !== undefined
          ? claimIdempotencyKey(app.db.prisma, {
              rawKey,
              caller,
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
              caller,
              fingerprint,
              now: app.now(),
            })
          : null;
      if (earlier) return replay(earlier);
      // A key has its own rate limit (checked with it), not the address's.
      if (!apiKey) {
        await app.rateLimiter.consume(
          reply,
          `bookings:${address}`,
          limits.RATE_LIMIT_BOOKINGS_PER_HOUR,
          HOUR,
        );
      }
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
          ...(apiKey
            ? { apiKey: { id: apiKey.id, name: apiKey.name, prefix: apiKey.prefix } }
            : { address }),
          // The stored answer commits with the booking, in its one call: both or neither.
          ...(claim && {
            answer: (created: BookingRow, token: string) =>
              claim.answer({
                status: 201,
                body: { ...toBooking(created, request.language), manageToken: token },
              }),
          }),
        });
        if (apiKey) {
          await app.apiKeys.audit(request, apiKey, "booking.create", {
            type: "Booking",
            id: row.id,
          });
        }
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

  app.post(
    "/bookings/recover",
    {
      schema: {
        tags,
        summary: "Lost the manage link? Send it again to the phone and e-mail on file",
        description:
          "For each upcoming booking of this phone number (or only the one with this " +
          "reference, when it is this phone's), a message with its manage link is sent to " +
          "the phone and e-mail the client gave when booking, never anywhere else. The " +
          "answer is the same 202 whether anything matched or not. Limited per client " +
          "address and per phone number (429 with Retry-After).",
        operationId: "recoverBookings",
        body: ZRecoverBookingsRequestSchema,
        response: {
          202: ZRecoverBookingsResponseSchema,
          ...problemResponses(400, 429),
        },
      },
    },
    async (request, reply) => {
      const address = clientAddress(request);
      const phone = normalisePhone(request.body.phone, "body.phone");
      await app.rateLimiter.consume(
        reply,
        `recover:${address}`,
        limits.RATE_LIMIT_RECOVER_PER_HOUR,
        HOUR,
      );
      await app.rateLimiter.consume(
        reply,
        `recover-phone:${phone}`,
        limits.RATE_LIMIT_RECOVER_PER_PHONE_PER_DAY,
        DAY,
      );
      const reference =
        request.body.reference === undefined
          ? undefined
          : (normaliseReference(request.body.reference) ?? "-");
      const now = app.now();
      const sent = await app.db.prisma.$transaction(async (tx) => {
        const rows = await tx.booking.findMany({
          where: {
            clientPhone: phone,
            status: "BOOKED",
            startsAt: { gt: now },
            anonymisedAt: null,
            // A booking made before messages existed has no link to send.
            manageTokenSealed: { not: null },
            ...(reference ? { reference } : {}),
          },
          select: {
            id: true,
            language: true,
            clientPhone: true,
            clientEmail: true,
            servicePoint: { select: { organisationId: true } },
          },
          orderBy: { startsAt: "asc" },
          take: RECOVER_MAX_BOOKINGS,
        });
        // The client asked for it: sent even when staff booked without consent to messages.
        const messages = rows.flatMap((row) =>
          bookingMessages(
            { ...row, organisationId: row.servicePoint.organisationId, notify: true },
            "link",
          ),
        );
        await app.outbox.enqueue(tx, messages);
        return messages.length;
      });
      if (sent) app.outbox.nudge();
      return reply.code(202).send({
        accepted: true,
        message:
          "If this phone number has upcoming bookings, their links are on the way to the " +
          "phone and e-mail given when booking.",
      });
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
        response: { 200: ZBooking, ...problemResponses(401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const { row, key } = await findForCaller(request, reply, request.params.reference, "read");
      if (key)
        await app.apiKeys.audit(request, key, "booking.view", { type: "Booking", id: row.id });
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
        response: { 200: ZBooking, ...problemResponses(401, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const { row, key } = await findForCaller(request, reply, request.params.reference, "write");
      const cancelled = await bookings.cancel(row, { now: app.now(), by: "CLIENT" });
      if (key) {
        await app.apiKeys.audit(request, key, "booking.cancel", { type: "Booking", id: row.id });
      }
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
        response: { 200: ZBooking, ...problemResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const { row, key } = await findForCaller(request, reply, request.params.reference, "write");
      const moved = await bookings.reschedule(row, new Date(request.body.start), {
        now: app.now(),
      });
      if (key) {
        await app.apiKeys.audit(
          request,
          key,
          "booking.reschedule",
          { type: "Booking", id: row.id },
          { from: row.startsAt.toISOString(), to: moved.startsAt.toISOString() },
        );
      }
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
          ...problemResponses(401, 403, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const { row, key } = await findForCaller(request, reply, request.params.reference, "read");
      if (key) {
        await app.apiKeys.audit(request, key, "booking.calendar", { type: "Booking", id: row.id });
      }
      const booking = toBooking(row, row.language as "lv" | "ru" | "en");
      return reply
        .header("content-type", "text/calendar; charset=utf-8")
        .header("content-disposition", `attachment; filename="pieraksts-${booking.reference}.ics"`)
        .header("cache-control", "no-store")
        .send(bookingCalendar(booking, sha256(request.hostname).slice(0, 12)));
    },
  );
};
