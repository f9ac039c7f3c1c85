import type { Booking, BookingStatus, Slot } from "@pieraksts/contracts";
import { useEffect, useRef, useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { errorMessageKey } from "../../../components/error-message.ts";
import { PageHeading } from "../../../components/page.tsx";
import { Phones } from "../../../components/phones.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { SlotPicker } from "../../../components/slot-picker.tsx";
import { downloadWithToken } from "../../../lib/api-client.ts";
import { useConfirmFocus } from "../../../lib/confirm-focus.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import type { MessageKey } from "../../../lib/i18n/messages-lv.ts";
import { paths } from "../../../lib/paths.ts";
import { placeLabel } from "../../../lib/place-label.ts";
import { forgetBooking } from "../../../lib/recent-bookings.ts";
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
  const state = location.state as { created?: boolean; alreadyBooked?: boolean } | null;
  const created = Boolean(state?.created);
  const action = useBookingAction(booking.reference, token);
  const [mode, setMode] = useState<"view" | "reschedule" | "confirm-cancel">("view");
  const cancelButton = useRef<HTMLButtonElement>(null);
  const cancelQuestion = useConfirmFocus<HTMLParagraphElement>(
    mode === "confirm-cancel",
    cancelButton,
  );
  const [date, setDate] = useState<string | undefined>(booking.start.slice(0, 10));
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [copied, setCopied] = useState<"copied" | "selected" | null>(null);
  const [moveTo, setMoveTo] = useState<Slot | null>(null);
  const messageRef = useRef<HTMLDivElement>(null);
  const moveQuestion = useRef<HTMLParagraphElement>(null);
  const linkField = useRef<HTMLInputElement>(null);
  const active = booking.status === "booked";
  const link = `${window.location.origin}${paths.booking(lang, booking.reference, token)}`;

  useEffect(() => {
    if (message) messageRef.current?.focus();
  }, [message]);
  useEffect(() => {
    if (moveTo) moveQuestion.current?.focus();
  }, [moveTo]);

  /**
   * The Clipboard API exists only on HTTPS and localhost; a municipality may serve the
   * app over plain HTTP inside its network. There the link is selected in its field for
   * the older copy command, and if that is refused too, left selected for Ctrl+C.
   */
  const copyLink = async () => {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(link);
      setCopied("copied");
    } catch {
      const field = linkField.current;
      field?.focus();
      field?.select();
      let done = false;
      try {
        done = document.execCommand("copy");
      } catch {
        done = false;
      }
      setCopied(done ? "copied" : "selected");
    }
  };

  const run = async (request: Parameters<typeof action.mutateAsync>[0], done: MessageKey) => {
    try {
      await action.mutateAsync(request);
      setMode("view");
      setMoveTo(null);
      setMessage({ kind: "ok", text: t(done) });
      return true;
    } catch (error) {
      setMessage({ kind: "error", text: t(errorMessageKey(error)) });
      return false;
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
      {state?.alreadyBooked && (
        <p className="notice" role="status">
          {t("alreadyBookedHere")}
        </p>
      )}
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
        <Phones phones={booking.location.phones} />
        <dl>
          <dt>{t("status")}</dt>
          <dd>{t(statusKeys[booking.status])}</dd>
          {booking.cancellationReason && (
            <>
              <dt>{t("cancellationReason")}</dt>
              <dd>{booking.cancellationReason}</dd>
            </>
          )}
          <dt>{t("service")}</dt>
          <dd>{booking.serviceName}</dd>
          <dt>{t("when")}</dt>
          <dd className="when">
            {longDate(booking.start)}, {time(booking.start)}–{time(booking.end)}
          </dd>
          <dt>{t("where")}</dt>
          <dd>{placeLabel(booking.location.name, booking.location.address)}</dd>
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
        {active && (
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
        )}
        <button type="button" onClick={() => window.print()}>
          {t("print")}
        </button>
        {active && mode === "view" && (
          <>
            <button type="button" onClick={() => setMode("reschedule")}>
              {t("reschedule")}
            </button>
            <button
              ref={cancelButton}
              type="button"
              className="danger"
              onClick={() => setMode("confirm-cancel")}
            >
              {t("cancelBooking")}
            </button>
          </>
        )}
      </div>
      {mode === "confirm-cancel" && (
        <div className="card confirm no-print" role="alertdialog" aria-labelledby="cancel-question">
          <p id="cancel-question" ref={cancelQuestion} tabIndex={-1}>
            {t("cancelConfirm")}
          </p>
          <button
            type="button"
            className="danger"
            disabled={action.isPending}
            onClick={() =>
              run({ kind: "cancel" }, "cancelled").then((done) => {
                // A cancelled booking no longer stands in for a new one (decision 018).
                if (done) forgetBooking(booking.reference);
              })
            }
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
            onSelectTime={setMoveTo}
          />
          {moveTo && (
            <div className="card confirm" role="alertdialog" aria-labelledby="move-question">
              <p id="move-question" ref={moveQuestion} tabIndex={-1}>
                {t("rescheduleConfirm", {
                  date: longDate(moveTo.start),
                  time: time(moveTo.start),
                })}
              </p>
              <button
                type="button"
                className="primary"
                disabled={action.isPending}
                onClick={() => run({ kind: "reschedule", start: moveTo.start }, "rescheduled")}
              >
                {t("rescheduleYes")}
              </button>
              <button type="button" onClick={() => setMoveTo(null)}>
                {t("rescheduleNo")}
              </button>
            </div>
          )}
          <button type="button" onClick={() => setMode("view")}>
            {t("back")}
          </button>
        </section>
      )}
      <section className="card no-print" aria-labelledby="manage-link">
        <h2 id="manage-link">{t("manageLink")}</h2>
        <p className="hint">{t("manageLinkHint")}</p>
        {/* A field, not a link: the link is this page, and a field's text can be selected. */}
        <input
          ref={linkField}
          className="manage-url"
          aria-labelledby="manage-link"
          readOnly
          value={link}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" onClick={copyLink}>
          {t("copyLink")}
        </button>
        <span role="status">
          {copied === "copied" ? ` ${t("linkCopied")}` : ""}
          {copied === "selected" ? ` ${t("linkSelected")}` : ""}
        </span>
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
