import type { Slot } from "@pieraksts/contracts";
import { useEffect, useMemo, useRef, useState } from "react";
import { bookableDate } from "../lib/bookable-date.ts";
import { useI18n } from "../lib/i18n/i18n.tsx";
import type { MessageKey } from "../lib/i18n/messages-lv.ts";
import { useAvailability } from "../lib/queries.ts";
import { todayInRiga } from "../lib/riga-time.ts";
import { QueryState } from "./query-state.tsx";

function iso(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** ISO weekday (1 = Monday) of a date. */
function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() || 7;
}

/**
 * A month calendar where only days with free places can be chosen, then that day's free
 * times. Dates are buttons announced as full dates with their free places; choosing one
 * moves the focus to the times.
 */
export function SlotPicker({
  servicePoint,
  service,
  selectedDate,
  onSelectDate,
  onSelectTime,
  busy = false,
  opening,
}: {
  servicePoint: string;
  service: string;
  selectedDate: string | undefined;
  onSelectDate: (date: string) => void;
  onSelectTime: (slot: Slot) => void;
  busy?: boolean;
  /** A seasonal service's next first day, when it is closed until then, and the day
   * booking for it opens if that is still ahead. */
  opening?: { date: string; bookingFrom?: string };
}) {
  const { t, month: monthName, weekdayShort, longDate, time, dateRange } = useI18n();
  const today = todayInRiga();
  // A date the calendar cannot show opens this month rather than one that never loads.
  const initial = (bookableDate(selectedDate, today) ?? today).split("-").map(Number) as [
    number,
    number,
    number,
  ];
  const [view, setView] = useState({ year: initial[0], month: initial[1] });
  const first = iso(view.year, view.month, 1);
  const last = iso(view.year, view.month, daysInMonth(view.year, view.month));
  // ISO dates order as strings, which Math.max cannot compare.
  // biome-ignore lint/complexity/useMathMinMax: strings, not numbers
  const from = first < today ? today : first;
  // biome-ignore lint/complexity/useMathMinMax: strings, not numbers
  const to = last < from ? from : last;
  const query = useAvailability(servicePoint, service, from, to);
  const timesHeading = useRef<HTMLHeadingElement>(null);
  const chosenByUser = useRef(false);

  useEffect(() => {
    if (selectedDate && chosenByUser.current) {
      chosenByUser.current = false;
      timesHeading.current?.focus();
    }
  }, [selectedDate]);

  const byDate = useMemo(() => {
    const map = new Map<string, Slot[]>();
    for (const day of query.data?.days ?? []) map.set(day.date, day.slots);
    return map;
  }, [query.data]);
  // What can really be booked that day: two showers a day, not six free hours.
  const placesByDate = useMemo(() => {
    const map = new Map<string, number>();
    for (const day of query.data?.days ?? []) map.set(day.date, day.remaining);
    return map;
  }, [query.data]);

  const move = (delta: number) => {
    const index = view.year * 12 + (view.month - 1) + delta;
    setView({ year: Math.floor(index / 12), month: (index % 12) + 1 });
  };
  const canGoBack = first > `${today.slice(0, 8)}01`;
  const cells: (number | null)[] = [];
  for (let i = 1; i < weekdayOf(view.year, view.month, 1); i++) cells.push(null);
  for (let d = 1; d <= daysInMonth(view.year, view.month); d++) cells.push(d);
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
  const slots = selectedDate ? (byDate.get(selectedDate) ?? []) : [];
  const monthHasFree = [...byDate.values()].some((list) => list.length > 0);

  return (
    <div className="slot-picker">
      <section aria-labelledby="day-heading">
        <h2 id="day-heading">{t("chooseDay")}</h2>
        <div className="month-nav">
          <button
            type="button"
            onClick={() => move(-1)}
            disabled={!canGoBack}
            aria-label={t("previousMonth")}
          >
            <span aria-hidden="true">‹</span>
          </button>
          <h3 aria-live="polite">{monthName(view.year, view.month)}</h3>
          <button type="button" onClick={() => move(1)} aria-label={t("nextMonth")}>
            <span aria-hidden="true">›</span>
          </button>
        </div>
        {/* The month's height is kept while it loads, so nothing below jumps. */}
        <div className="calendar-area">
          <QueryState query={query}>
            {() => (
              <>
                <table className="calendar">
                  <caption className="sr-only">{monthName(view.year, view.month)}</caption>
                  <thead>
                    <tr>
                      {[1, 2, 3, 4, 5, 6, 7].map((weekday) => (
                        <th key={weekday} scope="col">
                          <span aria-hidden="true">{weekdayShort(weekday)}</span>
                          <span className="sr-only">{t(`weekday${weekday}` as MessageKey)}</span>
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {weeks.map((week) => (
                      <tr key={week.join("-")}>
                        {week.map((day, index) => {
                          // Blank cells before the 1st and after the last day: their place is their identity.
                          // biome-ignore lint/suspicious/noArrayIndexKey: see above
                          if (day === null) return <td key={`blank-${index}`} />;
                          const date = iso(view.year, view.month, day);
                          const free = byDate.get(date) ?? [];
                          const places = placesByDate.get(date) ?? 0;
                          return (
                            <td key={date}>
                              {free.length > 0 ? (
                                <button
                                  type="button"
                                  className="day"
                                  aria-pressed={date === selectedDate}
                                  aria-label={t("dayFree", { date: longDate(date), count: places })}
                                  onClick={() => {
                                    chosenByUser.current = true;
                                    onSelectDate(date);
                                  }}
                                >
                                  {day}
                                </button>
                              ) : (
                                <span className="day closed">
                                  <span aria-hidden="true">{day}</span>
                                  <span className="sr-only">
                                    {t("dayClosed", { date: longDate(date) })}
                                  </span>
                                </span>
                              )}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
                {!monthHasFree &&
                  (opening?.bookingFrom ? (
                    <p className="notice">
                      {t("bookingOpensLater", {
                        date: longDate(opening.date),
                        opens: longDate(opening.bookingFrom),
                      })}
                    </p>
                  ) : opening && opening.date > last ? (
                    <div className="notice">
                      <p>{t("opensOn", { date: longDate(opening.date) })}</p>
                      <button
                        type="button"
                        onClick={() => {
                          const [year, month] = opening.date.split("-").map(Number) as [
                            number,
                            number,
                          ];
                          setView({ year, month });
                          chosenByUser.current = true;
                          onSelectDate(opening.date);
                        }}
                      >
                        {t("showFirstDay", { date: dateRange(opening.date, opening.date) })}
                      </button>
                    </div>
                  ) : (
                    <p>{t("noFreeDays")}</p>
                  ))}
              </>
            )}
          </QueryState>
        </div>
      </section>
      <section aria-labelledby="time-heading">
        <h2 id="time-heading" ref={timesHeading} tabIndex={-1}>
          {selectedDate ? `${t("chooseTime")}: ${longDate(selectedDate)}` : t("chooseTime")}
        </h2>
        {!selectedDate && <p>{t("selectDayFirst")}</p>}
        {selectedDate && query.isSuccess && slots.length === 0 && <p>{t("noTimesLeft")}</p>}
        {slots.length > 0 && (
          <ul className="times">
            {slots.map((slot) => (
              <li key={slot.start}>
                <button
                  type="button"
                  className="time"
                  disabled={busy}
                  onClick={() => onSelectTime(slot)}
                >
                  <span className="time-value">
                    {time(slot.start)}
                    <span className="sr-only">,</span>
                  </span>
                  <span className="time-places">{t("placesLeft", { count: slot.remaining })}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
