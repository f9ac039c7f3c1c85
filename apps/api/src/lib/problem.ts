import {
  type ErrorCode,
  errorCodes,
  errorStatus,
  type FieldError,
  type Problem,
  ZProblem,
} from "@pieraksts/contracts";
import type { FastifySchema } from "fastify";
import { z } from "zod";

const titles: Record<ErrorCode, string> = {
  VALIDATION_FAILED: "The request is not valid",
  UNAUTHORIZED: "Sign-in required",
  INVALID_CREDENTIALS: "Wrong organisation, e-mail or password",
  CSRF_TOKEN_INVALID: "Missing or wrong CSRF token",
  PASSWORD_CHANGE_REQUIRED: "Change the temporary password first",
  FORBIDDEN: "Not allowed",
  NOT_FOUND: "Not found",
  ORGANISATION_NOT_FOUND: "Organisation not found",
  SERVICE_POINT_NOT_FOUND: "Service point not found",
  SERVICE_NOT_FOUND: "Service not found",
  BOOKING_NOT_FOUND: "Booking not found",
  WAITLIST_ENTRY_NOT_FOUND: "Waiting-list entry not found",
  METHOD_NOT_ALLOWED: "Method not allowed",
  SLOT_FULL: "The time is fully booked",
  DAILY_LIMIT_REACHED: "The day is fully booked",
  TOO_MANY_ACTIVE_BOOKINGS: "The client already has the most bookings or holds allowed",
  ALREADY_BOOKED_THAT_DAY: "This phone number already has a booking of this service that day",
  OFFER_FOR_ANOTHER_CLIENT: "This time is offered to another client",
  BOOKING_NOT_ACTIVE: "The booking is no longer active",
  TOO_MANY_WAITLIST_ENTRIES: "Already waiting for this service as often as allowed",
  ALREADY_ON_WAITLIST: "This phone number already waits for this service on these days",
  IDEMPOTENCY_KEY_IN_USE: "A request with this Idempotency-Key is still in progress",
  CONFLICT: "Conflict",
  BOOKING_DAY_NOT_REACHED: "The booking's day has not come yet",
  UNDO_NOT_POSSIBLE: "There is no desk mark to take back today",
  PAYLOAD_TOO_LARGE: "The request body is too large",
  UNSUPPORTED_MEDIA_TYPE: "Unsupported media type",
  IDEMPOTENCY_KEY_REUSED: "The Idempotency-Key was used with a different request",
  OUTSIDE_OPENING_HOURS: "Outside opening hours",
  NOT_A_SLOT_START: "Not the start of a slot",
  IN_THE_PAST: "The time has passed",
  TOO_SOON: "Too soon to book",
  TOO_FAR_AHEAD: "Too far ahead to book",
  RATE_LIMITED: "Too many requests",
  INTERNAL_ERROR: "Internal error",
  SERVICE_UNAVAILABLE: "Service unavailable",
};

export function problem(
  code: ErrorCode,
  detail?: string,
  extra: { errors?: FieldError[]; instance?: string } = {},
): Problem {
  return {
    type: `urn:pieraksts:problem:${code.toLowerCase().replaceAll("_", "-")}`,
    title: titles[code],
    status: errorStatus[code],
    ...(detail ? { detail } : {}),
    ...(extra.instance ? { instance: extra.instance } : {}),
    code,
    ...(extra.errors ? { errors: extra.errors } : {}),
  };
}

function codesWithStatus(status: number): ErrorCode[] {
  return errorCodes.filter((code) => errorStatus[code] === status);
}

const problemSchemas = new Map<number, z.ZodType>();
/** The problem with its `code` narrowed to the codes of one status, one component each. */
function problemSchema(status: number): z.ZodType {
  let schema = problemSchemas.get(status);
  if (!schema) {
    const codes = codesWithStatus(status);
    schema = ZProblem.extend({ code: z.enum(codes as [ErrorCode, ...ErrorCode[]]) }).meta({
      id: `Problem${status}`,
    });
    problemSchemas.set(status, schema);
  }
  return schema;
}

/** OpenAPI response entries for the problems a route may answer with. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: `Problem (${codesWithStatus(status).join(", ")})`,
        content: { "application/problem+json": { schema: problemSchema(status) } },
      },
    ]),
  );
}

/**
 * Problems any route can meet before its handler runs, declared so the document lists
 * every answer: 400 everywhere (a value fails its schema, a query or path holds NUL), 413
 * and 415 where it takes a body.
 */
export function withFrameworkProblems(schema: FastifySchema & { hide?: boolean }): FastifySchema {
  if (schema.hide) return schema;
  const response = (schema.response ?? {}) as Record<string, unknown>;
  const implied = [400, ...(schema.body ? [413, 415] : [])].filter(
    (status) => !(String(status) in response),
  );
  if (implied.length === 0) return schema;
  return { ...schema, response: { ...response, ...problemResponses(...implied) } };
}
