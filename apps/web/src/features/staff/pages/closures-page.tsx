import type { Closure, CreateClosureRequest } from "@pieraksts/contracts";
import { type FormEvent, useState } from "react";
import { Field } from "../../../components/field.tsx";
import { PageHeading } from "../../../components/page.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { rigaInstant, todayInRiga } from "../../../lib/riga-time.ts";
import { Outcome } from "../components.tsx";
import { useClosures, usePointServices, useStaffMutation, useStaffPoints } from "../staff-api.ts";
import { useStaffT } from "../staff-i18n.tsx";
import { usePoint } from "../use-point.ts";

function Affected({ closure }: { closure: Closure }) {
  const t = useStaffT();
  const { time, longDate } = useI18n();
  return (
    <>
      {closure.cancelled && closure.cancelled.length > 0 && (
        <>
          <h3>{t("cancelledTitle")}</h3>
          <ul className="affected">
            {closure.cancelled.map((booking) => (
              <li key={booking.reference}>
                {longDate(booking.start)} {time(booking.start)} – {booking.client.name},{" "}
                <a href={`tel:${booking.client.phone}`}>{booking.client.phone}</a> (
                {booking.serviceName}, {booking.reference})
              </li>
            ))}
          </ul>
        </>
      )}
      <AffectedList closure={closure} />
    </>
  );
}

function AffectedList({ closure }: { closure: Closure }) {
  const t = useStaffT();
  const { time, longDate } = useI18n();
  if (closure.affected.length === 0) {
    return closure.cancelled?.length ? null : <p>{t("noneAffected")}</p>;
  }
  return (
    <>
      <h3>{t("affectedTitle")}</h3>
      <ul className="affected">
        {closure.affected.map((booking) => (
          <li key={booking.reference}>
            {longDate(booking.start)} {time(booking.start)} – {booking.client.name},{" "}
            <a href={`tel:${booking.client.phone}`}>{booking.client.phone}</a> (
            {booking.serviceName}, {booking.reference})
          </li>
        ))}
      </ul>
    </>
  );
}

/** Blocking time: an afternoon, a day, a range; the clients already booked to call. */
export function ClosuresPage({ admin }: { admin: boolean }) {
  const t = useStaffT();
  const { lang, time, longDate } = useI18n();
  const [point] = usePoint();
  const services = usePointServices(point);
  const points = useStaffPoints();
  // Names, not slugs: the point's and the service's in the staff member's language.
  const pointName = (slug: string) => points.data?.find((p) => p.slug === slug)?.name[lang] ?? slug;
  const serviceName = (slug: string) =>
    services.data?.find((s) => s.slug === slug)?.name[lang] ?? slug;
  const closures = useClosures(point);
  const [created, setCreated] = useState<Closure | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [reopened, setReopened] = useState(false);
  const create = useStaffMutation<CreateClosureRequest, Closure>("POST", () => "/closures", [
    "closures",
  ]);
  const reopen = useStaffMutation<{ id: string }, null>("DELETE", ({ id }) => `/closures/${id}`, [
    "closures",
  ]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const date = String(form.get("date") ?? "");
    const untilDate = String(form.get("untilDate") || date);
    const from = String(form.get("from") ?? "");
    const until = String(form.get("until") ?? "");
    const reason = String(form.get("reason") ?? "").trim();
    const scope = String(form.get("scope") ?? "point");
    const service = String(form.get("service") ?? "");
    const bookings = form.get("bookings") === "cancel" ? "cancel" : "keep";
    const message = String(form.get("message") ?? "").trim();
    const local: Record<string, string> = {};
    if (bookings === "cancel" && !message) local.message = t("fieldRequired");
    if (!date) local.date = t("fieldRequired");
    if (!from) local.from = t("fieldRequired");
    if (!until) local.until = t("fieldRequired");
    if (!reason) local.reason = t("fieldRequired");
    const start = date && from ? rigaInstant(date, from) : "";
    const end = untilDate && until ? rigaInstant(untilDate, until) : "";
    if (start && end && Date.parse(end) <= Date.parse(start)) {
      local[untilDate === date ? "until" : "untilDate"] = t("fieldInvalid");
    }
    setErrors(local);
    setCreated(null);
    setReopened(false);
    if (Object.keys(local).length) return;
    create.mutate(
      {
        kind: scope === "holiday" ? "holiday" : "closure",
        servicePoint: scope === "point" ? point : null,
        service: scope === "point" && service ? service : null,
        start,
        end,
        reason,
        bookings,
        ...(bookings === "cancel" ? { message } : {}),
      },
      { onSuccess: (closure) => setCreated(closure) },
    );
  };

  return (
    <>
      <PageHeading title={t("closuresTitle")}>{t("closuresTitle")}</PageHeading>
      <section aria-labelledby="new-closure">
        <h2 id="new-closure">{t("newClosure")}</h2>
        <form className="booking-form staff-form" noValidate onSubmit={onSubmit}>
          {admin && (
            <Field label={t("servicePoint")}>
              {(props) => (
                <select {...props} name="scope" defaultValue="point">
                  <option value="point">{point}</option>
                  <option value="organisation">{t("wholeOrganisation")}</option>
                  <option value="holiday">{t("holiday")}</option>
                </select>
              )}
            </Field>
          )}
          <Field label={t("service")}>
            {(props) => (
              <select {...props} name="service" defaultValue="">
                <option value="">{t("allServices")}</option>
                {(services.data ?? []).map((s) => (
                  <option key={s.slug} value={s.slug}>
                    {s.name[lang]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="inline-fields">
            <Field label={t("date")} error={errors.date}>
              {(props) => <input {...props} name="date" type="date" defaultValue={todayInRiga()} />}
            </Field>
            <Field label={t("from")} error={errors.from}>
              {(props) => <input {...props} name="from" type="time" defaultValue="12:00" />}
            </Field>
            <Field label={t("untilDate")} error={errors.untilDate}>
              {(props) => <input {...props} name="untilDate" type="date" />}
            </Field>
            <Field label={t("until")} error={errors.until}>
              {(props) => <input {...props} name="until" type="time" defaultValue="16:00" />}
            </Field>
          </div>
          <Field label={t("reason")} error={errors.reason}>
            {(props) => <input {...props} name="reason" maxLength={500} />}
          </Field>
          <fieldset className="field">
            <legend>{t("closureBookings")}</legend>
            <label className="choice">
              <input type="radio" name="bookings" value="keep" defaultChecked /> {t("closureKeep")}
            </label>
            <label className="choice">
              <input type="radio" name="bookings" value="cancel" /> {t("closureCancel")}
            </label>
          </fieldset>
          <Field label={t("closureMessage")} error={errors.message}>
            {(props) => <textarea {...props} name="message" rows={3} maxLength={500} />}
          </Field>
          <button type="submit" className="primary" disabled={create.isPending}>
            {t("close")}
          </button>
        </form>
        <div aria-live="polite">
          {created && (
            <div className="notice notice-ok">
              <p>{t("closed")}</p>
              <Affected closure={created} />
            </div>
          )}
        </div>
        <Outcome error={create.error ?? reopen.error} ok={reopened ? t("reopened") : null} />
      </section>
      <section aria-labelledby="upcoming-closures">
        <h2 id="upcoming-closures">{t("upcomingClosures")}</h2>
        {closures.isError && <Outcome error={closures.error} />}
        {(closures.data ?? []).length === 0 ? (
          <p>{t("noClosures")}</p>
        ) : (
          <ul className="card-list">
            {(closures.data ?? []).map((closure) => (
              <li key={closure.id} className="card">
                <h3>
                  {longDate(closure.start)} {time(closure.start)} – {longDate(closure.end)}{" "}
                  {time(closure.end)}
                </h3>
                <p>
                  {closure.kind === "holiday"
                    ? t("holiday")
                    : closure.servicePoint
                      ? `${pointName(closure.servicePoint)}${closure.service ? `, ${serviceName(closure.service)}` : ""}`
                      : t("wholeOrganisation")}
                  {closure.reason ? `: ${closure.reason}` : ""}
                </p>
                <Affected closure={closure} />
                {(admin || closure.servicePoint) && (
                  <button
                    type="button"
                    aria-label={t("actionFor", {
                      action: t("reopen"),
                      name: closure.reason ?? "",
                      time: `${longDate(closure.start)} ${time(closure.start)}`,
                    })}
                    onClick={() =>
                      reopen.mutate({ id: closure.id }, { onSuccess: () => setReopened(true) })
                    }
                  >
                    {t("reopen")}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
