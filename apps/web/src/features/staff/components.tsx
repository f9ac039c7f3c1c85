import type { StaffBooking } from "@pieraksts/contracts";
import { errorMessageKey } from "../../components/error-message.ts";
import { ApiError } from "../../lib/api-client.ts";
import { useI18n } from "../../lib/i18n/i18n.tsx";
import type { StaffMessageKey } from "./i18n/messages-lv.ts";
import { useStaffT } from "./staff-i18n.tsx";

/** Codes only the staff area meets, with its own wording; null for the rest. */
function staffOnlyKey(error: unknown): StaffMessageKey | null {
  if (!(error instanceof ApiError)) return null;
  switch (error.code) {
    case "UNAUTHORIZED":
      return "sessionEnded";
    case "FORBIDDEN":
    case "CSRF_TOKEN_INVALID":
      return "forbidden";
    case "CONFLICT":
    case "BOOKING_NOT_ACTIVE":
      return "conflict";
    case "VALIDATION_FAILED":
      return "invalidInput";
    case "INVALID_CREDENTIALS":
      return "wrongCredentials";
    case "RATE_LIMITED":
      return "tooManyAttempts";
    case "PASSWORD_CHANGE_REQUIRED":
      return "passwordChangeRequired";
    default:
      return null;
  }
}

/**
 * The message staff read for a failed call: the desk's own codes in the staff texts,
 * the rest (offline, full, not bookable…) as the public pages word them.
 */
export function useErrorText(): (error: unknown) => string {
  const t = useStaffT();
  const { t: publicT } = useI18n();
  return (error) => {
    const key = staffOnlyKey(error);
    return key ? t(key) : publicT(errorMessageKey(error));
  };
}

export const statusKey: Record<StaffBooking["status"], StaffMessageKey> = {
  booked: "statusBooked",
  checked_in: "statusCheckedIn",
  completed: "statusCompleted",
  no_show: "statusNoShow",
  cancelled_by_client: "statusCancelledByClient",
  cancelled_by_staff: "statusCancelledByStaff",
};

export const sourceKey: Record<StaffBooking["source"], StaffMessageKey> = {
  public: "sourcePublic",
  staff: "sourceStaff",
  walk_in: "sourceWalkIn",
};

/** Success or failure of the last action, announced by screen readers. */
export function Outcome({ ok, error }: { ok?: string | null; error?: unknown }) {
  const errorText = useErrorText();
  return (
    <div aria-live="polite" className="outcome">
      {error ? (
        <p role="alert" className="notice notice-error">
          {errorText(error)}
        </p>
      ) : ok ? (
        <p className="notice notice-ok">{ok}</p>
      ) : null}
    </div>
  );
}
