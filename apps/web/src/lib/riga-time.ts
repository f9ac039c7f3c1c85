import { TIME_ZONE } from "./i18n/i18n.tsx";

const dateFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});
const wallFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** Today's date in Riga, YYYY-MM-DD. */
export function todayInRiga(now = new Date()): string {
  return dateFormat.format(now);
}

/**
 * The instant of a Riga wall-clock time as ISO 8601 with its offset: the offset (+02:00
 * or +03:00) is the one under which the instant reads back as that wall-clock time.
 */
export function rigaInstant(date: string, time: string): string {
  if (time === "24:00") {
    return rigaInstant(shiftDate(date, 1), "00:00");
  }
  for (const offset of ["+02:00", "+03:00"]) {
    const iso = `${date}T${time}:00${offset}`;
    const wall = wallFormat.format(new Date(iso)).replace(", ", "T");
    if (wall === `${date}T${time}`) return iso;
  }
  // A time skipped by the spring change: the next hour exists.
  return `${date}T${time}:00+02:00`;
}

/** The local date `days` after `date` (both YYYY-MM-DD). */
export function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
