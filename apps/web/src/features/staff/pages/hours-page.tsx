import type { Schedule } from "@pieraksts/contracts";
import { type FormEvent, useEffect, useState } from "react";
import { PageHeading } from "../../../components/page.tsx";
import { Outcome } from "../components.tsx";
import { useSchedules, useStaffMutation } from "../staff-api.ts";
import { useStaffT } from "../staff-i18n.tsx";
import { usePoint } from "../use-point.ts";

type Interval = Schedule["intervals"][number];
const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;
const dayKey = (weekday: number) => `weekday${weekday}` as `weekday${1 | 2 | 3 | 4 | 5 | 6 | 7}`;

/** The point's regular week, edited day by day; saving replaces it at once. */
export function HoursPage() {
  const t = useStaffT();
  const [point] = usePoint();
  const schedules = useSchedules(point);
  const regular = schedules.data?.find((s) => s.kind === "regular" && !s.service);
  const seasonal = (schedules.data ?? []).filter((s) => s.kind === "seasonal");
  const [intervals, setIntervals] = useState<Interval[]>([]);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (regular) setIntervals(regular.intervals);
  }, [regular]);
  const save = useStaffMutation<{ kind: "regular"; intervals: Interval[] }, Schedule>(
    "PUT",
    () => `/schedules/${regular?.id}`,
    ["schedules"],
  );

  const update = (index: number, change: Partial<Interval>) =>
    setIntervals((all) =>
      all.map((interval, i) => (i === index ? { ...interval, ...change } : interval)),
    );
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
          {weekdays.map((weekday) => {
            const day = t(dayKey(weekday));
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
                      onClick={() => setIntervals((all) => all.filter((_, i) => i !== index))}
                    >
                      ✕
                    </button>
                  </div>
                ))}
                <button
                  type="button"
                  onClick={() =>
                    setIntervals((all) => [...all, { weekday, start: "08:00", end: "12:00" }])
                  }
                >
                  {t("addInterval", { day })}
                </button>
              </fieldset>
            );
          })}
          <Outcome ok={saved ? t("saved") : null} error={save.error} />
          <button type="submit" className="primary" disabled={save.isPending}>
            {t("save")}
          </button>
        </form>
      )}
      <h2>{t("seasonalSchedules")}</h2>
      {seasonal.length === 0 ? (
        <p>{t("noSeasonal")}</p>
      ) : (
        <ul>
          {seasonal.map((schedule) => (
            <li key={schedule.id}>
              {schedule.validFrom} – {schedule.validTo}
              {schedule.service ? ` (${schedule.service})` : ""}:{" "}
              {schedule.intervals
                .map((i) => `${t(dayKey(i.weekday))} ${i.start}–${i.end}`)
                .join(", ")}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
