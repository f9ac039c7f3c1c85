import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { computeAvailability } from "./engine.ts";

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** Slot strings are put together from parts (decision 028); luxon says what they must be. */
describe("slot start and end strings", () => {
  it("are luxon's ISO 8601 of the instant in the zone, across offset changes and midnight", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("Europe/Riga", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"),
        // Ranges around every March, April, October and November of 2025–2030.
        fc.integer({ min: 2025, max: 2030 }),
        fc.constantFrom(2, 3, 9, 10),
        fc.integer({ min: 0, max: 27 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 1, max: 240 }),
        fc.array(
          fc.record({
            weekday: fc.integer({ min: 1, max: 7 }),
            start: fc.integer({ min: 0, max: 1439 }),
            length: fc.integer({ min: 1, max: 1440 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        (zone, year, month, day, days, slotMinutes, intervals) => {
          const from = new Date(Date.UTC(year, month, 1 + day)).toISOString().slice(0, 10);
          const to = new Date(Date.UTC(year, month, 1 + day + days)).toISOString().slice(0, 10);
          const result = computeAvailability({
            timezone: zone,
            from,
            to,
            now: new Date(Date.UTC(year, month - 1, 1)),
            rules: {
              slotMinutes,
              capacity: 1,
              dailyLimit: null,
              minNoticeMinutes: 0,
              maxAdvanceDays: 730,
            },
            schedules: [
              {
                kind: "REGULAR",
                mode: "REPLACE",
                intervals: intervals.map((i) => ({
                  weekday: i.weekday,
                  start: hhmm(i.start),
                  end: i.start + i.length >= 1440 ? "24:00" : hhmm(i.start + i.length),
                })),
              },
            ],
            closures: [],
            slotBookings: new Map(),
            dayBookings: new Map(),
            isHoliday: () => false,
          });
          const iso = (text: string) =>
            DateTime.fromMillis(Date.parse(text), { zone }).toISO({ suppressMilliseconds: true });
          for (const { slots } of result) {
            for (const slot of slots) {
              expect(slot.start).toBe(iso(slot.start));
              expect(slot.end).toBe(iso(slot.end));
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
