import { describe, expect, it } from "vitest";
import { rigaInstant, shiftDate, todayInRiga } from "./riga-time.ts";

describe("Riga wall-clock times", () => {
  it("uses the winter and the summer offset", () => {
    expect(rigaInstant("2026-11-24", "13:00")).toBe("2026-11-24T13:00:00+02:00");
    expect(rigaInstant("2026-06-24", "13:00")).toBe("2026-06-24T13:00:00+03:00");
    expect(rigaInstant("2026-11-24", "24:00")).toBe("2026-11-25T00:00:00+02:00");
  });
  it("reads today's date in Riga, not UTC", () => {
    expect(todayInRiga(new Date("2026-11-23T22:30:00Z"))).toBe("2026-11-24");
  });
});

describe("shiftDate", () => {
  it("moves across months, years and the clock changes", () => {
    expect(shiftDate("2026-10-24", 1)).toBe("2026-10-25");
    expect(shiftDate("2026-12-31", 1)).toBe("2027-01-01");
    expect(shiftDate("2026-03-01", -1)).toBe("2026-02-28");
  });
});
