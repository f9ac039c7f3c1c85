/** A weekly opening interval in local wall-clock time ("HH:MM", end exclusive). */
export interface WeeklyInterval {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  start: string;
  end: string;
}

/**
 * Opening hours. A regular schedule is the ordinary week; a seasonal one applies on its
 * local dates (inclusive) and either replaces the week or adds to it.
 */
export interface ScheduleRule {
  kind: "REGULAR" | "SEASONAL";
  mode: "REPLACE" | "ADD";
  validFrom?: string | null;
  validTo?: string | null;
  intervals: WeeklyInterval[];
}

/** Time when nothing can be booked, as instants [start, end). */
export interface ClosedPeriod {
  start: Date;
  end: Date;
}

export interface BookingRules {
  slotMinutes: number;
  /** Places per slot offered to this caller (public or staff). */
  capacity: number;
  /** Bookings per local day at most; null: no limit. */
  dailyLimit: number | null;
  minNoticeMinutes: number;
  maxAdvanceDays: number;
}

export interface AvailabilityInput {
  timezone: string;
  /** Local dates, YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
  now: Date;
  rules: BookingRules;
  schedules: readonly ScheduleRule[];
  closures: readonly ClosedPeriod[];
  /** Defaults to Latvia's public holidays. */
  isHoliday?: (date: string) => boolean;
  /** Places taken per slot, by the slot's start instant in epoch milliseconds. */
  slotBookings: ReadonlyMap<number, number>;
  /** Bookings taken per local date. */
  dayBookings: ReadonlyMap<string, number>;
}

export interface Slot {
  /** ISO 8601 with the local offset, e.g. 2027-03-30T08:00:00+03:00. */
  start: string;
  end: string;
  remaining: number;
}

export interface DayAvailability {
  date: string;
  slots: Slot[];
  /** Places one can still book that day: the slots' free places, at most the day's room. */
  remaining: number;
}
