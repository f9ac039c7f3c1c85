import { AppError, type ErrorCode } from "@pieraksts/contracts";
import type { SlotCheck } from "@pieraksts/domain";
import type { Audience } from "../../lib/availability-source.ts";

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
