import type { ServicePoint } from "@pieraksts/contracts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";

const weekdayKeys = [
  "weekday1",
  "weekday2",
  "weekday3",
  "weekday4",
  "weekday5",
  "weekday6",
  "weekday7",
] as const;

export function OpeningHours({
  hours,
  published = true,
}: {
  hours: ServicePoint["openingHours"];
  /** False for the seed's stand-in hours: said to be unpublished, not shown as the service's. */
  published?: boolean;
}) {
  const { t } = useI18n();
  if (!published) {
    return (
      <div className="opening-hours">
        <h3>{t("openingHours")}</h3>
        <p>{t("hoursNotPublished")}</p>
      </div>
    );
  }
  if (hours.length === 0) return null;
  return (
    <div className="opening-hours">
      <h3>{t("openingHours")}</h3>
      <dl>
        {hours.map((day) => (
          <div key={day.weekday}>
            <dt>{t(weekdayKeys[day.weekday - 1] ?? "weekday1")}</dt>
            <dd>
              {day.intervals.map((interval, index) => (
                <span key={interval.start}>
                  {index > 0 && ", "}
                  <span className="interval">
                    {interval.start}–{interval.end}
                  </span>
                </span>
              ))}
            </dd>
          </div>
        ))}
      </dl>
      <p>{t("byAppointmentOnly")}</p>
    </div>
  );
}
