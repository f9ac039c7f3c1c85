import { describe, expect, it } from "vitest";
import { easterSunday, isLatvianPublicHoliday, latvianPublicHolidays } from "./holidays.ts";

/**
 * Latvia's public holidays 2025–2030 as the law lists them (Easter by the Western
 * calendar; 4 May and 18 Nov moved to Monday when on a weekend), written out by hand.
 */
const official: Record<number, string[]> = {
  2025: [
    "01-01",
    "04-18",
    "04-20",
    "04-21",
    "05-01",
    "05-05",
    "05-11",
    "06-08",
    "06-23",
    "06-24",
    "11-18",
    "12-24",
    "12-25",
    "12-26",
    "12-31",
  ],
  2026: [
    "01-01",
    "04-03",
    "04-05",
    "04-06",
    "05-01",
    "05-04",
    "05-10",
    "05-24",
    "06-23",
    "06-24",
    "11-18",
    "12-24",
    "12-25",
    "12-26",
    "12-31",
  ],
  2027: [
    "01-01",
    "03-26",
    "03-28",
    "03-29",
    "05-01",
    "05-04",
    "05-09",
    "05-16",
    "06-23",
    "06-24",
    "11-18",
    "12-24",
    "12-25",
    "12-26",
    "12-31",
  ],
  2028: [
    "01-01",
    "04-14",
    "04-16",
    "04-17",
    "05-01",
    "05-04",
    "05-14",
    "06-04",
    "06-23",
    "06-24",
    "11-20",
    "12-24",
    "12-25",
    "12-26",
    "12-31",
  ],
  2029: [
    "01-01",
    "03-30",
    "04-01",
    "04-02",
    "05-01",
    "05-04",
    "05-13",
    "05-20",
    "06-23",
    "06-24",
    "11-19",
    "12-24",
    "12-25",
    "12-26",
    "12-31",
  ],
  2030: [
    "01-01",
    "04-19",
    "04-21",
    "04-22",
    "05-01",
    "05-06",
    "05-12",
    "06-09",
    "06-23",
    "06-24",
    "11-18",
    "12-24",
    "12-25",
    "12-26",
    "12-31",
  ],
};

describe("latvianPublicHolidays", () => {
  for (const [year, dates] of Object.entries(official)) {
    it(`matches the official list for ${year}`, () => {
      expect(latvianPublicHolidays(Number(year)).map((h) => h.date)).toEqual(
        dates.map((d) => `${year}-${d}`),
      );
    });
  }

  it("moves 4 May and 18 Nov from a weekend to Monday", () => {
    expect(isLatvianPublicHoliday("2025-05-04")).toBe(false); // Sunday
    expect(isLatvianPublicHoliday("2025-05-05")).toBe(true);
    expect(isLatvianPublicHoliday("2028-11-18")).toBe(false); // Saturday
    expect(isLatvianPublicHoliday("2028-11-20")).toBe(true);
    expect(isLatvianPublicHoliday("2029-11-19")).toBe(true); // from Sunday
  });

  it("names every holiday in three languages", () => {
    for (const holiday of latvianPublicHolidays(2027)) {
      expect(holiday.name.lv && holiday.name.ru && holiday.name.en).toBeTruthy();
    }
  });

  it("computes Easter for known years", () => {
    expect(easterSunday(2024)).toEqual([3, 31]);
    expect(easterSunday(2038)).toEqual([4, 25]);
    expect(easterSunday(2285)).toEqual([3, 22]);
  });
});
