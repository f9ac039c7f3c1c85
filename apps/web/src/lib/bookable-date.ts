import { shiftDate } from "./riga-time.ts";

/** The most days ahead any service may open (the admin form's maximum). */
export const MAX_ADVANCE_DAYS = 730;

/**
 * A `?date=` from the address, if the calendar can show it: a real date from the first
 * of this month to the last day the service takes bookings. Anything else (a typo, last
 * year, 9999-01-01) is undefined, and the calendar opens at this month instead of a
 * month whose availability can never load.
 */
export function bookableDate(
  value: string | null | undefined,
  today: string,
  maxAdvanceDays: number = MAX_ADVANCE_DAYS,
): string | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  // 2026-02-30 would roll over to March: only a date that survives the round trip is real.
  const noon = Date.parse(`${value}T12:00:00Z`);
  if (Number.isNaN(noon) || new Date(noon).toISOString().slice(0, 10) !== value) return undefined;
  if (value < `${today.slice(0, 8)}01`) return undefined;
  if (value > shiftDate(today, maxAdvanceDays)) return undefined;
  return value;
}
