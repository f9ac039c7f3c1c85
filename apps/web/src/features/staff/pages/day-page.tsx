import type { StaffBooking } from "@pieraksts/contracts";
import {
  canTransition,
  type DeskStatus,
  deskActions,
  deskMarksOpen,
} from "@pieraksts/domain/booking-status";
import { type FormEvent, useState, useSyncExternalStore } from "react";
import { Field } from "../../../components/field.tsx";
import { PageHeading } from "../../../components/page.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { shiftDate, todayInRiga } from "../../../lib/riga-time.ts";
import { BookingMessages, Outcome, sourceKey, statusKey } from "../components.tsx";
import { readablePhone } from "../phone-format.ts";
import { useDay, useStaffMutation, useStaffPoints } from "../staff-api.ts";
import { type StaffT, useStaffT } from "../staff-i18n.tsx";
import { usePoint } from "../use-point.ts";
import { WaitlistSection } from "./waitlist-section.tsx";

const actionKey = { checked_in: "checkIn", completed: "complete", no_show: "noShow" } as const;

function CancelForm({
  booking,
  onDone,
}: {
  booking: StaffBooking;
  onDone: (message: string | null, error?: unknown) => void;
}) {
  const t = useStaffT();
  const cancel = useStaffMutation<{ reason: string }, StaffBooking>(
    "POST",
    () => `/bookings/${booking.reference}/cancel`,
    ["day"],
  );
  const [missing, setMissing] = useState(false);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get("reason") ?? "").trim();
    setMissing(!reason);
    if (!reason) return;
    cancel.mutate(
      { reason },
      {
        onSuccess: () =>
          onDone(
            t("statusChanged", {
              name: booking.client.name,
              status: t("statusCancelledByStaff"),
            }),
          ),
        onError: (error) => onDone(null, error),
      },
    );
  };
  return (
    <form className="cancel-form" onSubmit={onSubmit} noValidate>
      <Field label={t("cancelReason")} error={missing ? t("fieldRequired") : undefined}>
        {(props) => (
          // biome-ignore lint/a11y/noAutofocus: the field the staff member just asked for
          <input {...props} name="reason" maxLength={500} autoFocus />
        )}
      </Field>
      <button type="submit" className="danger" disabled={cancel.isPending}>
        {t("confirmCancel")}
      </button>{" "}
      <button type="button" onClick={() => onDone(null)}>
        {t("keep")}
      </button>
    </form>
  );
}

/** The answers as staff read them: questions, options and groups by their labels. */
function answersText(booking: StaffBooking, t: StaffT): string {
  return booking.answerLabels
    .map(({ key, question, value, valueLabel }) => {
      const asked = question ?? (key === "eligibility" ? t("eligibilityAnswer") : key);
      const answer =
        valueLabel ?? (value === true ? t("answerYes") : value === false ? t("answerNo") : value);
      return `${asked}: ${answer}`;
    })
    .join("; ");
}

/** The desk's buttons for one booking, or the cancel form it opened. */
function Actions({
  booking,
  deskOpen,
  onOutcome,
}: {
  booking: StaffBooking;
  deskOpen: boolean;
  onOutcome: (message: string | null, error?: unknown) => void;
}) {
  const t = useStaffT();
  const { time } = useI18n();
  const [cancelling, setCancelling] = useState(false);
  const [showMessages, setShowMessages] = useState(false);
  const setStatus = useStaffMutation<{ status: DeskStatus }, { status: string }>(
    "POST",
    () => `/bookings/${booking.reference}/status`,
    ["day"],
  );
  const undo = useStaffMutation<Record<string, never>, { status: StaffBooking["status"] }>(
    "POST",
    () => `/bookings/${booking.reference}/undo`,
    ["day"],
  );
  // Exactly the changes the API accepts: both read @pieraksts/domain's booking-status table,
  // which also keeps the marks for the booking's day (none for a day still to come).
  const actions = deskOpen ? deskActions(booking.status) : [];
  const label = (action: string) =>
    t("actionFor", { action, name: booking.client.name, time: time(booking.start) });
  if (cancelling) {
    return (
      <CancelForm
        booking={booking}
        onDone={(message, error) => {
          setCancelling(false);
          onOutcome(message, error);
        }}
      />
    );
  }
  const busy = setStatus.isPending || undo.isPending;
  return (
    <div className="row-actions">
      {actions.map((action) => (
        <button
          key={action}
          type="button"
          aria-label={label(t(actionKey[action]))}
          disabled={busy}
          onClick={() =>
            setStatus.mutate(
              { status: action },
              {
                onSuccess: () =>
                  onOutcome(
                    t("statusChanged", {
                      name: booking.client.name,
                      status: t(statusKey[action]),
                    }),
                  ),
                onError: (error) => onOutcome(null, error),
              },
            )
          }
        >
          {t(actionKey[action])}
        </button>
      ))}
      {booking.undo && (
        <button
          type="button"
          aria-label={label(t("undo"))}
          disabled={busy}
          onClick={() =>
            undo.mutate(
              {},
              {
                onSuccess: (result) =>
                  onOutcome(
                    t("undone", {
                      name: booking.client.name,
                      status: t(statusKey[result.status]),
                    }),
                  ),
                onError: (error) => onOutcome(null, error),
              },
            )
          }
        >
          {t("undo")}
        </button>
      )}
      <button
        type="button"
        aria-expanded={showMessages}
        aria-label={label(t("messages"))}
        onClick={() => setShowMessages((shown) => !shown)}
      >
        {t("messages")}
      </button>
      {canTransition(booking.status, "cancelled_by_staff") && (
        <button
          type="button"
          className="danger"
          aria-label={label(t("cancel"))}
          onClick={() => setCancelling(true)}
        >
          {t("cancel")}
        </button>
      )}
      {showMessages && <BookingMessages reference={booking.reference} />}
    </div>
  );
}

interface RowProps {
  booking: StaffBooking;
  deskOpen: boolean;
  onOutcome: (message: string | null, error?: unknown) => void;
}

function Phone({ phone }: { phone: string }) {
  return (
    <a href={`tel:${phone}`} className="day-phone">
      {readablePhone(phone)}
    </a>
  );
}

function Row({ booking, deskOpen, onOutcome }: RowProps) {
  const t = useStaffT();
  const { time } = useI18n();
  return (
    <tr className={`status-${booking.status}`}>
      <td className="day-time">{time(booking.start)}</td>
      <td>{booking.serviceName}</td>
      <td>
        {booking.client.name}
        <br />
        <span className="meta booking-ref">{booking.reference}</span>
      </td>
      <td>
        <Phone phone={booking.client.phone} />
      </td>
      <td>{answersText(booking, t)}</td>
      <td>
        {t(sourceKey[booking.source])}
        {booking.apiKey && (
          <span className="meta"> {t("viaApiKey", { name: booking.apiKey.name })}</span>
        )}
      </td>
      <td>
        <strong>{t(statusKey[booking.status])}</strong>
      </td>
      <td className="no-print">
        <Actions booking={booking} deskOpen={deskOpen} onOutcome={onOutcome} />
      </td>
    </tr>
  );
}

/** One booking as a card: the narrow screen's row. */
function Card({ booking, deskOpen, onOutcome }: RowProps) {
  const t = useStaffT();
  const { time } = useI18n();
  const answers = answersText(booking, t);
  return (
    <li className={`day-card status-${booking.status}`}>
      <h2 className="day-card-title">
        <span className="day-time">{time(booking.start)}</span> {booking.client.name}
      </h2>
      <p className="meta booking-ref">{booking.reference}</p>
      <dl>
        <dt>{t("status")}</dt>
        <dd>
          <strong>{t(statusKey[booking.status])}</strong>
        </dd>
        <dt>{t("service")}</dt>
        <dd>{booking.serviceName}</dd>
        <dt>{t("phone")}</dt>
        <dd>
          <Phone phone={booking.client.phone} />
        </dd>
        {answers && (
          <>
            <dt>{t("answers")}</dt>
            <dd>{answers}</dd>
          </>
        )}
        <dt>{t("source")}</dt>
        <dd>
          {t(sourceKey[booking.source])}
          {booking.apiKey && (
            <span className="meta"> {t("viaApiKey", { name: booking.apiKey.name })}</span>
          )}
        </dd>
      </dl>
      <div className="no-print">
        <Actions booking={booking} deskOpen={deskOpen} onOutcome={onOutcome} />
      </div>
    </li>
  );
}

/**
 * Below this width the day is a list of cards; a table needs more room than a phone has.
 * On paper it is always the table (A4 is wide enough for it).
 */
const narrowQuery = "screen and (max-width: 40rem)";

function useNarrow(): boolean {
  return useSyncExternalStore(
    (changed) => {
      const query = window.matchMedia(narrowQuery);
      query.addEventListener("change", changed);
      return () => query.removeEventListener("change", changed);
    },
    () => window.matchMedia(narrowQuery).matches,
  );
}

/** The day at a point: who is coming when, and the desk's actions. */
export function DayPage() {
  const t = useStaffT();
  const { lang, longDate } = useI18n();
  const [point] = usePoint();
  const points = useStaffPoints();
  const pointName = points.data?.find((p) => p.slug === point)?.name[lang];
  const narrow = useNarrow();
  const [date, setDate] = useState(todayInRiga());
  const deskOpen = deskMarksOpen(date, todayInRiga());
  const [status, setStatus] = useState("");
  const [service, setService] = useState("");
  const [outcome, setOutcome] = useState<{ message: string | null; error?: unknown }>({
    message: null,
  });
  const day = useDay(point, date);
  const bookings = day.data?.bookings ?? [];
  const services = [...new Map(bookings.map((b) => [b.service, b.serviceName])).entries()];
  const shown = bookings.filter(
    (b) => (!status || b.status === status) && (!service || b.service === service),
  );
  const title = t("dayTitle", { date: longDate(date) });
  const onOutcome = (message: string | null, error?: unknown) => setOutcome({ message, error });
  return (
    <>
      <PageHeading title={pointName ? `${title} – ${pointName}` : title}>
        {title}
        {pointName && (
          <span className="heading-point">
            <span className="sr-only">, </span>
            {pointName}
          </span>
        )}
      </PageHeading>
      <div className="filters no-print">
        <Field label={t("date")}>
          {(props) => (
            <input
              {...props}
              type="date"
              value={date}
              onChange={(event) => event.target.value && setDate(event.target.value)}
            />
          )}
        </Field>
        <button type="button" onClick={() => setDate(shiftDate(date, -1))}>
          {t("previousDay")}
        </button>
        <button type="button" onClick={() => setDate(shiftDate(date, 1))}>
          {t("nextDay")}
        </button>
        <Field label={t("filterStatus")}>
          {(props) => (
            <select {...props} value={status} onChange={(event) => setStatus(event.target.value)}>
              <option value="">{t("all")}</option>
              {Object.entries(statusKey).map(([value, key]) => (
                <option key={value} value={value}>
                  {t(key)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("filterService")}>
          {(props) => (
            <select {...props} value={service} onChange={(event) => setService(event.target.value)}>
              <option value="">{t("all")}</option>
              {services.map(([slug, name]) => (
                <option key={slug} value={slug}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="button" onClick={() => window.print()}>
          {t("print")}
        </button>
      </div>
      <Outcome ok={outcome.message} error={outcome.error} />
      {day.isError && <Outcome error={day.error} />}
      {day.isPending ? (
        <p role="status" className="loading">
          …
        </p>
      ) : shown.length === 0 ? (
        <p>{t("noBookings")}</p>
      ) : narrow ? (
        <ul className="day-cards" aria-label={t("shownCount", { count: shown.length })}>
          {shown.map((booking) => (
            <Card
              key={booking.reference}
              booking={booking}
              deskOpen={deskOpen}
              onOutcome={onOutcome}
            />
          ))}
        </ul>
      ) : (
        <div className="table-scroll">
          <table className="day-list">
            <caption className="sr-only">{t("shownCount", { count: shown.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("time")}</th>
                <th scope="col">{t("service")}</th>
                <th scope="col">{t("client")}</th>
                <th scope="col">{t("phone")}</th>
                <th scope="col">{t("answers")}</th>
                <th scope="col">{t("source")}</th>
                <th scope="col">{t("status")}</th>
                <th scope="col" className="no-print">
                  {t("actions")}
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((booking) => (
                <Row
                  key={booking.reference}
                  booking={booking}
                  deskOpen={deskOpen}
                  onOutcome={onOutcome}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {point && <WaitlistSection point={point} date={date} />}
    </>
  );
}
