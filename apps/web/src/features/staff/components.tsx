import { type ReactNode, useId } from "react";
import { ApiError } from "../../lib/api-client.ts";
import type { StaffMessageKey } from "./i18n/messages-lv.ts";
import type { StaffBooking } from "./staff-api.ts";
import { useStaffT } from "./staff-i18n.tsx";

/** The message staff should read for a failed call. */
export function staffErrorKey(error: unknown): StaffMessageKey {
  if (!(error instanceof ApiError)) return "errorGeneric";
  switch (error.code) {
    case "NETWORK":
      return "offline";
    case "UNAUTHORIZED":
      return "sessionEnded";
    case "FORBIDDEN":
    case "CSRF_TOKEN_INVALID":
      return "forbidden";
    case "CONFLICT":
    case "BOOKING_NOT_ACTIVE":
      return "conflict";
    case "SLOT_FULL":
      return "slotTaken";
    case "DAILY_LIMIT_REACHED":
      return "dayTaken";
    case "TOO_MANY_ACTIVE_BOOKINGS":
      return "tooManyBookings";
    case "OUTSIDE_OPENING_HOURS":
    case "NOT_A_SLOT_START":
    case "IN_THE_PAST":
    case "TOO_SOON":
    case "TOO_FAR_AHEAD":
      return "notBookable";
    case "VALIDATION_FAILED":
      return "invalidInput";
    case "INVALID_CREDENTIALS":
      return "wrongCredentials";
    case "RATE_LIMITED":
      return "tooManyAttempts";
    default:
      return "errorGeneric";
  }
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

/** A labelled form field with its error, tied together for screen readers. */
export function StaffField({
  label,
  error,
  children,
}: {
  label: string;
  error?: string;
  children: (props: {
    id: string;
    "aria-invalid"?: true;
    "aria-describedby"?: string;
  }) => ReactNode;
}) {
  const id = useId();
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
      {children({
        id,
        ...(error ? { "aria-invalid": true, "aria-describedby": `${id}-error` } : {}),
      })}
    </div>
  );
}

/** Success or failure of the last action, announced by screen readers. */
export function Outcome({ ok, error }: { ok?: string | null; error?: unknown }) {
  const t = useStaffT();
  return (
    <div aria-live="polite" className="outcome">
      {error ? (
        <p role="alert" className="notice notice-error">
          {t(staffErrorKey(error))}
        </p>
      ) : ok ? (
        <p className="notice notice-ok">{ok}</p>
      ) : null}
    </div>
  );
}
