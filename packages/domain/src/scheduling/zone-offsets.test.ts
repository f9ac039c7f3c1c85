import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { ZoneOffsets } from "./zone-offsets.ts";

const start = Date.UTC(2025, 0, 1);
const end = Date.UTC(2031, 0, 1);

describe("ZoneOffsets agrees with luxon", () => {
  for (const zone of ["Europe/Riga", "America/New_York", "Australia/Lord_Howe", "UTC"]) {
    const offsets = new ZoneOffsets(zone, start, end);

    it(`${zone}: offsets at any instant`, () => {
      fc.assert(
        fc.property(fc.integer({ min: start, max: end }), (ms) => {
          expect(offsets.at(ms)).toBe(DateTime.fromMillis(ms, { zone }).offset);
        }),
        { numRuns: 500 },
      );
    });

    it(`${zone}: the instant of a local wall-clock time that exists once`, () => {
      const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
      fc.assert(
        fc.property(
          fc.integer({ min: start / 60_000 + 1440, max: end / 60_000 - 1440 }),
          (minute) => {
            const wall = minute * 60_000;
            // Skipped and repeated times have no single answer; Riga's are tested below.
            const candidates = new Set([
              offsetAt(wall - 14 * 3_600_000),
              offsetAt(wall + 14 * 3_600_000),
            ]);
            const valid = [...candidates].filter((o) => offsetAt(wall - o * 60_000) === o);
            fc.pre(valid.length === 1);
            const w = new Date(wall);
            const expected = DateTime.fromObject(
              {
                year: w.getUTCFullYear(),
                month: w.getUTCMonth() + 1,
                day: w.getUTCDate(),
                hour: w.getUTCHours(),
                minute: w.getUTCMinutes(),
              },
              { zone },
            ).toMillis();
            expect(offsets.instantOf(wall)).toBe(expected);
          },
        ),
        { numRuns: 500 },
      );
    });
  }

  it("around Riga's changes: a skipped time moves forward, a repeated one is the first", () => {
    const riga = new ZoneOffsets("Europe/Riga", start, end);
    // 28 Mar 2027 03:30 does not exist: 04:30+03:00 = 01:30Z.
    expect(new Date(riga.instantOf(Date.UTC(2027, 2, 28, 3, 30))).toISOString()).toBe(
      "2027-03-28T01:30:00.000Z",
    );
    // 31 Oct 2027 03:30 happens twice; the first, at +03:00, is 00:30Z.
    expect(new Date(riga.instantOf(Date.UTC(2027, 9, 31, 3, 30))).toISOString()).toBe(
      "2027-10-31T00:30:00.000Z",
    );
  });
});

describe("ZoneOffsets.covering (shared spans of whole years)", () => {
  it("answers as an instance made for exactly the span asked", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("Europe/Riga", "America/New_York", "Australia/Lord_Howe"),
        fc.integer({ min: start, max: end - 70 * 86_400_000 }),
        fc.integer({ min: 0, max: 70 * 86_400_000 }),
        (zone, from, length) => {
          // `instantOf` looks 14 hours either side of the time asked, so the instance to
          // compare with covers a day more each way (one made for exactly [from, from]
          // knows no change before `from`: the property once failed on a span starting
          // at the instant Riga moved its clocks, 2029-03-25T01:00Z).
          const exact = new ZoneOffsets(zone, from - 86_400_000, from + length + 86_400_000);
          const shared = ZoneOffsets.covering(zone, from, from + length);
          for (let ms = from; ms <= from + length; ms += 3_600_000 * 7) {
            expect(shared.at(ms)).toBe(exact.at(ms));
            expect(shared.instantOf(ms)).toBe(exact.instantOf(ms));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("is right on a span that starts at the instant the clocks change", () => {
    // Riga, 25 Mar 2029: 03:00 local (+02:00) becomes 04:00 (+03:00) at 01:00Z.
    const change = Date.UTC(2029, 2, 25, 1);
    const shared = ZoneOffsets.covering("Europe/Riga", change, change);
    expect(shared.at(change - 1)).toBe(120);
    expect(shared.at(change)).toBe(180);
    // 01:00 local that morning is before the change: 23:00Z the day before.
    expect(new Date(shared.instantOf(change)).toISOString()).toBe("2029-03-24T23:00:00.000Z");
  });

  it("is made once per zone and years", () => {
    const a = ZoneOffsets.covering("Europe/Riga", Date.UTC(2027, 2, 1), Date.UTC(2027, 3, 1));
    const b = ZoneOffsets.covering("Europe/Riga", Date.UTC(2027, 5, 1), Date.UTC(2027, 6, 1));
    const c = ZoneOffsets.covering("Europe/Riga", Date.UTC(2027, 11, 1), Date.UTC(2028, 0, 5));
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(
      ZoneOffsets.covering("America/New_York", Date.UTC(2027, 2, 1), Date.UTC(2027, 3, 1)),
    ).not.toBe(a);
  });
});
