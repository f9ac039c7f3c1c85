import type {
  StaffBookingKind,
  StaffCreateBookingRequest,
  StaffCreateBookingResponse,
} from "@pieraksts/contracts";
import { type FormEvent, useRef, useState } from "react";
import { Field } from "../../../components/field.tsx";
import { PageHeading } from "../../../components/page.tsx";
import { invalidFields } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { todayInRiga } from "../../../lib/riga-time.ts";
import { Outcome } from "../components.tsx";
import { usePointServices, useStaffAvailability, useStaffMutation } from "../staff-api.ts";
import { useStaffT } from "../staff-i18n.tsx";
import { usePoint } from "../use-point.ts";
import { BookingQuestions, readAnswers } from "./booking-questions.tsx";

/** A walk-in at the desk or a caller on the phone, booked by staff. */
export function NewBookingPage() {
  const t = useStaffT();
  const { lang, time, longDate } = useI18n();
  const [point] = usePoint();
  const services = usePointServices(point);
  const active = (services.data ?? []).filter((s) => s.active);
  const [kind, setKind] = useState<StaffBookingKind>("walk_in");
  const [chosenService, setService] = useState("");
  const service = chosenService || active[0]?.slug || "";
  const serviceDetails = active.find((s) => s.slug === service);
  const [date, setDate] = useState(todayInRiga());
  const day = kind === "walk_in" ? todayInRiga() : date;
  const availability = useStaffAvailability(point, service, day, kind);
  const slots = availability.data?.days[0]?.slots ?? [];
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<StaffCreateBookingResponse | null>(null);
  const create = useStaffMutation<StaffCreateBookingRequest, StaffCreateBookingResponse>(
    "POST",
    () => "/bookings",
    ["day", "availability"],
  );
  const result = useRef<HTMLDivElement>(null);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const start = String(form.get("start") ?? "");
    const name = String(form.get("name") ?? "").trim();
    const phone = String(form.get("phone") ?? "").trim();
    const notify = form.get("notify") === "on";
    const local: Record<string, string> = {};
    const { answers, missing } = readAnswers(serviceDetails, form);
    for (const field of missing) local[field] = t("fieldRequired");
    if (!start) local.start = t("chooseTime");
    if (name.length < 2) local.name = t("fieldRequired");
    if (phone.length < 5) local.phone = t("fieldRequired");
    setErrors(local);
    setDone(null);
    if (Object.keys(local).length) return;
    create.mutate(
      { kind, servicePoint: point, service, start, client: { name, phone }, answers, notify },
      {
        onSuccess: (booking) => {
          setDone(booking);
          formElement.reset();
          result.current?.focus();
        },
        onError: (error) => {
          setErrors(
            Object.fromEntries(invalidFields(error).map((field) => [field, t("fieldInvalid")])),
          );
          result.current?.focus();
        },
      },
    );
  };

  return (
    <>
      <PageHeading title={t("newBookingTitle")}>{t("newBookingTitle")}</PageHeading>
      <div ref={result} tabIndex={-1}>
        {done ? (
          <div className="notice notice-ok" role="status">
            <p>
              {t("booked", {
                name: done.client.name,
                date: longDate(done.start),
                time: time(done.start),
              })}
            </p>
            <p>
              {t("readOutReference")} <strong className="reference">{done.reference}</strong>
            </p>
          </div>
        ) : (
          <Outcome error={create.error} />
        )}
      </div>
      <form className="booking-form staff-form" noValidate onSubmit={onSubmit}>
        <fieldset>
          <legend>{t("kind")}</legend>
          {(["walk_in", "phone"] as const).map((value) => (
            <label key={value} className="choice">
              <input
                type="radio"
                name="kind"
                value={value}
                checked={kind === value}
                onChange={() => setKind(value)}
              />{" "}
              {t(value === "walk_in" ? "kindWalkIn" : "kindPhone")}
            </label>
          ))}
        </fieldset>
        <Field label={t("service")}>
          {(props) => (
            <select {...props} value={service} onChange={(event) => setService(event.target.value)}>
              {active.map((s) => (
                <option key={s.slug} value={s.slug}>
                  {s.name[lang]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {kind === "phone" && (
          <Field label={t("date")}>
            {(props) => (
              <input
                {...props}
                type="date"
                value={date}
                min={todayInRiga()}
                onChange={(event) => event.target.value && setDate(event.target.value)}
              />
            )}
          </Field>
        )}
        <fieldset className={errors.start ? "field-invalid" : undefined}>
          <legend>
            {t("freeTimes")}: {longDate(day)}
          </legend>
          {errors.start && <p className="field-error">{errors.start}</p>}
          {availability.isPending ? (
            <p className="loading">…</p>
          ) : slots.length === 0 ? (
            <p>{t("noFreeTimes")}</p>
          ) : (
            <div className="staff-slots">
              {slots.map((slot) => (
                <label key={slot.start} className="choice">
                  <input type="radio" name="start" value={slot.start} /> {time(slot.start)}{" "}
                  <span className="meta">({t("placesLeft", { count: slot.remaining })})</span>
                </label>
              ))}
            </div>
          )}
        </fieldset>
        <BookingQuestions key={service} service={serviceDetails} errors={errors} />
        <Field label={t("name")} error={errors.name}>
          {(props) => <input {...props} name="name" autoComplete="off" maxLength={100} />}
        </Field>
        <Field label={t("phone")} error={errors.phone}>
          {(props) => (
            <input {...props} name="phone" type="tel" autoComplete="off" maxLength={32} />
          )}
        </Field>
        <label className="choice">
          <input type="checkbox" name="notify" /> {t("notifyConsent")}
        </label>
        <button type="submit" className="primary" disabled={create.isPending}>
          {t("book")}
        </button>
      </form>
    </>
  );
}
