import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../src/seed/seed.ts";
import { giftSeasonSchedules } from "../src/seed/seed-data.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/test-database.ts";

let db: TestDatabase;
const now = new Date("2026-11-23T10:00:00Z");

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

async function snapshot() {
  const p = db.prisma;
  return {
    organisations: await p.organisation.findMany({ orderBy: { slug: "asc" } }),
    points: await p.servicePoint.findMany({ orderBy: { slug: "asc" } }),
    services: await p.service.findMany({ orderBy: [{ servicePointId: "asc" }, { slug: "asc" }] }),
    schedules: await p.schedule.count(),
    intervals: await p.scheduleInterval.count(),
  };
}

describe("seed", () => {
  it("loads the organisations, points and services of DOMAIN.md", async () => {
    const result = await seed(db.prisma, { now });
    expect(result.created).toEqual(["daugavpils", "koknese"]);
    const points = await db.prisma.servicePoint.findMany({
      include: { organisation: true, services: true },
    });
    const slugs = Object.fromEntries(
      points.map((p) => [p.slug, p.services.map((s) => s.slug).sort()]),
    );
    expect(slugs).toEqual({
      "lacplesa-39": ["consultation"],
      "liepajas-4": ["consultation", "gift-packages"],
      "saura-28": ["consultation"],
      "vienibas-8": ["consultation"],
      // The two units the notice lists as seeing clients only by appointment.
      "socialo-pakalpojumu-nodala": ["consultation"],
      "asistentu-pakalpojumu-sektors": ["consultation"],
      koknese: ["consultation", "laundry", "shower"],
    });
    const koknese = points.find((p) => p.slug === "koknese");
    const limits = Object.fromEntries(koknese?.services.map((s) => [s.slug, s.dailyLimit]) ?? []);
    expect(limits).toEqual({ shower: 2, laundry: 2, consultation: null });
  });

  it("gives Thursday hours only until 12.00 and Liepājas 4 Monday until 16.00", async () => {
    const intervals = await db.prisma.scheduleInterval.findMany({
      where: {
        schedule: { kind: "REGULAR", serviceId: null, servicePoint: { slug: "liepajas-4" } },
      },
    });
    const monday = intervals
      .filter((i) => i.weekday === 1)
      .map((i) => `${i.startTime}-${i.endTime}`);
    const thursday = intervals
      .filter((i) => i.weekday === 4)
      .map((i) => `${i.startTime}-${i.endTime}`);
    expect(monday.sort()).toEqual(["08:00-12:00", "12:30-16:00"]);
    expect(thursday).toEqual(["08:00-12:00"]);
    expect(intervals.some((i) => i.weekday >= 5)).toBe(false);
  });

  it("plans the coming gift-package season, 21 Dec – 31 Jan", async () => {
    const schedules = await db.prisma.schedule.findMany({
      where: { service: { slug: "gift-packages" } },
      include: { intervals: true },
      orderBy: { validFrom: "asc" },
    });
    const days = schedules.map((s) => s.validFrom?.toISOString().slice(0, 10));
    expect(days).toEqual(["2026-12-21", "2026-12-22", "2026-12-28", "2026-12-29", "2027-01-04"]);
    expect(schedules.at(-1)?.validTo?.toISOString().slice(0, 10)).toBe("2027-01-31");
    expect(
      schedules
        .at(-1)
        ?.intervals.map((i) => i.weekday)
        .sort(),
    ).toEqual([1, 2, 3, 4]);
    expect(schedules.every((s) => s.kind === "SEASONAL")).toBe(true);
  });

  it("changes nothing when run again", async () => {
    const before = await snapshot();
    const again = await seed(db.prisma, { now: new Date("2027-01-10T10:00:00Z") });
    expect(again.created).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });
});

describe("giftSeasonSchedules", () => {
  it("in January still means the season that began in December", () => {
    const january = giftSeasonSchedules("2027-01-15");
    expect(january[0]?.validFrom).toBe("2026-12-21");
    const summer = giftSeasonSchedules("2027-06-01");
    expect(summer[0]?.validFrom).toBe("2027-12-21");
    expect(summer[0]?.intervals[0]?.weekdays).toEqual([2]);
  });
});
