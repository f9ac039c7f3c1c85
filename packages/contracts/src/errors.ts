import { z } from "zod";

/**
 * Every error the API answers with, and its HTTP status. Clients switch on `code`; the
 * SPA has a message for each, in each language.
 */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  CSRF_TOKEN_INVALID: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ORGANISATION_NOT_FOUND: 404,
  SERVICE_POINT_NOT_FOUND: 404,
  SERVICE_NOT_FOUND: 404,
  BOOKING_NOT_FOUND: 404,
  WAITLIST_ENTRY_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  SLOT_FULL: 409,
  DAILY_LIMIT_REACHED: 409,
  TOO_MANY_ACTIVE_BOOKINGS: 409,
  /** The same phone already has an active public booking of the service that day. */
  ALREADY_BOOKED_THAT_DAY: 409,
  BOOKING_NOT_ACTIVE: 409,
  /** The phone or the address already waits for this service as often as allowed. */
  TOO_MANY_WAITLIST_ENTRIES: 409,
  /** The same phone already waits for this service on some of the same days. */
  ALREADY_ON_WAITLIST: 409,
  /** A place offered from the waiting list is booked only by the entry's own phone. */
  OFFER_FOR_ANOTHER_CLIENT: 409,
  IDEMPOTENCY_KEY_IN_USE: 409,
  CONFLICT: 409,
  BOOKING_DAY_NOT_REACHED: 409,
  UNDO_NOT_POSSIBLE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  OUTSIDE_OPENING_HOURS: 422,
  NOT_A_SLOT_START: 422,
  IN_THE_PAST: 422,
  TOO_SOON: 422,
  TOO_FAR_AHEAD: 422,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;
export const errorCodes = Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]];
export const ZErrorCode = z.enum(errorCodes);

export const ZFieldError = z.object({
  /** Where the bad value is: "query.from", "body.client.phone". */
  field: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof ZFieldError>;

/** RFC 9457 problem details, as `application/problem+json`. */
export const ZProblem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: ZErrorCode,
    errors: z.array(ZFieldError).optional(),
  })
  .meta({ id: "Problem" });
export type Problem = z.infer<typeof ZProblem>;

/** Thrown anywhere in the API; the error handler renders it as a problem. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = "AppError";
    this.status = errorStatus[code];
  }
}
