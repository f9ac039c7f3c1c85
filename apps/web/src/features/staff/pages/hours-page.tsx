import type { SaveScheduleRequest, Schedule, ScheduleInterval } from "@pieraksts/contracts";
import { type FormEvent, useEffect, useState } from "react";
import { Field } from "../../../components/field.tsx";
import { PageHeading } from "../../../components/page.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { todayInRiga } from "../../../lib/riga-time.ts";
import { Outcome } from "../components.tsx";
import { usePointServices, useSchedules, useStaffMutation } from "../staff-api.ts";
import { useStaffT } from "../staff-i18n.tsx";
import { usePoint } from "../use-point.ts";

const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;
/** Weekday names come from the public texts, which are always loaded. */
const dayKey = (weekday: number) => `weekday${weekday}` as `weekday${1 | 2 | 3 | 4 | 5 | 6 | 7}`;

/** Hours per weekday: several intervals a day (breaks between them), none for closed. */
function WeekEditor({
  intervals,
  onChange,
  label,
}: {
  intervals: ScheduleInterval[];
  onChange: (next: ScheduleInterval[]) => void;
  /** Told apart from another editor on the page (regular / seasonal). */
  label?: string;
}) {
  const t = useStaffT();
  const { t: text } = useI18n();
  const update = (index: number, change: Partial<ScheduleInterval>) =>
    onChange(intervals.map((interval, i) => (i === index ? { ...interval, ...change } : interval)));
  return (
    <>
      {weekdays.map((weekday) => {
        const day = label ? `${text(dayKey(weekday))} (${label})` : text(dayKey(weekday));
        const own = intervals
          .map((interval, index) => ({ interval, index }))
          .filter(({ interval }) => interval.weekday === weekday);
        return (
          <fieldset key={weekday} className="hours-day">
            <legend>{day}</legend>
            {own.length === 0 && <p className="meta">{t("dayClosed")}</p>}
            {own.map(({ interval, index }, n) => (
              <div key={index} className="inline-fields">
                <label>
                  <span className="sr-only">{t("intervalFrom", { day, n: n + 1 })}</span>
                  <input
                    type="time"
                    value={interval.start}
                    onChange={(event) => update(index, { start: event.target.value })}
                  />
                </label>
                <span aria-hidden="true">–</span>
                <label>
                  <span className="sr-only">{t("intervalUntil", { day, n: n + 1 })}</span>
                  <input
                    type="time"
                    value={interval.end}
                    onChange={(event) => update(index, { end: event.target.value })}
                  />
                </label>
                <button
                  type="button"
                  aria-label={t("removeInterval", { day, n: n + 1 })}
                  onClick={() => onChange(intervals.filter((_, i) => i !== index))}
                >
                  ✕
                </button>
              </div>
            ))}
            <button
              type="button"
              onClick={() => onChange([...intervals, { weekday, start: "08:00", end: "12:00" }])}
            >
              {t("addInterval", { day })}
            </button>
          </fieldset>
        );
      })}
    </>
  );
}

function SeasonalForm({ point }: { point: string }) {
  const t = useStaffT();
  const [intervals, setIntervals] = useState<ScheduleInterval[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [added, setAdded] = useState(false);
  const create = useStaffMutation<SaveScheduleRequest, Schedule>(
    "POST",
    () => `/service-points/${point}/schedules`,
    ["schedules"],
  );
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const validFrom = String(form.get("validFrom") ?? "");
    const validTo = String(form.get("validTo") ?? "");
    const name = String(form.get("name") ?? "").trim();
    const local: Record<string, string> = {};
    if (!validFrom) local.validFrom = t("fieldRequired");
    if (!validTo) local.validTo = t("fieldRequired");
    else if (validFrom && validTo < validFrom) local.validTo = t("fieldInvalid");
    setErrors(local);
    setAdded(false);
    if (Object.keys(local).length) return;
    create.mutate(
      {
        kind: "seasonal",
        mode: form.get("mode") === "add" ? "add" : "replace",
        validFrom,
        validTo,
        name: name ? { lv: name, ru: name, en: name } : null,
        intervals,
      },
      {
        onSuccess: () => {
          setAdded(true);
          setIntervals([]);
          formElement.reset();
        },
      },
    );
  };
  return (
    <form className="staff-form hours-form" noValidate onSubmit={onSubmit}>
      <h3>{t("newSeasonal")}</h3>
      <div className="inline-fields">
        <Field label={t("validFrom")} error={errors.validFrom}>
          {(props) => (
            <input {...props} name="validFrom" type="date" defaultValue={todayInRiga()} />
          )}
        </Field>
        <Field label={t("validTo")} error={errors.validTo}>
          {(props) => <input {...props} name="validTo" type="date" />}
        </Field>
        <Field label={t("seasonName")}>
          {(props) => <input {...props} name="name" maxLength={200} />}
        </Field>
      </div>
      <fieldset>
        <legend>{t("seasonMode")}</legend>
        <label className="choice">
          <input type="radio" name="mode" value="replace" defaultChecked /> {t("modeReplace")}
        </label>
        <label className="choice">
          <input type="radio" name="mode" value="add" /> {t("modeAdd")}
        </label>
      </fieldset>
      <WeekEditor intervals={intervals} onChange={setIntervals} label={t("newSeasonal")} />
      <Outcome ok={added ? t("seasonalAdded") : null} error={create.error} />
      <button type="submit" className="primary" disabled={create.isPending}>
        {t("addSeasonal")}
      </button>
    </form>
  );
}

/** The point's regular week and its seasonal schedules; saving applies at once. */
export function HoursPage() {
  const t = useStaffT();
  const { t: text, lang } = useI18n();
  const [point] = usePoint();
  const schedules = useSchedules(point);
  const services = usePointServices(point);
  const serviceName = (slug: string) =>
    services.data?.find((s) => s.slug === slug)?.name[lang] ?? slug;
  const regular = schedules.data?.find((s) => s.kind === "regular" && !s.service);
  const seasonal = (schedules.data ?? []).filter((s) => s.kind === "seasonal");
  const [intervals, setIntervals] = useState<ScheduleInterval[]>([]);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (regular) setIntervals(regular.intervals);
  }, [regular]);
  const save = useStaffMutation<SaveScheduleRequest, Schedule>(
    "PUT",
    () => `/schedules/${regular?.id}`,
    ["schedules"],
  );
  const remove = useStaffMutation<{ id: string }, null>("DELETE", ({ id }) => `/schedules/${id}`, [
    "schedules",
  ]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    save.mutate({ kind: "regular", intervals }, { onSuccess: () => setSaved(true) });
  };

  return (
    <>
      <PageHeading title={t("hoursTitle")}>{t("hoursTitle")}</PageHeading>
      {schedules.isError && <Outcome error={schedules.error} />}
      {regular && (
        <form className="staff-form hours-form" noValidate onSubmit={onSubmit}>
          <h2>{t("regularWeek")}</h2>
          <WeekEditor intervals={intervals} onChange={setIntervals} />
          <Outcome ok={saved ? t("saved") : null} error={save.error} />
          <button type="submit" className="primary" disabled={save.isPending}>
            {t("save")}
          </button>
        </form>
      )}
      <h2>{t("seasonalSchedules")}</h2>
      <Outcome error={remove.error} />
      {seasonal.length === 0 ? (
        <p>{t("noSeasonal")}</p>
      ) : (
        <ul>
          {seasonal.map((schedule) => {
            const name = `${schedule.validFrom} – ${schedule.validTo}`;
            return (
              <li key={schedule.id}>
                {name}
                {schedule.service ? ` (${serviceName(schedule.service)})` : ""}:{" "}
                {schedule.intervals
                  .map((i) => `${text(dayKey(i.weekday))} ${i.start}–${i.end}`)
                  .join(", ") || t("dayClosed")}{" "}
                <button
                  type="button"
                  aria-label={t("removeSeasonal", { name })}
                  onClick={() => remove.mutate({ id: schedule.id })}
                >
                  {t("remove")}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <SeasonalForm point={point} />
    </>
  );
}
