import type { AvailabilityResponse } from "@pieraksts/contracts";
import { computeAvailability } from "@pieraksts/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { serializeAvailability } from "./availability-json.ts";

const week = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "08:00", end: "17:00" }));

describe("serializeAvailability", () => {
  it("writes exactly what JSON.stringify writes, for the engine's answers", () => {
    fc.assert(
      fc.property(
        // Any range of up to 62 days in 2026–2028, DST changes and holidays included.
        fc.integer({ min: 0, max: 3 * 365 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 5, max: 120 }),
        fc.integer({ min: 1, max: 5 }),
        (offset, length, slotMinutes, capacity) => {
          const day = (n: number) =>
            new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
          const days = computeAvailability({
            timezone: "Europe/Riga",
            from: day(offset),
            to: day(offset + length),
            now: new Date("2025-12-01T00:00:00Z"),
            rules: {
              slotMinutes,
              capacity,
              dailyLimit: null,
              minNoticeMinutes: 0,
              maxAdvanceDays: 730,
            },
            schedules: [{ kind: "REGULAR", mode: "REPLACE", intervals: week }],
            closures: [],
            slotBookings: new Map(),
            dayBookings: new Map(),
          });
          const response: AvailabilityResponse = {
            timezone: "Europe/Riga",
            servicePoint: "lacplesa-39",
            service: "consultation",
            days,
          };
          expect(serializeAvailability(response)).toBe(JSON.stringify(response));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("escapes what comes from outside the engine, and writes empty days", () => {
    const response: AvailabilityResponse = {
      timezone: 'Bad "zone"\\\n',
      servicePoint: "a\u2028b",
      service: "ē-ü",
      days: [
        { date: "2026-11-23", slots: [], remaining: 0 },
        {
          date: "2026-11-24",
          slots: [
            { start: "2026-11-24T08:00:00+02:00", end: "2026-11-24T08:15:00+02:00", remaining: 3 },
          ],
          remaining: 3,
        },
      ],
    };
    expect(serializeAvailability(response)).toBe(JSON.stringify(response));
    expect(JSON.parse(serializeAvailability({ ...response, days: [] }))).toEqual({
      ...response,
      days: [],
    });
  });
});
