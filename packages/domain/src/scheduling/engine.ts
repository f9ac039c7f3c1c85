import { DateTime } from "luxon";
import { isLatvianPublicHoliday } from "./holidays.ts";
import type {
  AvailabilityInput,
  ClosedPeriod,
  DayAvailability,
  ScheduleRule,
  Slot,
  WeeklyInterval,
} from "./types.ts";
import { ZoneOffsets } from "./zone-offsets.ts";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const parsedTimes = new Map<string, number>();

/** "HH:MM" → minutes after midnight. */
export function parseTime(value: string): number {
  let minutes = parsedTimes.get(value);
  if (minutes === undefined) {
    const match = /^(\d{2}):(\d{2})$/.exec(value);
    if (!match) throw new Error(`Not a time of day: ${value}`);
    minutes = Number(match[1]) * 60 + Number(match[2]);
    // Times of day are few ("00:00" to "99:59"); the bound is a guard all the same.
    if (parsedTimes.size < 10_000) parsedTimes.set(value, minutes);
  }
  return minutes;
}

function covers(rule: ScheduleRule, date: string): boolean {
  return (!rule.validFrom || rule.validFrom <= date) && (!rule.validTo || date <= rule.validTo);
}

/**
 * The opening intervals of one local date in minutes after midnight, merged, ordered and
 * non-overlapping. Seasonal schedules covering the date replace the week (mode REPLACE)
 * or add to it (mode ADD).
 */
export function openingMinutes(
  schedules: readonly ScheduleRule[],
  date: string,
  weekday: number,
): [number, number][] {
  const seasonal = schedules.filter((rule) => rule.kind === "SEASONAL" && covers(rule, date));
  const replacing = seasonal.filter((rule) => rule.mode === "REPLACE");
  const base = replacing.length
    ? replacing
    : schedules.filter((rule) => rule.kind === "REGULAR" && covers(rule, date));
  const adding = seasonal.filter((rule) => rule.mode === "ADD");
  const intervals: [number, number][] = [...base, ...adding]
    .flatMap((rule) => rule.intervals)
    .filter((interval: WeeklyInterval) => interval.weekday === weekday)
    .map((interval): [number, number] => [parseTime(interval.start), parseTime(interval.end)])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const interval of intervals) {
    const last = merged.at(-1);
    if (last && interval[0] <= last[1]) last[1] = Math.max(last[1], interval[1]);
    else merged.push([interval[0], interval[1]]);
  }
  return merged;
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

function offsetString(offsetMinutes: number): string {
  const abs = Math.abs(offsetMinutes);
  return `${offsetMinutes < 0 ? "-" : "+"}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/**
 * Formats instants as ISO 8601 with their local offset. It runs twice per slot, so it
 * avoids Date#toISOString and luxon: the date part is computed once per local day.
 */
/** "HH:MM:00" for each minute of the day, made once. */
const timeOfDay: string[] = Array.from(
  { length: 24 * 60 },
  (_, minute) => `${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)}:00`,
);

class LocalFormatter {
  private dayIndex = Number.NaN;
  private prefix = "";
  private readonly offsetStrings = new Map<number, string>();

  offset(offsetMinutes: number): string {
    let offset = this.offsetStrings.get(offsetMinutes);
    if (offset === undefined) {
      offset = offsetString(offsetMinutes);
      this.offsetStrings.set(offsetMinutes, offset);
    }
    return offset;
  }

  format(epochMs: number, offsetMinutes: number): string {
    const wall = epochMs + offsetMinutes * MINUTE;
    const dayIndex = Math.floor(wall / DAY);
    if (dayIndex !== this.dayIndex) {
      this.dayIndex = dayIndex;
      this.prefix = new Date(dayIndex * DAY).toISOString().slice(0, 11);
    }
    let offset = this.offsetStrings.get(offsetMinutes);
    if (offset === undefined) {
      offset = offsetString(offsetMinutes);
      this.offsetStrings.set(offsetMinutes, offset);
    }
    return this.prefix + timeOfDay[Math.floor((wall - dayIndex * DAY) / MINUTE)] + offset;
  }
}

function overlapsClosure(start: number, end: number, closures: readonly ClosedPeriod[]): boolean {
  for (const closure of closures) {
    if (start < closure.end.getTime() && closure.start.getTime() < end) return true;
  }
  return false;
}

/** "YYYY-MM-DD" → the local midnight read as UTC ("wall" milliseconds). */
function wallMidnight(date: string): number {
  return Date.UTC(
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)) - 1,
    Number(date.slice(8, 10)),
  );
}

/** The local date of `now` plus `days` calendar days, without luxon (it is per request). */
export function lastBookableDate(timezone: string, now: Date, days: number): string {
  const ms = now.getTime();
  const wall = ms + ZoneOffsets.covering(timezone, ms, ms).at(ms) * MINUTE;
  return new Date((Math.floor(wall / DAY) + days) * DAY).toISOString().slice(0, 10);
}

/**
 * Bookable slots per local date. A slot is listed only when it lies inside opening hours
 * (never across a break or past closing), on a day that is not a holiday or closed, not
 * inside the minimum notice or beyond the maximum advance, and both the slot and the
 * day's limit have room; `remaining` is the smaller of the two. A day's `remaining` is
 * what can really be booked that day: its slots' places, at most the day's limit's room.
 */
export function computeAvailability(input: AvailabilityInput): DayAvailability[] {
  const { rules, timezone } = input;
  const isHoliday = input.isHoliday ?? isLatvianPublicHoliday;
  const slotMs = rules.slotMinutes * MINUTE;
  const earliest = input.now.getTime() + rules.minNoticeMinutes * MINUTE;
  const firstWall = wallMidnight(input.from);
  const lastWall = wallMidnight(input.to);
  const offsets = ZoneOffsets.covering(timezone, firstWall - DAY, lastWall + 2 * DAY);
  const lastDate = lastBookableDate(timezone, input.now, rules.maxAdvanceDays);
  const formatter = new LocalFormatter();
  const seasonal = input.schedules
    .map((rule, index) => ({ rule, index }))
    .filter(({ rule }) => rule.kind === "SEASONAL" || rule.validFrom || rule.validTo);
  // Most dates share their weekday's hours: computed once per weekday and set of
  // date-ranged schedules that apply.
  const hoursCache = new Map<string, [number, number][]>();
  const bookings = input.slotBookings;
  const days: DayAvailability[] = [];

  for (let wall = firstWall; wall <= lastWall; wall += DAY) {
    const date = new Date(wall).toISOString().slice(0, 10);
    const slots: Slot[] = [];
    const day: DayAvailability = { date, slots, remaining: 0 };
    days.push(day);
    if (date > lastDate || rules.capacity <= 0 || slotMs <= 0 || isHoliday(date)) continue;
    const dayRoom =
      rules.dailyLimit === null
        ? Number.POSITIVE_INFINITY
        : rules.dailyLimit - (input.dayBookings.get(date) ?? 0);
    if (dayRoom <= 0) continue;
    const weekday = new Date(wall).getUTCDay() || 7;

    let key = String(weekday);
    for (const { rule, index } of seasonal) if (covers(rule, date)) key += `,${index}`;
    let hours = hoursCache.get(key);
    if (!hours) {
      hours = openingMinutes(input.schedules, date, weekday);
      hoursCache.set(key, hours);
    }
    const dayClosures = input.closures.filter(
      (closure) => closure.start.getTime() < wall + 2 * DAY && closure.end.getTime() > wall - DAY,
    );

    const prefix = `${date}T`;
    for (const [startMinute, endMinute] of hours) {
      const fromMs = offsets.instantOf(wall + startMinute * MINUTE);
      const untilMs = offsets.instantOf(wall + endMinute * MINUTE);
      // Nearly always one offset over the whole interval: then a slot's local time is
      // its minute of the day, and its strings are put together from ready parts.
      const offset = offsets.at(fromMs);
      const uniform = !offsets.changesWithin(fromMs, untilMs);
      const offsetText = formatter.offset(offset);
      let minute = (fromMs + offset * MINUTE - wall) / MINUTE;
      for (let t = fromMs; t + slotMs <= untilMs; t += slotMs, minute += rules.slotMinutes) {
        if (t < earliest) continue;
        if (dayClosures.length && overlapsClosure(t, t + slotMs, dayClosures)) continue;
        const taken = bookings.size ? (bookings.get(t) ?? 0) : 0;
        const remaining = Math.min(rules.capacity - taken, dayRoom);
        if (remaining <= 0) continue;
        const endMinute = minute + rules.slotMinutes;
        slots.push({
          start:
            uniform && minute >= 0 && minute < 1440
              ? prefix + timeOfDay[minute] + offsetText
              : formatter.format(t, offsets.at(t)),
          end:
            uniform && minute >= 0 && endMinute < 1440
              ? prefix + timeOfDay[endMinute] + offsetText
              : formatter.format(t + slotMs, offsets.at(t + slotMs)),
          remaining,
        });
        day.remaining += remaining;
      }
    }
    // Two showers a day over six free hours: two can be booked, not six.
    day.remaining = Math.min(day.remaining, dayRoom);
  }
  return days;
}

/** The offered slot starting at `start` (an instant), or why there is none. */
export type SlotCheck =
  | { ok: true; slot: Slot; date: string }
  | { ok: false; reason: "CLOSED" | "NOT_A_SLOT_START" | "TOO_SOON" | "TOO_FAR_AHEAD" | "FULL" };

export function checkSlot(input: Omit<AvailabilityInput, "from" | "to">, start: Date): SlotCheck {
  const local = DateTime.fromJSDate(start, { zone: input.timezone });
  const date = local.toISODate() ?? "";
  const open = computeAvailability({
    ...input,
    from: date,
    to: date,
    rules: { ...input.rules, minNoticeMinutes: 0, maxAdvanceDays: 100_000 },
    now: new Date(Math.min(input.now.getTime(), start.getTime())),
    slotBookings: new Map(),
    dayBookings: new Map(),
  });
  const t = start.getTime();
  const slots = open[0]?.slots ?? [];
  if (!slots.some((slot) => Date.parse(slot.start) === t)) {
    // Inside a slot but not at its start, or outside the hours altogether?
    const within = slots.some((slot) => Date.parse(slot.start) < t && t < Date.parse(slot.end));
    return { ok: false, reason: within ? "NOT_A_SLOT_START" : "CLOSED" };
  }
  if (start.getTime() < input.now.getTime() + input.rules.minNoticeMinutes * MINUTE) {
    return { ok: false, reason: "TOO_SOON" };
  }
  const lastDate =
    DateTime.fromJSDate(input.now, { zone: input.timezone })
      .plus({ days: input.rules.maxAdvanceDays })
      .toISODate() ?? "";
  if (date > lastDate) return { ok: false, reason: "TOO_FAR_AHEAD" };
  const offered = computeAvailability({ ...input, from: date, to: date });
  const slot = offered[0]?.slots.find((s) => Date.parse(s.start) === start.getTime());
  return slot ? { ok: true, slot, date } : { ok: false, reason: "FULL" };
}
