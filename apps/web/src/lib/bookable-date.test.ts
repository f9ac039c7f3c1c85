import { describe, expect, it } from "vitest";
import { bookableDate, MAX_ADVANCE_DAYS } from "./bookable-date.ts";

const today = "2026-11-23";

describe("bookableDate", () => {
  it("keeps a date from the first of this month to the end of the booking window", () => {
    expect(bookableDate("2026-11-01", today)).toBe("2026-11-01");
    expect(bookableDate("2026-11-23", today)).toBe("2026-11-23");
    expect(bookableDate("2027-01-21", today, 60)).toBe("2027-01-21");
    expect(bookableDate("2028-02-29", today)).toBe("2028-02-29");
  });

  it("drops a date beyond the service's window, or any window", () => {
    expect(bookableDate("2027-01-23", today, 60)).toBeUndefined();
    expect(bookableDate("9999-01-01", today)).toBeUndefined();
    expect(bookableDate("2028-11-23", today, MAX_ADVANCE_DAYS)).toBeUndefined();
  });

  it("drops a date before this month", () => {
    expect(bookableDate("2026-10-31", today)).toBeUndefined();
    expect(bookableDate("0001-01-01", today)).toBeUndefined();
  });

  it("drops what is not a date", () => {
    for (const value of [
      null,
      undefined,
      "",
      "2026-11",
      "2026-13-01",
      "2026-02-30",
      "2027-02-29",
      "23.11.2026",
      "2026-11-23T00:00",
      "+02026-11-23",
    ]) {
      expect(bookableDate(value, today), String(value)).toBeUndefined();
    }
  });
});
