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

const MINUTE = 60_000;

/** "HH:MM" → minutes after midnight. */
export function parseTime(value: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  if (!match) throw new Error(`Not a time of day: ${value}`);
  return Number(match[1]) * 60 + Number(match[2]);
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

function offsetString(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** ISO 8601 at a fixed offset, without luxon's per-call cost (this runs per slot). */
function isoAt(epochMs: number, offsetMinutes: number): string {
  return (
    new Date(epochMs + offsetMinutes * MINUTE).toISOString().slice(0, 19) +
    offsetString(offsetMinutes)
  );
}

function overlapsClosure(start: number, end: number, closures: readonly ClosedPeriod[]): boolean {
  for (const closure of closures) {
    if (start < closure.end.getTime() && closure.start.getTime() < end) return true;
  }
  return false;
}

/**
 * Bookable slots per local date. A slot is listed only when it lies inside opening hours
 * (never across a break or past closing), on a day that is not a holiday or closed, not
 * inside the minimum notice or beyond the maximum advance, and both the slot and the
 * day's limit have room; `remaining` is the smaller of the two.
 */
export function computeAvailability(input: AvailabilityInput): DayAvailability[] {
  const { rules, timezone } = input;
  const isHoliday = input.isHoliday ?? isLatvianPublicHoliday;
  const slotMs = rules.slotMinutes * MINUTE;
  const earliest = input.now.getTime() + rules.minNoticeMinutes * MINUTE;
  const today = DateTime.fromJSDate(input.now, { zone: timezone });
  const lastDate = today.plus({ days: rules.maxAdvanceDays }).toISODate() ?? "";
  const days: DayAvailability[] = [];

  let day = DateTime.fromISO(input.from, { zone: timezone }).startOf("day");
  const end = DateTime.fromISO(input.to, { zone: timezone }).startOf("day");
  for (; day <= end; day = day.plus({ days: 1 })) {
    const date = day.toISODate() ?? "";
    const slots: Slot[] = [];
    days.push({ date, slots });
    if (date > lastDate || rules.capacity <= 0 || slotMs <= 0 || isHoliday(date)) continue;
    const dayRoom =
      rules.dailyLimit === null
        ? Number.POSITIVE_INFINITY
        : rules.dailyLimit - (input.dayBookings.get(date) ?? 0);
    if (dayRoom <= 0) continue;

    for (const [startMinute, endMinute] of openingMinutes(input.schedules, date, day.weekday)) {
      const from = day.set({ hour: Math.floor(startMinute / 60), minute: startMinute % 60 });
      const until = day.set({ hour: Math.floor(endMinute / 60), minute: endMinute % 60 });
      const fromMs = from.toMillis();
      const untilMs = until.toMillis();
      const sameOffset = from.offset === until.offset;
      for (let t = fromMs; t + slotMs <= untilMs; t += slotMs) {
        if (t < earliest) continue;
        if (overlapsClosure(t, t + slotMs, input.closures)) continue;
        const remaining = Math.min(rules.capacity - (input.slotBookings.get(t) ?? 0), dayRoom);
        if (remaining <= 0) continue;
        const startOffset = sameOffset
          ? from.offset
          : DateTime.fromMillis(t, { zone: timezone }).offset;
        const endOffset = sameOffset
          ? from.offset
          : DateTime.fromMillis(t + slotMs, { zone: timezone }).offset;
        slots.push({ start: isoAt(t, startOffset), end: isoAt(t + slotMs, endOffset), remaining });
      }
    }
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
  const candidate = open[0]?.slots.find((slot) => Date.parse(slot.start) === start.getTime());
  if (!candidate) {
    const anyOpen = (open[0]?.slots.length ?? 0) > 0;
    return { ok: false, reason: anyOpen ? "NOT_A_SLOT_START" : "CLOSED" };
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
