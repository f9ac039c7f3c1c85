import type { BookingMessage, StaffBooking } from "@pieraksts/contracts";
import { errorMessageKey } from "../../components/error-message.ts";
import { ApiError } from "../../lib/api-client.ts";
import { useI18n } from "../../lib/i18n/i18n.tsx";
import type { StaffMessageKey } from "./i18n/messages-lv.ts";
import { useBookingMessages } from "./staff-api.ts";
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
    case "BOOKING_DAY_NOT_REACHED":
      return "notYetDay";
    case "UNDO_NOT_POSSIBLE":
      return "undoNotPossible";
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

export const messageKindKey: Record<string, StaffMessageKey> = {
  confirmation: "messageConfirmation",
  reminder: "messageReminder",
  rescheduled: "messageRescheduled",
  cancelled: "messageCancelled",
  link: "messageLink",
};

export const messageStatusKey: Record<BookingMessage["status"], StaffMessageKey> = {
  pending: "messagePending",
  sent: "messageSent",
  failed: "messageFailed",
  not_configured: "messageNotConfigured",
};

/** One message as a line: kind, channel, state, attempts and when. */
export function MessageLine({ message }: { message: BookingMessage }) {
  const t = useStaffT();
  const { time, longDate } = useI18n();
  const when = message.sentAt ?? message.dueAt;
  const kindKey = messageKindKey[message.kind];
  return (
    <>
      {kindKey ? t(kindKey) : message.kind}, {message.channel === "email" ? t("email") : "SMS"}:{" "}
      <strong>{t(messageStatusKey[message.status])}</strong> ({longDate(when)} {time(when)};{" "}
      {t("attempts", { count: message.attempts })})
      {message.lastError ? ` – ${message.lastError}` : ""}
    </>
  );
}

/** What was decided and sent for one booking (GET /staff/bookings/{reference}/messages). */
export function BookingMessages({ reference }: { reference: string }) {
  const t = useStaffT();
  const messages = useBookingMessages(reference);
  if (messages.isError) return <Outcome error={messages.error} />;
  if (!messages.data) return <p className="loading">…</p>;
  return (
    <section aria-label={t("messagesOf", { name: reference })}>
      {messages.data.length === 0 ? (
        <p>{t("noMessages")}</p>
      ) : (
        <ul className="affected">
          {messages.data.map((message) => (
            <li key={message.id}>
              <MessageLine message={message} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
