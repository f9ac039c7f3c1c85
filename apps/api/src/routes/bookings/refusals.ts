import { AppError, type ErrorCode } from "@pieraksts/contracts";
import type { SlotCheck } from "@pieraksts/domain";
import type { Audience } from "../../lib/availability-source.ts";
import { ClaimLostError } from "../../lib/idempotency.ts";

/** Why the engine turns a start down, plus IN_THE_PAST: a TOO_SOON that has already begun. */
export type Refusal = Extract<SlotCheck, { ok: false }>["reason"] | "IN_THE_PAST";

/** The one mapping from the engine's reasons to error codes and messages. */
export const refusals: Record<Refusal, { code: ErrorCode; message: string; walkIn?: string }> = {
  CLOSED: { code: "OUTSIDE_OPENING_HOURS", message: "The service is closed at that time." },
  NOT_A_SLOT_START: { code: "NOT_A_SLOT_START", message: "That time is not the start of a slot." },
  IN_THE_PAST: { code: "IN_THE_PAST", message: "That time has already passed." },
  TOO_SOON: { code: "TOO_SOON", message: "That time is too soon to book; choose a later one." },
  TOO_FAR_AHEAD: {
    code: "TOO_FAR_AHEAD",
    message: "That time is too far ahead to book yet.",
    walkIn: "A walk-in is for today; book a later day by phone.",
  },
  FULL: { code: "SLOT_FULL", message: "This time is fully booked." },
};

/** The error for a start the engine refused, as the audience should read it. */
export function refusalError(
  reason: Refusal,
  context: { start: Date; now: Date; audience: Audience },
): AppError {
  const refusal =
    reason === "TOO_SOON" && context.start.getTime() <= context.now.getTime()
      ? refusals.IN_THE_PAST
      : refusals[reason];
  const message =
    context.audience === "WALK_IN" ? (refusal.walkIn ?? refusal.message) : refusal.message;
  return new AppError(refusal.code, message);
}

/** The address's allowance is used up; Retry-After says when the window ends. */
export class AddressLimitError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      "RATE_LIMITED",
      `This address has made as many bookings of this service as allowed for now; try again in ${retryAfterSeconds} seconds or book at the desk or by phone.`,
    );
  }
}

/**
 * The one mapping from the database's refusals (the codes `pieraksts_book` and
 * `pieraksts_take_place` return, prisma/migrations/…_booking_in_one_call, decision 027)
 * to errors; `detail` is what the function sent with the code.
 */
export const databaseRefusals = {
  SLOT_FULL: () => new AppError("SLOT_FULL", "This time is fully booked."),
  DAILY_LIMIT_REACHED: () => new AppError("DAILY_LIMIT_REACHED", "This day is fully booked."),
  ALREADY_BOOKED_THAT_DAY: () =>
    new AppError(
      "ALREADY_BOOKED_THAT_DAY",
      "This phone number already has a booking of this service on this day; change or cancel that one instead.",
    ),
  TOO_MANY_ACTIVE_BOOKINGS: (detail: string | null) =>
    new AppError(
      "TOO_MANY_ACTIVE_BOOKINGS",
      `This phone number already has ${detail} upcoming bookings of this service.`,
    ),
  RATE_LIMITED: (detail: string | null) => new AddressLimitError(Math.max(1, Number(detail) || 1)),
  /** Another retry took the Idempotency-Key's claim over: its answer stands (decision 009). */
  CLAIM_LOST: () => new ClaimLostError(),
  OFFER_FOR_ANOTHER_CLIENT: () =>
    new AppError(
      "OFFER_FOR_ANOTHER_CLIENT",
      "This time is offered from the waiting list to another phone number; book it with the phone number on the waiting list.",
    ),
} satisfies Record<string, (detail: string | null) => Error>;

export type DatabaseRefusal = keyof typeof databaseRefusals;

/** The error for a refusal code from the database; an unknown code is a bug, not a 4xx. */
export function databaseRefusalError(code: string, detail: string | null = null): Error {
  const make = databaseRefusals[code as DatabaseRefusal];
  if (!make) return new Error(`The database refused a booking with an unknown code: ${code}`);
  return make(detail);
}
