import { describe, expect, it } from "vitest";
import { checkSlot, computeAvailability, openingMinutes } from "./engine.ts";
import type { AvailabilityInput, ScheduleRule } from "./types.ts";

const zone = "Europe/Riga";

/** Daugavpils: Mon 8–12, 12.30–16.30 (Liepājas 4: –16.00); Tue–Wed –15.30; Thu 8–12. */
function daugavpilsWeek(mondayEnd = "16:30"): ScheduleRule {
  const intervals = [1, 2, 3, 4].map((weekday) => ({ weekday, start: "08:00", end: "12:00" }));
  intervals.push({ weekday: 1, start: "12:30", end: mondayEnd });
  intervals.push({ weekday: 2, start: "12:30", end: "15:30" });
  intervals.push({ weekday: 3, start: "12:30", end: "15:30" });
  return { kind: "REGULAR", mode: "REPLACE", intervals };
}

function input(overrides: Partial<AvailabilityInput> = {}): AvailabilityInput {
  return {
    timezone: zone,
    from: "2027-03-01",
    to: "2027-03-07",
    now: new Date("2027-02-01T10:00:00Z"),
    rules: {
      slotMinutes: 15,
      capacity: 1,
      dailyLimit: null,
      minNoticeMinutes: 120,
      maxAdvanceDays: 60,
    },
    schedules: [daugavpilsWeek()],
    closures: [],
    slotBookings: new Map(),
    dayBookings: new Map(),
    ...overrides,
  };
}

const day = (result: ReturnType<typeof computeAvailability>, date: string) =>
  result.find((d) => d.date === date)?.slots ?? [];
const times = (slots: { start: string }[]) => slots.map((s) => s.start.slice(11, 16));

describe("the seed's real hours", () => {
  const result = computeAvailability(input());

  it("lists every day of the range, closed ones with no slots", () => {
    expect(result.map((d) => d.date)).toEqual([
      "2027-03-01",
      "2027-03-02",
      "2027-03-03",
      "2027-03-04",
      "2027-03-05",
      "2027-03-06",
      "2027-03-07",
    ]);
    expect(day(result, "2027-03-05")).toEqual([]);
    expect(day(result, "2027-03-06")).toEqual([]);
    expect(day(result, "2027-03-07")).toEqual([]);
  });

  it("Monday 8.00–12.00 and 12.30–16.30 in 15-minute slots, lunch never offered", () => {
    const monday = times(day(result, "2027-03-01"));
    expect(monday).toHaveLength(16 + 16);
    expect(monday[0]).toBe("08:00");
    expect(monday).toContain("11:45");
    expect(monday).not.toContain("12:00");
    expect(monday).not.toContain("12:15");
    expect(monday).toContain("12:30");
    expect(monday.at(-1)).toBe("16:15");
  });

  it("Thursday only until 12.00", () => {
    const thursday = day(result, "2027-03-04");
    expect(thursday).toHaveLength(16);
    expect(thursday.at(-1)?.end).toBe("2027-03-04T12:00:00+02:00");
  });

  it("Liepājas 4 closes at 16.00 on Mondays", () => {
    const liepajas = computeAvailability(input({ schedules: [daugavpilsWeek("16:00")] }));
    expect(times(day(liepajas, "2027-03-01")).at(-1)).toBe("15:45");
  });

  it("gives start and end with the local offset", () => {
    expect(day(result, "2027-03-02")[0]).toEqual({
      start: "2027-03-02T08:00:00+02:00",
      end: "2027-03-02T08:15:00+02:00",
      remaining: 1,
    });
  });

  it("never lets a slot cross a break or closing time", () => {
    const odd = computeAvailability(input({ rules: { ...input().rules, slotMinutes: 40 } }));
    const monday = day(odd, "2027-03-01");
    // 8.00–12.00 fits six 40-minute slots exactly; 12.30–16.30 fits six as well.
    expect(times(monday)).toEqual([
      "08:00",
      "08:40",
      "09:20",
      "10:00",
      "10:40",
      "11:20",
      "12:30",
      "13:10",
      "13:50",
      "14:30",
      "15:10",
      "15:50",
    ]);
    const thursday = computeAvailability(input({ rules: { ...input().rules, slotMinutes: 50 } }));
    expect(day(thursday, "2027-03-04").at(-1)?.end).toBe("2027-03-04T11:20:00+02:00");
  });
});

describe("daylight-saving changes", () => {
  it("uses +02:00 before and +03:00 after the spring change", () => {
    const result = computeAvailability(input({ from: "2027-03-25", to: "2027-03-31" }));
    expect(day(result, "2027-03-25")[0]?.start).toBe("2027-03-25T08:00:00+02:00");
    // 28 Mar is the change (and Easter), 29 Mar Easter Monday: closed.
    expect(day(result, "2027-03-29")).toEqual([]);
    expect(day(result, "2027-03-30")[0]?.start).toBe("2027-03-30T08:00:00+03:00");
    expect(day(result, "2027-03-30")).toHaveLength(16 + 12);
  });

  it("uses +03:00 before and +02:00 after the autumn change", () => {
    const result = computeAvailability(
      input({ from: "2027-10-28", to: "2027-11-01", now: new Date("2027-10-01T00:00:00Z") }),
    );
    expect(day(result, "2027-10-28")[0]?.start).toBe("2027-10-28T08:00:00+03:00");
    expect(day(result, "2027-11-01")[0]?.start).toBe("2027-11-01T08:00:00+02:00");
    expect(day(result, "2027-11-01")).toHaveLength(32);
  });

  const night: ScheduleRule = {
    kind: "REGULAR",
    mode: "REPLACE",
    intervals: [{ weekday: 7, start: "01:00", end: "06:00" }],
  };
  const hourly = {
    slotMinutes: 60,
    capacity: 1,
    dailyLimit: null,
    minNoticeMinutes: 0,
    maxAdvanceDays: 400,
  };

  it("skips the hour that does not exist in spring", () => {
    const result = computeAvailability(
      input({
        from: "2027-03-28",
        to: "2027-03-28",
        schedules: [night],
        rules: hourly,
        isHoliday: () => false,
      }),
    );
    expect(day(result, "2027-03-28").map((s) => `${s.start}/${s.end}`)).toEqual([
      "2027-03-28T01:00:00+02:00/2027-03-28T02:00:00+02:00",
      "2027-03-28T02:00:00+02:00/2027-03-28T04:00:00+03:00",
      "2027-03-28T04:00:00+03:00/2027-03-28T05:00:00+03:00",
      "2027-03-28T05:00:00+03:00/2027-03-28T06:00:00+03:00",
    ]);
  });

  it("closes when the clock first shows the closing time on the autumn change", () => {
    // The property test found this: 01:54–03:00 on 27 Oct 2030 must not run on into
    // the repeated hour (03:00–04:00 happens twice that night).
    const result = computeAvailability(
      input({
        from: "2030-10-27",
        to: "2030-10-27",
        now: new Date("2030-10-01T00:00:00Z"),
        schedules: [
          {
            kind: "REGULAR",
            mode: "REPLACE",
            intervals: [{ weekday: 7, start: "01:54", end: "03:00" }],
          },
        ],
        rules: { ...hourly, slotMinutes: 5 },
        isHoliday: () => false,
      }),
    );
    const slots = day(result, "2030-10-27");
    expect(slots[0]?.start).toBe("2030-10-27T01:54:00+03:00");
    expect(slots.at(-1)?.end).toBe("2030-10-27T02:59:00+03:00"); // 66 minutes hold 13 slots of 5
    expect(slots).toHaveLength(13);
  });

  it("offers the repeated hour twice in autumn", () => {
    const result = computeAvailability(
      input({
        from: "2027-10-31",
        to: "2027-10-31",
        now: new Date("2027-10-01T00:00:00Z"),
        schedules: [night],
        rules: hourly,
      }),
    );
    expect(day(result, "2027-10-31").map((s) => s.start)).toEqual([
      "2027-10-31T01:00:00+03:00",
      "2027-10-31T02:00:00+03:00",
      "2027-10-31T03:00:00+03:00",
      "2027-10-31T03:00:00+02:00",
      "2027-10-31T04:00:00+02:00",
      "2027-10-31T05:00:00+02:00",
    ]);
  });
});

describe("holidays and closures", () => {
  it("closes on public holidays, including a 4 May moved to Monday", () => {
    const result = computeAvailability(
      input({ from: "2025-05-01", to: "2025-05-06", now: new Date("2025-04-01T00:00:00Z") }),
    );
    expect(day(result, "2025-05-01")).toEqual([]); // Thursday, Labour Day
    expect(day(result, "2025-05-05")).toEqual([]); // Monday after 4 May on a Sunday
    expect(day(result, "2025-05-06")).toHaveLength(28); // Tuesday: open
    const november = computeAvailability(
      input({ from: "2026-11-16", to: "2026-11-19", now: new Date("2026-11-01T00:00:00Z") }),
    );
    expect(day(november, "2026-11-18")).toEqual([]); // Wednesday, Proclamation Day
    expect(day(november, "2026-11-19")).toHaveLength(16);
  });

  it("drops slots that touch a closure, and whole days closed", () => {
    const result = computeAvailability(
      input({
        closures: [
          // Tuesday afternoon from 13.00 (local +02:00)
          { start: new Date("2027-03-02T11:00:00Z"), end: new Date("2027-03-02T22:00:00Z") },
          // all of Wednesday
          { start: new Date("2027-03-02T22:00:00Z"), end: new Date("2027-03-03T22:00:00Z") },
          // 10.05–10.20 on Thursday touches two slots
          { start: new Date("2027-03-04T08:05:00Z"), end: new Date("2027-03-04T08:20:00Z") },
        ],
      }),
    );
    const tuesday = times(day(result, "2027-03-02"));
    expect(tuesday.at(-1)).toBe("12:45");
    expect(tuesday).not.toContain("13:00");
    expect(day(result, "2027-03-03")).toEqual([]);
    const thursday = times(day(result, "2027-03-04"));
    expect(thursday).not.toContain("10:00");
    expect(thursday).not.toContain("10:15");
    expect(thursday).toContain("10:30");
  });
});

describe("seasonal schedules: gift packages at Liepājas 4", () => {
  const gifts: ScheduleRule[] = [
    ...["2026-12-21", "2026-12-22", "2026-12-28", "2026-12-29"].map((date) => ({
      kind: "SEASONAL" as const,
      mode: "REPLACE" as const,
      validFrom: date,
      validTo: date,
      intervals: [
        { weekday: new Date(`${date}T12:00:00Z`).getUTCDay(), start: "08:00", end: "16:00" },
      ],
    })),
    {
      kind: "SEASONAL",
      mode: "REPLACE",
      validFrom: "2027-01-04",
      validTo: "2027-01-31",
      intervals: [1, 2, 3, 4].map((weekday) => ({ weekday, start: "08:00", end: "16:00" })),
    },
  ];
  const result = computeAvailability(
    input({
      from: "2026-12-14",
      to: "2027-02-02",
      now: new Date("2026-12-01T08:00:00Z"),
      schedules: gifts,
      rules: {
        slotMinutes: 10,
        capacity: 3,
        dailyLimit: null,
        minNoticeMinutes: 120,
        maxAdvanceDays: 90,
      },
    }),
  );
  const open = result.filter((d) => d.slots.length > 0).map((d) => d.date);

  it("hands out on 21, 22, 28, 29 Dec 8.00–16.00, then Monday to Thursday in January", () => {
    expect(open.slice(0, 4)).toEqual(["2026-12-21", "2026-12-22", "2026-12-28", "2026-12-29"]);
    expect(open[4]).toBe("2027-01-04");
    expect(open.at(-1)).toBe("2027-01-28");
    expect(open).toHaveLength(4 + 16);
    expect(day(result, "2026-12-21")).toHaveLength(48);
    expect(day(result, "2026-12-21").at(-1)?.end).toBe("2026-12-21T16:00:00+02:00");
    expect(day(result, "2026-12-21")[0]?.remaining).toBe(3);
  });

  it("is closed outside the season", () => {
    expect(open.every((date) => date >= "2026-12-21" && date <= "2027-01-31")).toBe(true);
  });

  it("ADD schedules extend the regular week on their dates", () => {
    const extra: ScheduleRule = {
      kind: "SEASONAL",
      mode: "ADD",
      validFrom: "2027-03-04",
      validTo: "2027-03-04",
      intervals: [{ weekday: 4, start: "12:00", end: "14:00" }],
    };
    const withExtra = computeAvailability(input({ schedules: [daugavpilsWeek(), extra] }));
    const thursday = times(day(withExtra, "2027-03-04"));
    expect(thursday).toHaveLength(16 + 8);
    expect(thursday.at(-1)).toBe("13:45");
    expect(openingMinutes([daugavpilsWeek(), extra], "2027-03-04", 4)).toEqual([[480, 840]]);
  });
});

describe("notice, advance, capacity and daily limits", () => {
  it("offers nothing in the past or inside the minimum notice", () => {
    // Now: Tuesday 2 Mar 10.00 local (08:00Z); two hours' notice → first slot 12.00 → 12.30.
    const result = computeAvailability(input({ now: new Date("2027-03-02T08:00:00Z") }));
    expect(day(result, "2027-03-01")).toEqual([]);
    expect(times(day(result, "2027-03-02"))[0]).toBe("12:30");
  });

  it("offers nothing beyond the maximum advance", () => {
    const result = computeAvailability(
      input({ from: "2027-03-29", to: "2027-04-06", now: new Date("2027-03-01T10:00:00Z") }),
    );
    // 1 Mar + 35 days = 5 Apr (Easter Monday is 29 Mar).
    const limited = computeAvailability(
      input({
        from: "2027-03-29",
        to: "2027-04-06",
        now: new Date("2027-03-01T10:00:00Z"),
        rules: { ...input().rules, maxAdvanceDays: 35 },
      }),
    );
    expect(day(result, "2027-04-06").length).toBeGreaterThan(0);
    expect(day(limited, "2027-04-05").length).toBeGreaterThan(0);
    expect(day(limited, "2027-04-06")).toEqual([]);
  });

  it("counts places taken per slot", () => {
    const first = Date.parse("2027-03-02T06:00:00Z"); // 08:00 local
    const second = Date.parse("2027-03-02T06:15:00Z");
    const result = computeAvailability(
      input({
        rules: { ...input().rules, capacity: 2 },
        slotBookings: new Map([
          [first, 2],
          [second, 1],
        ]),
      }),
    );
    const tuesday = day(result, "2027-03-02");
    expect(tuesday[0]).toMatchObject({ start: "2027-03-02T08:15:00+02:00", remaining: 1 });
    expect(tuesday[1]).toMatchObject({ start: "2027-03-02T08:30:00+02:00", remaining: 2 });
  });

  it("closes a day whose limit is reached and caps remaining by the day's room", () => {
    const result = computeAvailability(
      input({
        rules: { ...input().rules, capacity: 3, dailyLimit: 2 },
        dayBookings: new Map([
          ["2027-03-01", 2],
          ["2027-03-02", 1],
        ]),
      }),
    );
    expect(day(result, "2027-03-01")).toEqual([]);
    expect(day(result, "2027-03-02").every((slot) => slot.remaining === 1)).toBe(true);
    expect(day(result, "2027-03-03").every((slot) => slot.remaining === 2)).toBe(true);
  });
});

describe("checkSlot", () => {
  const base = input();
  it("accepts an offered slot start", () => {
    const check = checkSlot(base, new Date("2027-03-02T06:00:00Z"));
    expect(check).toMatchObject({ ok: true, date: "2027-03-02", slot: { remaining: 1 } });
  });
  it.each([
    ["2027-03-02T06:05:00Z", "NOT_A_SLOT_START"],
    ["2027-03-02T10:10:00Z", "CLOSED"], // 12.10, lunch
    ["2027-03-02T10:00:00Z", "CLOSED"], // 12.00, lunch
    ["2027-03-05T06:00:00Z", "CLOSED"], // Friday
    ["2027-06-01T06:00:00Z", "TOO_FAR_AHEAD"],
  ])("refuses %s as %s", (start, reason) => {
    expect(checkSlot(base, new Date(start))).toEqual({ ok: false, reason });
  });
  it("refuses a start inside the notice or in the past", () => {
    const now = new Date("2027-03-02T06:00:00Z");
    expect(checkSlot({ ...base, now }, new Date("2027-03-02T06:30:00Z"))).toEqual({
      ok: false,
      reason: "TOO_SOON",
    });
    expect(checkSlot({ ...base, now }, new Date("2027-03-01T06:30:00Z"))).toEqual({
      ok: false,
      reason: "TOO_SOON",
    });
  });
  it("refuses a full slot", () => {
    const start = new Date("2027-03-02T06:00:00Z");
    const check = checkSlot({ ...base, slotBookings: new Map([[start.getTime(), 1]]) }, start);
    expect(check).toEqual({ ok: false, reason: "FULL" });
  });
});
