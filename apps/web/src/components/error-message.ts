import { ApiError } from "../lib/api-client.ts";
import type { MessageKey } from "../lib/i18n/messages-lv.ts";

/** The message a client should read for a failed call, in their language. */
export function errorMessageKey(error: unknown): MessageKey {
  if (!(error instanceof ApiError)) return "errorGeneric";
  switch (error.code) {
    case "NETWORK":
      return "offline";
    case "SLOT_FULL":
      return "slotTaken";
    case "DAILY_LIMIT_REACHED":
      return "dayTaken";
    case "RATE_LIMITED":
      return "errorRateLimited";
    case "SERVICE_UNAVAILABLE":
      return "errorUnavailable";
    case "TOO_MANY_ACTIVE_BOOKINGS":
      return "errorTooManyBookings";
    case "ALREADY_BOOKED_THAT_DAY":
      return "alreadyBookedThatDay";
    case "TOO_MANY_WAITLIST_ENTRIES":
      return "waitlistTooMany";
    case "ALREADY_ON_WAITLIST":
      return "alreadyOnWaitlist";
    case "OFFER_FOR_ANOTHER_CLIENT":
      return "offerForAnotherClient";
    case "WAITLIST_ENTRY_NOT_FOUND":
      return "waitlistNotFound";
    case "OUTSIDE_OPENING_HOURS":
    case "NOT_A_SLOT_START":
    case "IN_THE_PAST":
    case "TOO_SOON":
    case "TOO_FAR_AHEAD":
      return "errorNotBookable";
    case "BOOKING_NOT_FOUND":
      return "bookingNotFound";
    case "BOOKING_NOT_ACTIVE":
      return "errorNotActive";
    default:
      return "errorGeneric";
  }
}
