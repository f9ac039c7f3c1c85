import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { computeAvailability, openingMinutes } from "./engine.ts";
import { isLatvianPublicHoliday } from "./holidays.ts";
import type { AvailabilityInput, ScheduleRule } from "./types.ts";

const zone = "Europe/Riga";
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

const arbInterval = fc
  .record({
    weekday: fc.integer({ min: 1, max: 7 }),
    start: fc.integer({ min: 0, max: 23 * 60 }),
    length: fc.integer({ min: 5, max: 10 * 60 }),
  })
  .map(({ weekday, start, length }) => ({
    weekday,
    start: hhmm(start),
    end: hhmm(Math.min(start + length, 23 * 60 + 59)),
  }));

const arbDate = fc
  .integer({ min: 0, max: 6 * 365 })
  .map(
    (offset) => DateTime.fromISO("2025-01-01", { zone }).plus({ days: offset }).toISODate() ?? "",
  );

const arbSchedule: fc.Arbitrary<ScheduleRule> = fc.oneof(
  fc.record({
    kind: fc.constant("REGULAR" as const),
    mode: fc.constant("REPLACE" as const),
    intervals: fc.array(arbInterval, { maxLength: 8 }),
  }),
  fc
    .record({
      kind: fc.constant("SEASONAL" as const),
      mode: fc.constantFrom("REPLACE" as const, "ADD" as const),
      from: arbDate,
      days: fc.integer({ min: 0, max: 40 }),
      intervals: fc.array(arbInterval, { maxLength: 6 }),
    })
    .map(({ from, days, ...rest }) => ({
      ...rest,
      validFrom: from,
      validTo: DateTime.fromISO(from).plus({ days }).toISODate(),
    })),
);

const arbInput: fc.Arbitrary<AvailabilityInput> = fc
  .record({
    from: arbDate,
    days: fc.integer({ min: 0, max: 20 }),
    nowOffsetHours: fc.integer({ min: -24 * 30, max: 24 * 10 }),
    slotMinutes: fc.constantFrom(5, 10, 15, 20, 30, 45, 60, 90),
    capacity: fc.integer({ min: 1, max: 4 }),
    dailyLimit: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
    minNoticeMinutes: fc.integer({ min: 0, max: 48 * 60 }),
    maxAdvanceDays: fc.integer({ min: 0, max: 90 }),
    schedules: fc.array(arbSchedule, { minLength: 1, maxLength: 4 }),
    closures: fc.array(
      fc.record({
        startHour: fc.integer({ min: 0, max: 24 * 20 }),
        hours: fc.integer({ min: 1, max: 48 }),
      }),
      { maxLength: 3 },
    ),
    bookedSlots: fc.array(
      fc.record({
        hour: fc.integer({ min: 0, max: 24 * 20 }),
        taken: fc.integer({ min: 0, max: 4 }),
      }),
      {
        maxLength: 10,
      },
    ),
    bookedDays: fc.array(
      fc.record({ day: fc.integer({ min: 0, max: 20 }), taken: fc.integer({ min: 0, max: 10 }) }),
      {
        maxLength: 5,
      },
    ),
  })
  .map((r) => {
    const start = DateTime.fromISO(r.from, { zone });
    const at = (hours: number) => start.plus({ hours }).toJSDate();
    return {
      timezone: zone,
      from: r.from,
      to: start.plus({ days: r.days }).toISODate() ?? r.from,
      now: at(r.nowOffsetHours),
      rules: {
        slotMinutes: r.slotMinutes,
        capacity: r.capacity,
        dailyLimit: r.dailyLimit,
        minNoticeMinutes: r.minNoticeMinutes,
        maxAdvanceDays: r.maxAdvanceDays,
      },
      schedules: r.schedules,
      closures: r.closures.map((c) => ({ start: at(c.startHour), end: at(c.startHour + c.hours) })),
      slotBookings: new Map(r.bookedSlots.map((b) => [at(b.hour).getTime(), b.taken])),
      dayBookings: new Map(
        r.bookedDays.map((b) => [start.plus({ days: b.day }).toISODate() ?? "", b.taken]),
      ),
    };
  });

const runs = { numRuns: 300 };

describe("availability invariants (property-based)", () => {
  it("every slot lies inside the opening hours of its own date, never in a break", () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        for (const day of computeAvailability(input)) {
          for (const slot of day.slots) {
            const start = DateTime.fromISO(slot.start, { zone });
            const end = DateTime.fromISO(slot.end, { zone });
            expect(start.toISODate()).toBe(day.date);
            const open = openingMinutes(input.schedules, day.date, start.weekday);
            const dayStart = start.startOf("day");
            const inside = open.some(([from, until]) => {
              const fromMs = dayStart
                .set({ hour: Math.floor(from / 60), minute: from % 60 })
                .toMillis();
              const untilMs = dayStart
                .set({ hour: Math.floor(until / 60), minute: until % 60 })
                .toMillis();
              return start.toMillis() >= fromMs && end.toMillis() <= untilMs;
            });
            expect(inside).toBe(true);
            expect(end.toMillis() - start.toMillis()).toBe(input.rules.slotMinutes * 60_000);
          }
        }
      }),
      runs,
    );
  });

  it("no slot on a holiday, in a closure, in the past, inside the notice or beyond the advance", () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const earliest = input.now.getTime() + input.rules.minNoticeMinutes * 60_000;
        const lastDate =
          DateTime.fromJSDate(input.now, { zone })
            .plus({ days: input.rules.maxAdvanceDays })
            .toISODate() ?? "";
        for (const day of computeAvailability(input)) {
          if (isLatvianPublicHoliday(day.date) || day.date > lastDate)
            expect(day.slots).toEqual([]);
          for (const slot of day.slots) {
            const start = Date.parse(slot.start);
            const end = Date.parse(slot.end);
            expect(start).toBeGreaterThanOrEqual(earliest);
            for (const closure of input.closures) {
              expect(start < closure.end.getTime() && closure.start.getTime() < end).toBe(false);
            }
          }
        }
      }),
      runs,
    );
  });

  it("slots are ordered and never overlap; remaining is within 1..capacity and the day's room", () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        let previousEnd = Number.NEGATIVE_INFINITY;
        for (const day of computeAvailability(input)) {
          const room =
            input.rules.dailyLimit === null
              ? Number.POSITIVE_INFINITY
              : input.rules.dailyLimit - (input.dayBookings.get(day.date) ?? 0);
          for (const slot of day.slots) {
            expect(Date.parse(slot.start)).toBeGreaterThanOrEqual(previousEnd);
            previousEnd = Date.parse(slot.end);
            expect(slot.remaining).toBeGreaterThanOrEqual(1);
            expect(slot.remaining).toBeLessThanOrEqual(input.rules.capacity);
            expect(slot.remaining).toBeLessThanOrEqual(room);
          }
          // What a screen reader hears for the day: what can really be booked.
          const places = day.slots.reduce((sum, slot) => sum + slot.remaining, 0);
          expect(day.remaining).toBe(Math.max(0, Math.min(places, room)));
        }
      }),
      runs,
    );
  });

  it("a booking never adds slots or places", () => {
    fc.assert(
      fc.property(arbInput, fc.nat(), (input, pick) => {
        const before = computeAvailability(input);
        const all = before.flatMap((day) => day.slots.map((slot) => ({ day: day.date, slot })));
        fc.pre(all.length > 0);
        const chosen = all[pick % all.length];
        if (!chosen) return;
        const t = Date.parse(chosen.slot.start);
        const after = computeAvailability({
          ...input,
          slotBookings: new Map(input.slotBookings).set(t, (input.slotBookings.get(t) ?? 0) + 1),
          dayBookings: new Map(input.dayBookings).set(
            chosen.day,
            (input.dayBookings.get(chosen.day) ?? 0) + 1,
          ),
        });
        const places = (days: typeof before) =>
          days.reduce((sum, day) => sum + day.slots.reduce((s, slot) => s + slot.remaining, 0), 0);
        const count = (days: typeof before) => days.reduce((sum, day) => sum + day.slots.length, 0);
        expect(count(after)).toBeLessThanOrEqual(count(before));
        expect(places(after)).toBeLessThan(places(before));
        const afterStarts = new Set(after.flatMap((day) => day.slots.map((slot) => slot.start)));
        const beforeStarts = new Set(all.map((entry) => entry.slot.start));
        for (const start of afterStarts) expect(beforeStarts.has(start)).toBe(true);
      }),
      runs,
    );
  });
});
