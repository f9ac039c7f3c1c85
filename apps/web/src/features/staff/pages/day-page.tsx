import type { StaffBooking } from "@pieraksts/contracts";
import { canTransition, type DeskStatus, deskActions } from "@pieraksts/domain/booking-status";
import { type FormEvent, useState } from "react";
import { Field } from "../../../components/field.tsx";
import { PageHeading } from "../../../components/page.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { shiftDate, todayInRiga } from "../../../lib/riga-time.ts";
import { Outcome, sourceKey, statusKey } from "../components.tsx";
import { useDay, useStaffMutation } from "../staff-api.ts";
import { useStaffT } from "../staff-i18n.tsx";
import { usePoint } from "../use-point.ts";

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

function Row({
  booking,
  onOutcome,
}: {
  booking: StaffBooking;
  onOutcome: (message: string | null, error?: unknown) => void;
}) {
  const t = useStaffT();
  const { time } = useI18n();
  const [cancelling, setCancelling] = useState(false);
  const setStatus = useStaffMutation<{ status: DeskStatus }, { status: string }>(
    "POST",
    () => `/bookings/${booking.reference}/status`,
    ["day"],
  );
  // Exactly the changes the API accepts: both read @pieraksts/domain's booking-status table.
  const actions = deskActions(booking.status);
  const answers = Object.entries(booking.answers)
    .map(([key, value]) => `${key}: ${value === true ? "✓" : value === false ? "–" : value}`)
    .join("; ");
  const label = (action: string) =>
    t("actionFor", { action, name: booking.client.name, time: time(booking.start) });
  return (
    <tr className={`status-${booking.status}`}>
      <td>{time(booking.start)}</td>
      <td>{booking.serviceName}</td>
      <td>
        {booking.client.name}
        <br />
        <span className="meta">{booking.reference}</span>
      </td>
      <td>
        <a href={`tel:${booking.client.phone}`}>{booking.client.phone}</a>
      </td>
      <td>{answers}</td>
      <td>{t(sourceKey[booking.source])}</td>
      <td>
        <strong>{t(statusKey[booking.status])}</strong>
      </td>
      <td className="no-print">
        {cancelling ? (
          <CancelForm
            booking={booking}
            onDone={(message, error) => {
              setCancelling(false);
              onOutcome(message, error);
            }}
          />
        ) : (
          <div className="row-actions">
            {actions.map((action) => (
              <button
                key={action}
                type="button"
                aria-label={label(t(actionKey[action]))}
                disabled={setStatus.isPending}
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
          </div>
        )}
      </td>
    </tr>
  );
}

/** The day at a point: who is coming when, and the desk's actions. */
export function DayPage() {
  const t = useStaffT();
  const { longDate } = useI18n();
  const [point] = usePoint();
  const [date, setDate] = useState(todayInRiga());
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
  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
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
                  onOutcome={(message, error) => setOutcome({ message, error })}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
