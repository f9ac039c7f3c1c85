import type { Booking, BookingStatus } from "@pieraksts/contracts";
import { useEffect, useRef, useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { errorMessageKey } from "../../../components/error-message.ts";
import { PageHeading } from "../../../components/page.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { SlotPicker } from "../../../components/slot-picker.tsx";
import { downloadWithToken } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import type { MessageKey } from "../../../lib/i18n/messages-lv.ts";
import { paths } from "../../../lib/paths.ts";
import { useBooking, useBookingAction } from "../api/booking.ts";
import { LookupForm } from "../components/lookup-form.tsx";

const statusKeys: Record<BookingStatus, MessageKey> = {
  booked: "statusBooked",
  checked_in: "statusCheckedIn",
  completed: "statusCompleted",
  no_show: "statusNoShow",
  cancelled_by_client: "statusCancelledByClient",
  cancelled_by_staff: "statusCancelledByStaff",
};

/** The token travels in the address's fragment, which browsers never send to a server. */
function tokenFromHash(hash: string): string | undefined {
  return new URLSearchParams(hash.replace(/^#/, "")).get("token") ?? undefined;
}

function Manage({ booking, token }: { booking: Booking; token: string }) {
  const { t, lang, longDate, time } = useI18n();
  const location = useLocation();
  const created = Boolean((location.state as { created?: boolean } | null)?.created);
  const action = useBookingAction(booking.reference, token);
  const [mode, setMode] = useState<"view" | "reschedule" | "confirm-cancel">("view");
  const [date, setDate] = useState<string | undefined>(booking.start.slice(0, 10));
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const messageRef = useRef<HTMLDivElement>(null);
  const active = booking.status === "booked";
  const link = `${window.location.origin}${paths.booking(lang, booking.reference, token)}`;

  useEffect(() => {
    if (message) messageRef.current?.focus();
  }, [message]);

  const run = async (request: Parameters<typeof action.mutateAsync>[0], done: MessageKey) => {
    try {
      await action.mutateAsync(request);
      setMode("view");
      setMessage({ kind: "ok", text: t(done) });
    } catch (error) {
      setMessage({ kind: "error", text: t(errorMessageKey(error)) });
    }
  };

  const title = created ? t("bookingDone") : t("manageTitle");
  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      <div
        ref={messageRef}
        tabIndex={-1}
        role={message ? (message.kind === "ok" ? "status" : "alert") : undefined}
      >
        {message && <p className={`notice notice-${message.kind}`}>{message.text}</p>}
      </div>
      <section className="card booking-summary" aria-labelledby="reference-label">
        <p id="reference-label" className="reference-label">
          {t("bookingReference")}
        </p>
        <p className="reference" aria-describedby="reference-hint">
          {booking.reference}
        </p>
        <p id="reference-hint" className="hint">
          {t("referenceHint")}
        </p>
        <dl>
          <dt>{t("status")}</dt>
          <dd>{t(statusKeys[booking.status])}</dd>
          <dt>{t("service")}</dt>
          <dd>{booking.serviceName}</dd>
          <dt>{t("when")}</dt>
          <dd className="when">
            {longDate(booking.start)}, {time(booking.start)}–{time(booking.end)}
          </dd>
          <dt>{t("where")}</dt>
          <dd>
            {booking.location.name}, {booking.location.address}
          </dd>
        </dl>
        {booking.requirements.length > 0 && (
          <>
            <h2>{t("whatToBring")}</h2>
            <ul>
              {booking.requirements.map((requirement) => (
                <li key={requirement}>{requirement}</li>
              ))}
            </ul>
          </>
        )}
      </section>
      <div className="actions no-print">
        <button
          type="button"
          onClick={() =>
            downloadWithToken(
              `/api/v1/bookings/${booking.reference}/calendar.ics`,
              token,
              `pieraksts-${booking.reference}.ics`,
            ).catch((error) => setMessage({ kind: "error", text: t(errorMessageKey(error)) }))
          }
        >
          {t("addToCalendar")}
        </button>
        <button type="button" onClick={() => window.print()}>
          {t("print")}
        </button>
        {active && mode === "view" && (
          <>
            <button type="button" onClick={() => setMode("reschedule")}>
              {t("reschedule")}
            </button>
            <button type="button" className="danger" onClick={() => setMode("confirm-cancel")}>
              {t("cancelBooking")}
            </button>
          </>
        )}
      </div>
      {mode === "confirm-cancel" && (
        <div className="card confirm no-print" role="alertdialog" aria-labelledby="cancel-question">
          <p id="cancel-question">{t("cancelConfirm")}</p>
          <button
            type="button"
            className="danger"
            disabled={action.isPending}
            onClick={() => run({ kind: "cancel" }, "cancelled")}
          >
            {t("cancelYes")}
          </button>
          <button type="button" onClick={() => setMode("view")}>
            {t("cancelNo")}
          </button>
        </div>
      )}
      {mode === "reschedule" && (
        <section className="no-print" aria-label={t("rescheduleTitle")}>
          <h2>{t("rescheduleTitle")}</h2>
          <SlotPicker
            servicePoint={booking.servicePoint}
            service={booking.service}
            selectedDate={date}
            onSelectDate={setDate}
            busy={action.isPending}
            onSelectTime={(slot) => run({ kind: "reschedule", start: slot.start }, "rescheduled")}
          />
          <button type="button" onClick={() => setMode("view")}>
            {t("back")}
          </button>
        </section>
      )}
      <section className="card no-print" aria-labelledby="manage-link">
        <h2 id="manage-link">{t("manageLink")}</h2>
        <p className="hint">{t("manageLinkHint")}</p>
        <p className="manage-url">
          <a href={link}>{link}</a>
        </p>
        <button
          type="button"
          onClick={() =>
            navigator.clipboard?.writeText(link).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {t("copyLink")}
        </button>
        <span role="status">{copied ? ` ${t("linkCopied")}` : ""}</span>
      </section>
      <p className="no-print">
        <Link to={paths.home(lang)}>{t("goHome")}</Link>
      </p>
    </>
  );
}

/** Done and manage in one page: /:lang/booking/:reference#token=… */
export default function BookingPage() {
  const { reference = "" } = useParams();
  const location = useLocation();
  const { t } = useI18n();
  const token = tokenFromHash(location.hash);
  const query = useBooking(reference, token);
  if (!token) {
    return (
      <>
        <PageHeading title={t("findBooking")}>{t("findBooking")}</PageHeading>
        <LookupForm reference={reference} />
      </>
    );
  }
  if (query.isError) {
    return (
      <>
        <PageHeading title={t("findBooking")}>{t("findBooking")}</PageHeading>
        <div role="alert" className="notice notice-error">
          <p>{t(errorMessageKey(query.error))}</p>
        </div>
        <LookupForm reference={reference} />
      </>
    );
  }
  return (
    <QueryState query={query}>{(booking) => <Manage booking={booking} token={token} />}</QueryState>
  );
}
