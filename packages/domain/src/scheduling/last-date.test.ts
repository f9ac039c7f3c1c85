import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { lastBookableDate } from "./engine.ts";

describe("lastBookableDate", () => {
  it("is luxon's local date of now plus the days, in any zone and around any change", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("Europe/Riga", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"),
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2031, 0, 1) }),
        fc.integer({ min: 0, max: 730 }),
        (zone, ms, days) => {
          const expected = DateTime.fromMillis(ms, { zone }).plus({ days }).toISODate();
          expect(lastBookableDate(zone, new Date(ms), days)).toBe(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("at Riga's midnight, both sides of it", () => {
    // 1 Jan 2027 00:00 in Riga is 31 Dec 2026 22:00Z.
    expect(lastBookableDate("Europe/Riga", new Date("2026-12-31T21:59:59.999Z"), 0)).toBe(
      "2026-12-31",
    );
    expect(lastBookableDate("Europe/Riga", new Date("2026-12-31T22:00:00Z"), 60)).toBe(
      "2027-03-02",
    );
  });
});
